/**
 * @module store/store
 * The one narrow store interface used by the CLI, the survey runner and the API.
 * SQLite (better-sqlite3) is the embedded default; PostgreSQL + PostGIS (store/postgres/) serves a
 * team. The repositories are written over kysely and shared, except where PostGIS differs (fields as
 * geometries); each dialect has its own migrations with the same versions (store/open-store.ts chooses).
 */
import type { Kysely } from "kysely";
import type { Database } from "./schema.ts";
import { createFigureRepository, type FigureRepository } from "./figure-repository.ts";
import { createSurveyRepository, type SurveyRepository } from "./survey-repository.ts";
import { createAuthRepository, type AuthRepository } from "./auth-repository.ts";
import { changeLabelScope, createLabelRepository, type LabelRepository } from "./label-repository.ts";
import { createChangeRepository, type ChangeRepository } from "./change-repository.ts";
import { createRouteRepository, type RouteRepository } from "./route-repository.ts";

export interface Store {
  /** Where the store lives (a file path, ":memory:", or a connection URL without password). */
  readonly location: string;
  readonly figures: FigureRepository;
  readonly surveys: SurveyRepository;
  readonly auth: AuthRepository;
  /** Reference labels of surveys (append-only), their uses and the interpreters' assignments. */
  readonly labels: LabelRepository;
  readonly changes: ChangeRepository;
  /** Reference labels of change surveys stored as designs (per unit and date t1/t2; append-only, migration 12). */
  readonly changeLabels: LabelRepository;
  /** Stored route analyses (migration 8). */
  readonly routes: RouteRepository;
  close(): Promise<void>;
}

/** Build the repositories over a kysely instance whose schema is already migrated. */
export function storeOver(db: Kysely<Database>, location: string, close: () => Promise<void>): Store {
  return {
    location,
    figures: createFigureRepository(db),
    surveys: createSurveyRepository(db),
    auth: createAuthRepository(db),
    labels: createLabelRepository(db),
    changes: createChangeRepository(db),
    changeLabels: createLabelRepository(db, changeLabelScope),
    routes: createRouteRepository(db),
    close,
  };
}
