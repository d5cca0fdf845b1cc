/**
 * @module web/views/routes-data
 * The routes view's pure part: the routes of a closure round, split into those in use the round before and
 * those that appeared in that round.
 */
export interface RoundRouteProps {
  round: number;
  cost?: number;
  walkingHours?: number | null;
}

type RouteFeature = { type: "Feature"; geometry?: unknown; properties?: unknown };

/** A route's identity across rounds: its end points (same end cells = the same way out, rerouted or not). */
function routeKey(f: RouteFeature): string {
  const c = (f.geometry as { coordinates?: number[][] } | undefined)?.coordinates ?? [];
  const p = (q: number[] | undefined) => (q ? `${q[0]!.toFixed(5)},${q[1]!.toFixed(5)}` : "");
  return `${p(c[0])}|${p(c[c.length - 1])}|${c.length}`;
}

/** The routes in use in `round`, marked `appeared` when no route of the round before had the same cells' outline. */
export function routesOfRound(features: readonly RouteFeature[], round: number): { feature: RouteFeature; appeared: boolean }[] {
  const of = (r: number) => features.filter((f) => (f.properties as RoundRouteProps | undefined)?.round === r);
  const before = new Set(of(round - 1).map(routeKey));
  return of(round).map((feature) => ({ feature, appeared: round > 0 && !before.has(routeKey(feature)) }));
}
