/**
 * @module api/endpoints/deps
 * What every endpoint module is built from.
 */
import type { Store } from "../../store/store.ts";
import type { ApiConfig } from "../config.ts";

export interface EndpointDeps {
  store: Store;
  config: ApiConfig;
}
