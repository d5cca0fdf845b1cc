/**
 * @module web/views/map-view
 * (a) A survey on a map: the class map as an image overlay, the coca fields, regions coloured by
 * estimated hectares, and a region's estimate with its confidence interval on click (or from the
 * keyboard-usable list beside the map). Only the project's own data is drawn unless a basemap URL is
 * configured on the server; no tiles, glyphs or fonts are fetched from the internet.
 */
import * as maplibregl from "maplibre-gl";
import type { LngLatBoundsLike, StyleSpecification } from "maplibre-gl";
import "maplibre-gl/dist/maplibre-gl.css";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import { getJson, storedToken } from "../api-client.ts";
import { add, downloads, errorBox, h, note } from "../dom.ts";
import { countryName, fmtDate, fmtQty, t } from "../i18n.ts";
import type { AppState, View } from "../state.ts";
import type { FieldCollection, RegionProperties, SurveyDetail, SurveySummary } from "../types.ts";
import { breaks, pickSurvey, RAMP } from "./map-data.ts";

maplibregl.setWorkerUrl(workerUrl);

const ANDES_BOUNDS: LngLatBoundsLike = [
  [-81.5, -23.0],
  [-57.4, 2.0],
];

export type { RegionProperties };

export interface RegionCollection {
  type: "FeatureCollection";
  source: string;
  confidence: number | null;
  features: { type: "Feature"; geometry: GeoJSON.Geometry; properties: RegionProperties }[];
}

export interface ClassMapOverlay {
  /** Four corners, [lon, lat], top-left, top-right, bottom-right, bottom-left. */
  coordinates: [[number, number], [number, number], [number, number], [number, number]];
  image: string;
  classes: { value: number; name: string; color: string }[];
}

function absolute(path: string): string {
  return new URL(path, window.location.href).href;
}

function ownStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {},
    layers: [{ id: "background", type: "background", paint: { "background-color": "#dfe8ee" } }],
  };
}

export const mapView: View = async (root, state: AppState) => {
  const { surveys } = await getJson<{ surveys: SurveySummary[] }>("/v1/surveys");
  const wanted = state.route.view === "map" ? state.route.surveyId : undefined;
  const summary = pickSurvey(surveys, state.year, wanted);
  const surveySelect = h(
    "select",
    { id: "map-survey" },
    surveys.map((s) => h("option", { value: String(s.id), selected: s.id === summary?.id }, `#${s.id} ${s.name} (${countryName(s.country)} ${s.year})`)),
  );
  surveySelect.addEventListener("change", () => {
    window.location.hash = `#/map/${surveySelect.value}`;
  });
  const mapEl = h("div", { id: "map", role: "region", "aria-label": t("navMap") });
  const side = h("aside", { class: "panel", "aria-live": "polite" });
  const info = h("div", { class: "estimate-box", id: "region-estimate" }, note(t("clickRegion")));
  root.append(
    h("h2", {}, summary ? `${t("surveyOf")} #${summary.id}: ${summary.name}` : t("navMap")),
    h(
      "div",
      { class: "row panel" },
      surveys.length > 0 ? [h("label", { for: "map-survey" }, t("surveys")), surveySelect] : note(t("noSurveys")),
      summary && summary.year !== state.year ? note(`${t("year")} ${state.year}: — (${t("latestYear")}: ${summary.year})`) : null,
      summary?.simulated ? h("span", { class: "badge" }, t("simulated")) : null,
    ),
    h("div", { class: "grid-map" }, mapEl, side),
  );
  side.append(info);

  const map = new maplibregl.Map({
    container: mapEl,
    style: state.meta.basemapUrl ?? ownStyle(),
    bounds: ANDES_BOUNDS,
    attributionControl: { compact: false, customAttribution: state.meta.boundariesAttribution },
    canvasContextAttributes: { preserveDrawingBuffer: true },
    transformRequest: (url: string) => {
      const token = storedToken();
      return token && url.startsWith(window.location.origin) ? { url, headers: { authorization: `Bearer ${token}` } } : { url };
    },
  });
  map.on("error", (e: maplibregl.ErrorEvent) => console.error(`map: ${e.error?.message ?? "error"}`));
  (window as unknown as { cocaMap?: maplibregl.Map }).cocaMap = map;
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-left");
  const cleanup = (): void => map.remove();

  const loaded = new Promise<void>((resolve) => map.once("load", () => resolve()));
  await loaded;
  map.addSource("boundaries", { type: "geojson", data: absolute("/v1/boundaries"), attribution: state.meta.boundariesAttribution });
  map.addLayer({ id: "countries-fill", type: "fill", source: "boundaries", filter: ["==", ["get", "level"], "country"], paint: { "fill-color": "#f4f1ea", "fill-opacity": state.meta.basemapUrl ? 0 : 1 } });
  map.addLayer({ id: "departments-line", type: "line", source: "boundaries", filter: ["==", ["get", "level"], "department"], paint: { "line-color": "#9aa5ad", "line-width": 0.6 } });
  map.addLayer({ id: "countries-line", type: "line", source: "boundaries", filter: ["==", ["get", "level"], "country"], paint: { "line-color": "#55606a", "line-width": 1.2 } });

  if (!summary) {
    info.replaceChildren(note(t("noSurveys")));
    return cleanup;
  }

  let detail: SurveyDetail;
  let regions: RegionCollection;
  try {
    [detail, regions] = await Promise.all([
      getJson<SurveyDetail>(`/v1/surveys/${summary.id}`),
      getJson<RegionCollection>(`/v1/surveys/${summary.id}/regions`),
    ]);
  } catch (error) {
    side.append(errorBox(error));
    return cleanup;
  }
  const overlay = await getJson<ClassMapOverlay>(`/v1/surveys/${summary.id}/class-map`).catch(() => undefined);
  const fields = await getJson<FieldCollection>(`/v1/surveys/${summary.id}/fields?limit=1000`).catch(() => undefined);

  const values = regions.features.map((f) => f.properties.areaHa ?? 0);
  const cuts = breaks(values);
  const colorExpr: maplibregl.ExpressionSpecification | string =
    cuts.length === 0 ? RAMP[0]! : (["step", ["coalesce", ["get", "areaHa"], 0], RAMP[0]!, ...cuts.flatMap((c, i) => [c, RAMP[i + 1]!])] as maplibregl.ExpressionSpecification);

  if (overlay) {
    map.addSource("class-map", { type: "image", url: absolute(overlay.image), coordinates: overlay.coordinates });
    map.addLayer({ id: "class-map", type: "raster", source: "class-map", paint: { "raster-opacity": 0.75, "raster-resampling": "nearest" } });
  }
  map.addSource("regions", { type: "geojson", data: regions as GeoJSON.FeatureCollection, promoteId: "name" });
  map.addLayer({ id: "regions-fill", type: "fill", source: "regions", paint: { "fill-color": colorExpr, "fill-opacity": overlay ? 0.35 : 0.7 } });
  map.addLayer({
    id: "regions-line",
    type: "line",
    source: "regions",
    paint: { "line-color": "#1f2937", "line-width": ["case", ["boolean", ["feature-state", "selected"], false], 3, 1] },
  });
  if (fields) {
    map.addSource("fields", { type: "geojson", data: fields as unknown as GeoJSON.FeatureCollection });
    map.addLayer({ id: "fields-fill", type: "fill", source: "fields", paint: { "fill-color": "#b91c1c", "fill-opacity": 0.6 } });
    map.addLayer({ id: "fields-line", type: "line", source: "fields", paint: { "line-color": "#7f1d1d", "line-width": 0.5 } });
  }

  // Fit to the survey: regions, else fields, else the class map.
  const bounds = new maplibregl.LngLatBounds();
  const extend = (geometry: unknown): void => {
    const walk = (c: unknown): void => {
      if (Array.isArray(c) && typeof c[0] === "number") bounds.extend([c[0] as number, c[1] as number]);
      else if (Array.isArray(c)) c.forEach(walk);
    };
    walk((geometry as { coordinates?: unknown }).coordinates);
  };
  regions.features.forEach((f) => extend(f.geometry));
  if (bounds.isEmpty() && fields) fields.features.forEach((f) => extend(f.geometry));
  if (bounds.isEmpty() && overlay) overlay.coordinates.forEach((c) => bounds.extend(c));
  if (!bounds.isEmpty()) map.fitBounds(bounds, { padding: 30, animate: false });

  let selected: string | undefined;
  const popup = new maplibregl.Popup({ closeButton: true, maxWidth: "18rem" });
  const ciText = (p: RegionProperties): string =>
    p.ciLowHa !== null && p.ciHighHa !== null ? `${fmtQty(p.ciLowHa, "ha")} – ${fmtQty(p.ciHighHa, "ha")}` : "—";
  const source = `${regions.source}; ${fmtDate(detail.createdAt)}`;
  const showRegion = (name: string, at?: maplibregl.LngLatLike): void => {
    const feature = regions.features.find((f) => f.properties.name === name);
    if (!feature) return;
    if (selected) map.setFeatureState({ source: "regions", id: selected }, { selected: false });
    selected = name;
    map.setFeatureState({ source: "regions", id: name }, { selected: true });
    const p = feature.properties;
    const conf = regions.confidence !== null ? ` ${Math.round(regions.confidence * 100)} %` : "";
    info.replaceChildren(
      h("h3", {}, p.name),
      h("span", { class: "big", "data-testid": "region-area" }, fmtQty(p.areaHa, "ha")),
      h("span", {}, `${t("estimate")} (${p.className})`),
      h("dl", { class: "kv" }, [
        h("dt", {}, `${t("ci")}${conf}`),
        h("dd", { "data-testid": "region-ci" }, ciText(p)),
        h("dt", {}, t("se")),
        h("dd", {}, fmtQty(p.areaSeHa, "ha")),
        h("dt", {}, t("mapArea")),
        h("dd", {}, fmtQty(p.mapAreaHa, "ha")),
        h("dt", {}, t("source")),
        h("dd", {}, source),
      ]),
    );
    for (const b of list.querySelectorAll("button")) b.setAttribute("aria-pressed", String(b.dataset.region === name));
    const lngLat = at ?? (() => {
      const b = new maplibregl.LngLatBounds();
      const walk = (c: unknown): void => {
        if (Array.isArray(c) && typeof c[0] === "number") b.extend([c[0] as number, c[1] as number]);
        else if (Array.isArray(c)) c.forEach(walk);
      };
      walk((feature.geometry as { coordinates?: unknown }).coordinates);
      return b.getCenter();
    })();
    popup
      .setLngLat(lngLat)
      .setDOMContent(h("div", {}, h("strong", {}, p.name), h("br"), `${fmtQty(p.areaHa, "ha")} (${t("ci")}${conf}: ${ciText(p)})`, h("br"), h("small", {}, source)))
      .addTo(map);
  };
  map.on("click", "regions-fill", (e: maplibregl.MapLayerMouseEvent) => {
    const name = e.features?.[0]?.properties?.name as string | undefined;
    if (name) showRegion(name, e.lngLat);
  });
  map.on("mouseenter", "regions-fill", () => (map.getCanvas().style.cursor = "pointer"));
  map.on("mouseleave", "regions-fill", () => (map.getCanvas().style.cursor = ""));

  const list = h(
    "ul",
    { class: "region-list", "aria-label": t("regionsByEstimate") },
    [...regions.features]
      .sort((a, b) => (b.properties.areaHa ?? 0) - (a.properties.areaHa ?? 0))
      .map((f) =>
        h(
          "li",
          {},
          h(
            "button",
            { type: "button", "data-region": f.properties.name, "aria-pressed": "false", onclick: () => showRegion(f.properties.name) },
            h("span", {}, f.properties.name),
            h("span", { class: "num" }, fmtQty(f.properties.areaHa, "ha")),
          ),
        ),
      ),
  );
  add(
    side,
    h("h3", {}, t("regionsByEstimate")),
    h(
      "p",
      { class: "legend" },
      [0, ...cuts].flatMap((c, i) => [h("span", { class: "swatch", style: `background:${RAMP[i]}` }), `≥ ${fmtQty(c, "ha")}`]),
    ),
    list,
    overlay
      ? h("p", { class: "legend" }, `${t("classMap")}: `, overlay.classes.flatMap((c) => [h("span", { class: "swatch", style: `background:${c.color}` }), c.name]))
      : null,
    fields ? note(`${t("fields")}: ${fields.numberReturned} / ${fields.numberMatched}`) : null,
    downloads(
      `survey-${summary.id}-regions`,
      () =>
        regions.features.map((f) => ({
          survey_id: summary.id,
          region: f.properties.name,
          class: f.properties.className,
          area_ha: f.properties.areaHa,
          se_ha: f.properties.areaSeHa,
          ci_low_ha: f.properties.ciLowHa,
          ci_high_ha: f.properties.ciHighHa,
          map_area_ha: f.properties.mapAreaHa,
          confidence: regions.confidence,
          source: regions.source,
        })),
      () => ({ ...regions, fields: undefined }),
      t("regionsByEstimate"),
    ),
    fields ? downloads(`survey-${summary.id}-fields`, () => fields.features.map((f) => ({ ...f.properties, area_unit: "ha" })), () => fields, t("fields")) : null,
  );
  return cleanup;
};
