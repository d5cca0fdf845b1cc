/**
 * @module api/endpoints
 * Every route of the API, in the order they appear in the OpenAPI document.
 */
import { createRequire } from "node:module";
import type { AnyRoute } from "../route.ts";
import { auditRoutes } from "./audit.ts";
import { changeRoutes } from "./change.ts";
import { changeLabelRoutes } from "./change-labels.ts";
import { figureRoutes } from "./figures.ts";
import { labelRoutes } from "./labels.ts";
import { productionRoutes } from "./production.ts";
import { routeAnalysisRoutes } from "./routes.ts";
import type { EndpointDeps } from "./deps.ts";
import { metaRoutes } from "./meta.ts";
import { reportRoutes } from "./report.ts";
import { surveyRunRoutes } from "./survey-runs.ts";
import { jobRoutes } from "./jobs.ts";
import { surveyRoutes } from "./surveys.ts";

/** The package version, which is also the API document's version. */
export const API_VERSION: string = (createRequire(import.meta.url)("../../../package.json") as { version: string }).version;

export function allRoutes(deps: EndpointDeps): AnyRoute[] {
  return [
    ...metaRoutes(deps, API_VERSION),
    ...figureRoutes(deps),
    ...surveyRoutes(deps),
    ...reportRoutes(deps),
    ...surveyRunRoutes(deps),
    ...jobRoutes(deps),
    ...labelRoutes(deps),
    ...productionRoutes(deps),
    ...changeRoutes(deps),
    ...changeLabelRoutes(deps),
    ...routeAnalysisRoutes(deps),
    ...auditRoutes(deps),
  ];
}
