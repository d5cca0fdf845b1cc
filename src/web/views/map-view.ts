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
import { className, countryName, fmtDate, fmtNumber, fmtQty, t } from "../i18n.ts";
import type { AppState, View } from "../state.ts";
import type { FieldCollection, Figure, RegionProperties, SurveyDetail, SurveySummary } from "../types.ts";
import { breaks, pickSurvey, RAMP } from "./map-data.ts";
import { officialChoices, officialRegions, type BoundaryFeature } from "./official-map.ts";

/** Sequential purples for the official figures (distinct from the survey's greens). */
const OFFICIAL_RAMP = ["#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"];
/** From this zoom fields are drawn as their shapes; below it as dots. */
const FIELDS_AS_SHAPES_ZOOM = 12;

/** One point per field at the mean of its vertices. */
function fieldPoints(fields: FieldCollection): GeoJSON.FeatureCollection {
  return {
    type: "FeatureCollection",
    features: fields.features.map((f) => {
      let sx = 0;
      let sy = 0;
      let n = 0;
      const walk = (c: unknown): void => {
        if (Array.isArray(c) && typeof c[0] === "number") {
          sx += c[0] as number;
          sy += c[1] as number;
          n++;
        } else if (Array.isArray(c)) c.forEach(walk);
      };
      walk((f.geometry as { coordinates?: unknown }).coordinates);
      return { type: "Feature", id: f.id, geometry: { type: "Point", coordinates: [sx / Math.max(1, n), sy / Math.max(1, n)] }, properties: f.properties };
    }),
  };
}

/** Page size when reading all of a survey's fields. */
const FIELD_PAGE = 1000;

/** Every field of a survey, page by page (the API pages at most 1,000 at a time). */
async function allFields(surveyId: number): Promise<FieldCollection> {
  const first = await getJson<FieldCollection>(`/v1/surveys/${surveyId}/fields?limit=${FIELD_PAGE}&offset=0`);
  const features = [...first.features];
  for (let offset = FIELD_PAGE; offset < first.numberMatched; offset += FIELD_PAGE) {
    const page = await getJson<FieldCollection>(`/v1/surveys/${surveyId}/fields?limit=${FIELD_PAGE}&offset=${offset}`);
    features.push(...page.features);
  }
  return { ...first, numberReturned: features.length, features };
}

/**
 * Resolve once every source of the map is loaded and drawn (the map is idle), then mark the map
 * element, so that the view reports ready only with its layers on screen. Gives up after 20 s.
 */
function layersDrawn(map: maplibregl.Map, el: HTMLElement): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      el.setAttribute("data-layers", "drawn");
      resolve();
    };
    const timer = setTimeout(done, 20_000);
    const check = (): void => {
      const style = map.getStyle();
      const ids = Object.keys(style?.sources ?? {});
      if (map.loaded() && ids.every((id) => map.isSourceLoaded(id))) {
        clearTimeout(timer);
        map.off("idle", check);
        done();
      }
    };
    map.on("idle", check);
    map.triggerRepaint();
  });
}

/** The registry's department and zone figures of the chosen year, coloured on the map, with a source picker. */
async function officialLayer(
  map: maplibregl.Map,
  mapEl: HTMLElement,
  boundaries: readonly BoundaryFeature[],
  state: AppState,
  preferCountry?: string,
): Promise<HTMLElement> {
  const panel = h("section", { id: "official-panel", "aria-labelledby": "official-h" }, h("h3", { id: "official-h" }, `${t("officialMap")} (${state.year})`));
  const label = h("div", { class: "map-source", id: "official-source" });
  mapEl.append(label);
  map.addSource("official", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
  map.addLayer({ id: "official-fill", type: "fill", source: "official", paint: { "fill-color": ["get", "color"], "fill-opacity": 0.55 } });
  map.addLayer({ id: "official-line", type: "line", source: "official", paint: { "line-color": "#3f007d", "line-width": 1 } });
  let figures: Figure[] = [];
  try {
    figures = (await getJson<{ figures: Figure[] }>(`/v1/figures?metric=cultivation_ha&year=${state.year}`)).figures;
  } catch {
    figures = [];
  }
  const choices = officialChoices(figures, state.year);
  if (choices.length === 0) {
    panel.append(note(t("noOfficialRegions")));
    label.textContent = "";
    return panel;
  }
  const select = h(
    "select",
    { id: "official-select" },
    choices.map((c, i) => h("option", { value: String(i) }, `${countryName(c.country)}: ${c.source}`)),
  );
  const preferred = choices.findIndex((c) => c.country === preferCountry);
  select.value = String(Math.max(0, preferred));
  const list = h("div", { class: "table-wrap" });
  const draw = (): void => {
    list.replaceChildren();
    const choice = choices[Number(select.value)]!;
    const { regions, unmatchedFigures } = officialRegions(figures, boundaries, { ...choice, year: state.year });
    const cuts = breaks(
      regions.map((r) => r.valueHa),
      OFFICIAL_RAMP.length,
    );
    const colour = (v: number): string => OFFICIAL_RAMP[cuts.filter((c) => v >= c).length]!;
    const byIso = new Map(regions.flatMap((r) => r.members.map((iso) => [iso, r] as const)));
    const features = boundaries
      .filter((b) => b.properties.iso2 && byIso.has(b.properties.iso2))
      .map((b) => {
        const r = byIso.get(b.properties.iso2!)!;
        return {
          type: "Feature" as const,
          geometry: b.geometry as GeoJSON.Geometry,
          properties: { name: r.department, valueHa: r.valueHa, source: r.source, color: colour(r.valueHa) },
        };
      });
    (map.getSource("official") as maplibregl.GeoJSONSource).setData({ type: "FeatureCollection", features });
    mapEl.setAttribute("data-official", `${choice.country}|${choice.source}|${features.length}`);
    label.textContent = `${t("source")}: ${choice.source}, ${state.year} · ${t("cultivation_ha")} (ha)`;
    const citations = [...new Set([...regions.flatMap((r) => r.citations), ...unmatchedFigures.map((u) => u.citation)])];
    add(
      list,
      h(
        "p",
        { class: "legend" },
        [0, ...cuts].flatMap((c, i) => [h("span", { class: "swatch", style: `background:${OFFICIAL_RAMP[i]}` }), `≥ ${fmtQty(c, "ha")}`]),
      ),
      h(
        "ul",
        { class: "region-list", id: "official-list" },
        regions.map((r) =>
          h(
            "li",
            {},
            h("span", {}, `${r.department}${r.parts.length > 1 || r.parts[0] !== r.department ? ` (${r.parts.join(" + ")})` : ""}`),
            " ",
            h("span", { class: "num" }, fmtQty(r.valueHa, "ha")),
          ),
        ),
      ),
      unmatchedFigures.length > 0
        ? h(
            "p",
            { class: "note", id: "official-unmatched" },
            `${t("noBoundary")}: ${unmatchedFigures.map((u) => `${u.region} ${fmtQty(u.valueHa, "ha")}`).join(", ")}`,
          )
        : null,
      h(
        "ol",
        { class: "citations" },
        citations.map((c) => h("li", {}, c)),
      ),
      downloads(`official-${choice.country}-${choice.source}-${state.year}`, () =>
        [
          ...regions.map((r) => ({ ...r, drawn: true })),
          ...unmatchedFigures.map((u) => ({
            department: u.region,
            parts: [u.region],
            year: state.year,
            valueHa: u.valueHa,
            source: choice.source,
            citations: [u.citation],
            drawn: false,
          })),
        ].map((r) => ({
          country: choice.country,
          department: r.department,
          parts: r.parts.join(" + "),
          drawn: r.drawn,
          year: r.year,
          metric: "cultivation_ha",
          value: r.valueHa,
          unit: "ha",
          source: r.source,
          citation: r.citations.join(" | "),
        })),
      ),
    );
  };
  select.addEventListener("change", draw);
  panel.append(h("label", { for: "official-select" }, t("officialSource")), " ", select, list);
  draw();
  return panel;
}

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
  // The boundaries are fetched here, not by the map's worker, so that the view knows when it has them.
  const boundariesPromise = getJson<{ type: "FeatureCollection"; features: BoundaryFeature[] }>("/v1/boundaries");
  await loaded;
  const boundaries = await boundariesPromise;
  map.addSource("boundaries", { type: "geojson", data: boundaries as unknown as GeoJSON.FeatureCollection, attribution: state.meta.boundariesAttribution });
  map.addLayer({
    id: "countries-fill",
    type: "fill",
    source: "boundaries",
    filter: ["==", ["get", "level"], "country"],
    paint: { "fill-color": "#f4f1ea", "fill-opacity": state.meta.basemapUrl ? 0 : 1 },
  });
  map.addLayer({
    id: "departments-line",
    type: "line",
    source: "boundaries",
    filter: ["==", ["get", "level"], "department"],
    paint: { "line-color": "#9aa5ad", "line-width": 0.6 },
  });
  map.addLayer({
    id: "countries-line",
    type: "line",
    source: "boundaries",
    filter: ["==", ["get", "level"], "country"],
    paint: { "line-color": "#55606a", "line-width": 1.2 },
  });

  const official = await officialLayer(map, mapEl, boundaries.features, state, summary?.country);
  side.append(official);

  if (!summary) {
    info.replaceChildren(note(t("noSurveys")));
    await layersDrawn(map, mapEl);
    return cleanup;
  }

  let detail: SurveyDetail;
  let regions: RegionCollection;
  try {
    [detail, regions] = await Promise.all([getJson<SurveyDetail>(`/v1/surveys/${summary.id}`), getJson<RegionCollection>(`/v1/surveys/${summary.id}/regions`)]);
  } catch (error) {
    side.append(errorBox(error));
    return cleanup;
  }
  const overlay = await getJson<ClassMapOverlay>(`/v1/surveys/${summary.id}/class-map`).catch(() => undefined);
  const fields = await allFields(summary.id).catch(() => undefined);

  const values = regions.features.map((f) => f.properties.areaHa ?? 0);
  const cuts = breaks(values);
  const colorExpr: maplibregl.ExpressionSpecification | string =
    cuts.length === 0
      ? RAMP[0]!
      : (["step", ["coalesce", ["get", "areaHa"], 0], RAMP[0]!, ...cuts.flatMap((c, i) => [c, RAMP[i + 1]!])] as maplibregl.ExpressionSpecification);

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
    map.addLayer({
      id: "fields-fill",
      type: "fill",
      source: "fields",
      minzoom: FIELDS_AS_SHAPES_ZOOM,
      paint: { "fill-color": "#b91c1c", "fill-opacity": 0.6 },
    });
    map.addLayer({ id: "fields-line", type: "line", source: "fields", minzoom: FIELDS_AS_SHAPES_ZOOM, paint: { "line-color": "#7f1d1d", "line-width": 0.5 } });
    // Below that zoom a field is smaller than a pixel: each is drawn as a dot at its centre instead.
    map.addSource("fields-points", { type: "geojson", data: fieldPoints(fields) });
    map.addLayer({
      id: "fields-points",
      type: "circle",
      source: "fields-points",
      maxzoom: FIELDS_AS_SHAPES_ZOOM,
      paint: { "circle-color": "#b91c1c", "circle-radius": 2, "circle-opacity": 0.7 },
    });
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
  await layersDrawn(map, mapEl);

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
    const lngLat =
      at ??
      (() => {
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
      .setDOMContent(
        h("div", {}, h("strong", {}, p.name), h("br"), `${fmtQty(p.areaHa, "ha")} (${t("ci")}${conf}: ${ciText(p)})`, h("br"), h("small", {}, source)),
      )
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
      ? h(
          "p",
          { class: "legend", id: "class-legend" },
          `${t("classMap")}: `,
          overlay.classes.flatMap((c) => [h("span", { class: "swatch", style: `background:${c.color}`, "data-color": c.color }), className(c.name)]),
        )
      : null,
    fields
      ? h(
          "p",
          { class: "note", id: "fields-count", "data-drawn": fields.numberReturned, "data-matched": fields.numberMatched },
          `${t("fields")}: ${fmtNumber(fields.numberReturned)} / ${fmtNumber(fields.numberMatched)} ${t("fieldsDrawn")}`,
        )
      : null,
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
    fields
      ? downloads(
          `survey-${summary.id}-fields`,
          () => fields.features.map((f) => ({ ...f.properties, area_unit: "ha", source })),
          () => fields,
          t("fields"),
        )
      : null,
  );
  return cleanup;
};
