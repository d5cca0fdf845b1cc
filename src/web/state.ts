/**
 * @module web/state
 * What every view is drawn from: the route (from the URL hash), the selected year, the server's facts.
 */
export interface Meta {
  name: string;
  version: string;
  publicReads: boolean;
  basemapUrl: string | null;
  boundariesAttribution: string;
  surveys: number;
}

export type Route =
  | { view: "map"; surveyId?: number }
  | { view: "series"; country: string }
  | { view: "survey"; surveyId?: number }
  | { view: "limits" }
  | { view: "interpret"; surveyId?: number; changeId?: number }
  | { view: "change"; analysisId?: number }
  | { view: "routes"; analysisId?: number };

export interface AppState {
  route: Route;
  /** The selected year. */
  year: number;
  meta: Meta;
}

/** A view draws into `root` and may return a cleanup function (e.g. to remove a map). */
export type View = (root: HTMLElement, state: AppState) => Promise<(() => void) | void>;

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean);
  const id = (s: string | undefined): number | undefined => (s && /^\d+$/.test(s) ? Number(s) : undefined);
  switch (parts[0]) {
    case "series":
      return { view: "series", country: (parts[1] ?? "BOL").toUpperCase() };
    case "survey":
      return { view: "survey", surveyId: id(parts[1]) };
    case "limits":
      return { view: "limits" };
    case "interpret":
      return parts[1] === "change" ? { view: "interpret", changeId: id(parts[2]) } : { view: "interpret", surveyId: id(parts[1]) };
    case "change":
      return { view: "change", analysisId: id(parts[1]) };
    case "routes":
      return { view: "routes", analysisId: id(parts[1]) };
    case "map":
    default:
      return { view: "map", surveyId: id(parts[1]) };
  }
}

export function routeHash(route: Route): string {
  switch (route.view) {
    case "series":
      return `#/series/${route.country}`;
    case "survey":
      return route.surveyId === undefined ? "#/survey" : `#/survey/${route.surveyId}`;
    case "limits":
      return "#/limits";
    case "interpret":
      if (route.changeId !== undefined) return `#/interpret/change/${route.changeId}`;
      return route.surveyId === undefined ? "#/interpret" : `#/interpret/${route.surveyId}`;
    case "change":
      return route.analysisId === undefined ? "#/change" : `#/change/${route.analysisId}`;
    case "routes":
      return route.analysisId === undefined ? "#/routes" : `#/routes/${route.analysisId}`;
    case "map":
      return route.surveyId === undefined ? "#/map" : `#/map/${route.surveyId}`;
  }
}
