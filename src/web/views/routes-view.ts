/**
 * @module web/views/routes-view
 * (e) Trafficking routes over terrain: a stored route analysis (`coca routes demo --store`, `npm start`) on a
 * map: the cost surface or the circuit current as an image (PNG from the stored coarse grid, /v1/routes/{id}/cost.png, current.png), the simulated fields
 * and border crossings, and the routes of a closure round as lines. A slider steps through the rounds: the
 * checkpoints placed so far, the routes in use (those that appeared in that round drawn thicker) and the
 * round's figures. Only the project's own data is drawn unless a basemap URL is configured.
 */
import * as maplibregl from "maplibre-gl";
import type { StyleSpecification } from "maplibre-gl";
import "maplibre-gl/dist/maplibre-gl.css";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import type { RouteAnalysisDetail, RouteAnalysisSummary, RouteRound } from "../../routes/stored-analysis.ts";
import { getJson, storedToken } from "../api-client.ts";
import { h, note, table } from "../dom.ts";
import { fmtDate, fmtNumber, fmtPercent, t } from "../i18n.ts";
import type { AppState, View } from "../state.ts";
import { routesOfRound } from "./routes-data.ts";

maplibregl.setWorkerUrl(workerUrl);

function ownStyle(): StyleSpecification {
  return { version: 8, sources: {}, layers: [{ id: "background", type: "background", paint: { "background-color": "#dfe8ee" } }] };
}

function absolute(path: string): string {
  return new URL(path, window.location.href).href;
}

const hours = (v: number | null | undefined): string => (v === null || v === undefined ? t("routesNoRoute") : `${fmtNumber(v, 2)} h`);

export const routesView: View = async (root, state: AppState) => {
  const { routes } = await getJson<{ routes: RouteAnalysisSummary[] }>("/v1/routes");
  const wanted = state.route.view === "routes" ? state.route.analysisId : undefined;
  const summary = routes.find((r) => r.id === wanted) ?? routes[0];
  root.append(h("h2", {}, t("navRoutes")));
  if (!summary) {
    root.append(h("div", { class: "panel" }, note(t("routesNone"))));
    return;
  }
  const a = await getJson<RouteAnalysisDetail>(`/v1/routes/${summary.id}`);
  const rounds = a.summary.rounds;
  const last = rounds.length - 1;

  const picker = h(
    "select",
    { id: "routes-analysis" },
    routes.map((r) => h("option", { value: String(r.id), selected: r.id === a.id }, `#${r.id} ${r.name} (${fmtDate(r.createdAt)})`)),
  );
  picker.addEventListener("change", () => {
    window.location.hash = `#/routes/${picker.value}`;
  });
  const layerPick = h(
    "fieldset",
    { class: "row", id: "routes-layer" },
    h("legend", {}, t("routesBackground")),
    (["current", "cost"] as const).map((k) =>
      h(
        "label",
        {},
        h("input", { type: "radio", name: "routes-layer", value: k, checked: k === "current" }),
        ` ${t(k === "current" ? "routesCurrent" : "routesCost")}`,
      ),
    ),
  );
  const slider = h("input", { id: "routes-round", type: "range", min: 0, max: last, step: 1, value: 0, "aria-label": t("routesRound") });
  const roundLabel = h("output", { id: "routes-round-label", for: "routes-round" });
  const roundInfo = h("div", { class: "estimate-box", id: "routes-round-info", "aria-live": "polite" });
  const mapEl = h("div", {
    id: "routes-map",
    role: "region",
    "aria-label": t("navRoutes"),
    style: "width:100%;height:32rem;border:1px solid #cbd5e1;border-radius:6px",
  });
  const b = a.summary.bestRoute;
  root.append(
    h(
      "div",
      { class: "row panel" },
      h("label", { for: "routes-analysis" }, t("routesAnalysis")),
      picker,
      a.simulated ? h("span", { class: "badge" }, t("routesSimulated")) : null,
      a.simulated ? h("span", { class: "note", id: "routes-simulated", title: a.simulatedNote }, t("routesSimulatedNote")) : null,
    ),
    h(
      "div",
      { class: "grid-map" },
      mapEl,
      h(
        "aside",
        { class: "panel" },
        layerPick,
        h("label", { for: "routes-round" }, t("routesRound"), " ", roundLabel),
        slider,
        roundInfo,
        h("p", { id: "routes-best" }, `${t("routesBest")}: ${b ? `${fmtNumber(b.lengthKm, 2)} km, ${hours(b.walkingHours)}` : t("routesNoRoute")}`),
        h("p", {}, `${t("routesResistance")}: ${fmtNumber(a.summary.current.effectiveResistance, 2)} s`),
        h(
          "p",
          { class: "note" },
          `${t("routesTerrain")}: sha256 ${a.provenance.terrain.sha256.slice(0, 12)}…, ${a.provenance.cost.model}, seed ${String(a.provenance.parameters.seed ?? "—")}`,
        ),
      ),
    ),
    h(
      "div",
      { id: "routes-rounds" },
      table<RouteRound>(t("routesRoundsCaption"), rounds, [
        { header: t("routesRound"), value: (r) => String(r.round), numeric: true },
        { header: t("routesFlowHit"), value: (r) => fmtPercent(r.flowShareIntercepted), numeric: true },
        { header: t("routesBestHours"), value: (r) => hours(r.bestWalkingHours), numeric: true },
        { header: t("routesCorridors"), value: (r) => String(r.corridorsAboveThreshold), numeric: true },
        { header: t("routesFootprint"), value: (r) => fmtNumber(r.footprintHa, 2), numeric: true },
        { header: t("routesEntropy"), value: (r) => fmtNumber(r.flowEntropyNats, 3), numeric: true },
      ]),
    ),
  );

  const corners = a.grids.current.cornersLonLat as [[number, number], [number, number], [number, number], [number, number]];
  const lons = corners.map((c) => c[0]);
  const lats = corners.map((c) => c[1]);
  const map = new maplibregl.Map({
    container: mapEl,
    style: state.meta.basemapUrl ?? ownStyle(),
    bounds: [
      [Math.min(...lons), Math.min(...lats)],
      [Math.max(...lons), Math.max(...lats)],
    ],
    fitBoundsOptions: { padding: 20 },
    attributionControl: { compact: false, customAttribution: `${t("routesTerrain")}: ${a.provenance.terrain.path.split("/").pop() ?? ""}` },
    canvasContextAttributes: { preserveDrawingBuffer: true },
    transformRequest: (url: string) => {
      const token = storedToken();
      return token && url.startsWith(window.location.origin) ? { url, headers: { authorization: `Bearer ${token}` } } : { url };
    },
  });
  map.on("error", (e: maplibregl.ErrorEvent) => console.error(`map: ${e.error?.message ?? "error"}`));
  (window as unknown as { cocaRoutesMap?: maplibregl.Map }).cocaRoutesMap = map;
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-left");
  const cleanup = (): void => map.remove();
  await new Promise<void>((resolve) => map.once("load", () => resolve()));

  map.addSource("routes-cost", { type: "image", url: absolute(`/v1/routes/${a.id}/cost.png`), coordinates: a.grids.cost.cornersLonLat as typeof corners });
  map.addLayer({
    id: "routes-cost",
    type: "raster",
    source: "routes-cost",
    layout: { visibility: "none" },
    paint: { "raster-opacity": 0.85, "raster-resampling": "nearest" },
  });
  map.addSource("routes-current", { type: "image", url: absolute(`/v1/routes/${a.id}/current.png`), coordinates: corners });
  map.addLayer({ id: "routes-current", type: "raster", source: "routes-current", paint: { "raster-opacity": 0.9, "raster-resampling": "nearest" } });
  const empty: GeoJSON.FeatureCollection = { type: "FeatureCollection", features: [] };
  map.addSource("routes-lines", { type: "geojson", data: empty });
  map.addLayer({
    id: "routes-lines",
    type: "line",
    source: "routes-lines",
    layout: { "line-cap": "round", "line-join": "round" },
    paint: { "line-color": ["case", ["get", "appeared"], "#2563eb", "#111827"], "line-width": ["case", ["get", "appeared"], 4, 2.5] },
  });
  map.addSource("routes-checkpoints", { type: "geojson", data: empty });
  map.addLayer({
    id: "routes-checkpoints",
    type: "circle",
    source: "routes-checkpoints",
    paint: { "circle-radius": 6, "circle-color": "#dc2626", "circle-stroke-color": "#fff", "circle-stroke-width": 1.5 },
  });
  const ends: GeoJSON.FeatureCollection = {
    type: "FeatureCollection",
    features: [
      ...a.layers.fields.features.map((f) => ({ ...f, properties: { kind: "field" } })),
      ...a.layers.crossings.features.map((f) => ({ ...f, properties: { kind: "crossing" } })),
    ] as unknown as GeoJSON.Feature[],
  };
  map.addSource("routes-ends", { type: "geojson", data: ends });
  map.addLayer({
    id: "routes-ends",
    type: "circle",
    source: "routes-ends",
    paint: {
      "circle-radius": 7,
      "circle-color": ["match", ["get", "kind"], "field", "#16a34a", "#7c3aed"],
      "circle-stroke-color": "#fff",
      "circle-stroke-width": 2,
    },
  });

  const show = (round: number): void => {
    const r = rounds[round]!;
    const inUse = routesOfRound(a.layers.roundRoutes.features, round);
    (map.getSource("routes-lines") as maplibregl.GeoJSONSource).setData({
      type: "FeatureCollection",
      features: inUse.map(({ feature, appeared }) => ({
        ...feature,
        properties: { ...(feature.properties as object), appeared },
      })) as unknown as GeoJSON.Feature[],
    });
    const checkpoints = a.layers.checkpoints.features.filter((f) => ((f.properties as { round?: number }).round ?? 0) <= round);
    (map.getSource("routes-checkpoints") as maplibregl.GeoJSONSource).setData({
      type: "FeatureCollection",
      features: checkpoints as unknown as GeoJSON.Feature[],
    });
    roundLabel.textContent = `${round} / ${last}`;
    const appeared = inUse.filter((x) => x.appeared).length;
    roundInfo.replaceChildren(
      h("p", {}, round === 0 ? t("routesOpen") : `${t("routesCheckpoints")}: ${checkpoints.length}`),
      h("p", { "data-testid": "routes-in-use" }, `${t("routesInUse")}: ${inUse.length}${round > 0 ? ` (${t("routesAppeared")}: ${appeared})` : ""}`),
      h("p", {}, `${t("routesBestHours")}: ${hours(r.bestWalkingHours)}`),
      h("p", {}, `${t("routesFootprint")}: ${fmtNumber(r.footprintHa, 2)} · ${t("routesEntropy")}: ${fmtNumber(r.flowEntropyNats, 3)}`),
    );
    mapEl.setAttribute("data-round", String(round));
    mapEl.setAttribute("data-routes", String(inUse.length));
  };
  slider.addEventListener("input", () => show(Number(slider.value)));
  layerPick.addEventListener("change", (e) => {
    const kind = (e.target as HTMLInputElement).value;
    map.setLayoutProperty("routes-current", "visibility", kind === "current" ? "visible" : "none");
    map.setLayoutProperty("routes-cost", "visibility", kind === "cost" ? "visible" : "none");
    mapEl.setAttribute("data-layer", kind);
  });
  mapEl.setAttribute("data-layer", "current");
  show(0);
  return cleanup;
};
