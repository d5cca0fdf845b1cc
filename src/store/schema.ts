/**
 * @module store/schema
 * The store's tables as kysely types. Each domain declares its tables in its
 * own file under `store/`; this file joins them into one `Database` type.
 */
import type { FigureTables } from "./figure-tables.ts";
import type { SurveyTables } from "./survey-tables.ts";
import type { AuthTables } from "./auth-tables.ts";
import type { LabelTables } from "./label-tables.ts";
import type { ChangeTables } from "./change-tables.ts";
import type { RouteTables } from "./route-tables.ts";
import type { SurveyGeometryTables } from "./survey-geometry-tables.ts";

export interface MigrationTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface CoreTables {
  schema_migrations: MigrationTable;
}

export type Database = CoreTables & FigureTables & SurveyTables & AuthTables & LabelTables & ChangeTables & RouteTables & SurveyGeometryTables;
