/**
 * @module survey/export
 * Write a stored survey out as files: its artifacts (class map GeoTIFF, sample
 * GeoJSON/CSV, ...), its estimates as CSV, its fields as GeoJSON and its
 * provenance as JSON, and its reference labels: every label with its history (labels.csv), the
 * sample with the label that counts per unit (sample-labels.csv with a .csvt, sample-labels.geojson)
 * and the strata file (sample.strata.csv). The files are written all or nothing.
 */
import { writeFolderAtomic } from "../io/atomic-write.ts";
import { categoryNamesAuxXml } from "../raster/write/write-raster.ts";
import { NotFoundError } from "../domain/errors.ts";
import { FIELDS_LAYER_NAME, storedFieldProperties } from "../domain/field-properties.ts";
import type { Store } from "../store/store.ts";
import { labelsToCsv, sampleWithLabels } from "./labels/export-labels.ts";
import { storedDesignOf } from "./labels/reestimate.ts";
import { resolveLabels } from "./labels/resolve.ts";

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

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
  const header = "region,class,area_ha,area_se_ha,ci_low_ha,ci_high_ha,map_area_ha";
  const rows = survey.estimates.map((e) => [e.region, e.className, e.areaHa, e.areaSeHa, e.ciLowHa, e.ciHighHa, e.mapAreaHa].map(csvCell).join(","));
  put("estimates.csv", `${[header, ...rows].join("\n")}\n`);
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
    put("sample-labels.geojson", JSON.stringify(sample.geojson));
    put("sample.strata.csv", sample.strataCsv);
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
