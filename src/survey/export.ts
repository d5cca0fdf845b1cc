/**
 * @module survey/export
 * Write a stored survey out as files: its artifacts (class map GeoTIFF, sample
 * GeoJSON/CSV, ...), its estimates as CSV, its fields as GeoJSON and its
 * provenance as JSON, and its reference labels: every label with its history (labels.csv), the
 * sample with the label that counts per unit (sample-labels.csv with a .csvt, sample-labels.geojson)
 * and the strata file (sample.strata.csv). The files are written all or nothing.
 */
import { POINT_CSV_COLUMNS } from "../area/sample-points.ts";
import { writeFolderAtomic } from "../io/atomic-write.ts";
import { csvLayer, csvLayerFiles, csvtOf, roundCell, WGS84_PRJ, type CsvColumn } from "../io/csv.ts";
import type { SurveyDetail } from "../store/survey-repository.ts";
import { categoryNamesAuxXml } from "../raster/write/write-raster.ts";
import { NotFoundError } from "../domain/errors.ts";
import { FIELDS_LAYER_NAME, storedFieldProperties } from "../domain/field-properties.ts";
import type { Store } from "../store/store.ts";
import { labelsToCsv, sampleWithLabels } from "./labels/export-labels.ts";
import { storedDesignOf } from "./labels/reestimate.ts";
import { resolveLabels } from "./labels/resolve.ts";

/** Hectares in the exported CSVs and layers: to 2 decimals (100 m², far below any estimate's SE). */
const HA_DIGITS = 2;

/** estimates.csv: one row per region and class; hectares to 2 decimals, the interval at the survey's confidence level. */
const ESTIMATE_COLUMNS: readonly CsvColumn[] = [
  ["region", "String"],
  ["class", "String"],
  ["area_ha", "Real"],
  ["area_se_ha", "Real"],
  ["ci_low_ha", "Real"],
  ["ci_high_ha", "Real"],
  ["confidence", "Real"],
  ["map_area_ha", "Real"],
];

/** Export survey `id` into `outDir`; returns the files written. */
export async function exportSurvey(store: Store, id: number, outDir: string): Promise<string[]> {
  const survey = await store.surveys.get(id);
  if (!survey) throw new NotFoundError(`survey ${id} not found in ${store.location}`);
  // Every file is prepared first and written all or nothing (io/atomic-write.writeFolderAtomic):
  // a full disk part-way leaves outDir as it was.
  const files: { name: string; data: string | Uint8Array }[] = [];
  const put = (name: string, data: string | Uint8Array): void => void files.push({ name, data });
  for (const a of survey.artifacts) {
    const art = await store.surveys.artifact(id, a.name);
    if (!art) continue;
    put(a.name, art.bytes);
    // Category names travel with the class maps as GDAL's .aux.xml sidecar, which QGIS and gdalinfo read.
    const names =
      a.name === "classes.tif" ? survey.results.classifier.classes : a.name === "sources.tif" ? survey.provenance.scenes?.map((x) => x.id) : undefined;
    if (names) {
      put(`${a.name}.aux.xml`, categoryNamesAuxXml(names, a.name === "classes.tif" ? "class" : "source scene"));
    }
  }
  const confidence = survey.results.total.confidence;
  const ha = (v: number | null): number | null => roundCell(v, HA_DIGITS);
  const estimates = csvLayer(
    ESTIMATE_COLUMNS,
    survey.estimates.map((e) => [e.region, e.className, ha(e.areaHa), ha(e.areaSeHa), ha(e.ciLowHa), ha(e.ciHighHa), confidence, ha(e.mapAreaHa)]),
  );
  for (const [name, text] of csvLayerFiles("estimates.csv", estimates)) put(name, text);
  // The stored sample.csv with its sidecars (its columns are those of area/sample-points).
  if (survey.artifacts.some((a) => a.name === "sample.csv")) {
    put("sample.csvt", csvtOf(POINT_CSV_COLUMNS.map((c) => c[1])));
    put("sample.prj", WGS84_PRJ);
  }
  const regionsArt = survey.artifacts.some((a) => a.name === "regions.geojson") ? await store.surveys.artifact(id, "regions.geojson") : undefined;
  if (regionsArt) put("regions-estimates.geojson", JSON.stringify(regionsWithEstimates(regionsArt.bytes, survey)));
  const { fields } = await store.surveys.fields(id, { limit: Number.MAX_SAFE_INTEGER, offset: 0 });
  put(
    "fields.geojson",
    JSON.stringify({
      type: "FeatureCollection",
      name: FIELDS_LAYER_NAME,
      features: fields.map((f) => ({
        type: "Feature",
        id: f.fieldId,
        bbox: f.bbox,
        properties: storedFieldProperties(f, survey.results.classifier.classes),
        geometry: f.geometry,
      })),
    }),
  );
  if (survey.artifacts.some((a) => a.name === "sample.geojson")) {
    const design = await storedDesignOf(store, survey);
    const labels = await store.labels.list(id);
    const used = new Set((await store.labels.uses(id, "run")).map((u) => u.labelId));
    const all = labelsToCsv(labels, used);
    put("labels.csv", all.csv);
    put("labels.csvt", all.csvt);
    const sample = sampleWithLabels(design, resolveLabels(labels, "single").chosen);
    put("sample-labels.csv", sample.csv);
    put("sample-labels.csvt", sample.csvt);
    put("sample-labels.prj", sample.prj);
    put("sample-labels.geojson", JSON.stringify(sample.geojson));
    put("sample.strata.csv", sample.strataCsv);
    put("sample.strata.csvt", sample.strataCsvt);
  }
  put(
    "survey.json",
    JSON.stringify(
      {
        id: survey.id,
        name: survey.name,
        country: survey.country,
        year: survey.year,
        simulated: survey.simulated,
        createdAt: survey.createdAt,
        config: survey.config,
        provenance: survey.provenance,
        results: survey.results,
      },
      null,
      2,
    ),
  );
  return writeFolderAtomic(outDir, files);
}

/**
 * The survey's regions (its stored regions.geojson, geometry and CRS as given) with each region's estimate of the target
 * class: area_ha, area_se_ha, ci_low_ha, ci_high_ha (hectares, 2 decimals), confidence (the intervals' level, 0..1),
 * map_area_ha and sample_units; null for a region without an estimate. The units are in the names and in `units`.
 */
export function regionsWithEstimates(bytes: Uint8Array, survey: Pick<SurveyDetail, "id" | "config" | "results">): Record<string, unknown> {
  const fc = JSON.parse(new TextDecoder().decode(bytes)) as { crs?: unknown; features?: { properties?: Record<string, unknown> | null }[] };
  const nameField = survey.config.regions.nameField;
  const byName = new Map(survey.results.regions.map((r) => [r.region, r]));
  const ha = (v: number | undefined): number | null => roundCell(v, HA_DIGITS);
  return {
    type: "FeatureCollection",
    name: "regions",
    ...(fc.crs ? { crs: fc.crs } : {}),
    source: `Coca Monitor survey ${survey.id}`,
    units: { area_ha: "ha", area_se_ha: "ha", ci_low_ha: "ha", ci_high_ha: "ha", map_area_ha: "ha", confidence: "confidence level of the intervals, 0..1" },
    features: (fc.features ?? []).map((f, i) => {
      const name = f.properties?.[nameField];
      const region = name === undefined || name === null ? `feature ${i}` : String(name);
      const r = byName.get(region);
      return {
        ...f,
        properties: {
          ...f.properties,
          region,
          class_name: survey.results.targetClass,
          area_ha: ha(r?.areaHa),
          area_se_ha: ha(r?.areaSeHa),
          ci_low_ha: ha(r?.areaCiHa[0]),
          ci_high_ha: ha(r?.areaCiHa[1]),
          confidence: r ? survey.results.total.confidence : null,
          map_area_ha: ha(r?.mapAreaHa),
          sample_units: r?.sampleUnits ?? null,
        },
      };
    }),
  };
}
