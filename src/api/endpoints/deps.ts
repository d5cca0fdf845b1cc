/**
 * @module api/endpoints/deps
 * What every endpoint module is built from.
 */
import type { Store } from "../../store/store.ts";
import type { ApiConfig } from "../config.ts";
import type { TilePool } from "../../imagery/workers/tile-pool.ts";
import type { TileQueue } from "../../queue/tile-queue.ts";
import type { SurveyRunRegistry } from "../survey-run-registry.ts";

export interface EndpointDeps {
  store: Store;
  config: ApiConfig;
  /** Where survey runs classify their tiles (the shell's pool: threads, or the queue); none = inline. */
  tilePool?: TilePool;
  /** Survey runs started over HTTP (a fresh registry when not given). */
  surveyRuns?: SurveyRunRegistry;
  /** The job queue: surveys run on `coca worker` machines (POST /v1/surveys), followed with GET /v1/jobs/:id. */
  queue?: TileQueue;
}
