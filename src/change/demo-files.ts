/**
 * @module change/demo-files
 * The simulated change demo's edge: write its maps, sample, records and result to a directory, and turn it into
 * a stored change analysis (maps and transition map as artifacts, the estimate beside the truth, fields with
 * their history, per-zone history, SIMCI-style categories). Used by `coca change demo` and `coca start`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import proj4 from "proj4";
import { csvLine } from "../io/csv.ts";
import { writeFileAtomic } from "../io/atomic-write.ts";
import { writeRaster } from "../raster/write/write-raster.ts";
import type { ChangeRepository, NewChangeAnalysis } from "../store/change-repository.ts";
import type { Store } from "../store/store.ts";
import { codeVersion } from "../survey/code-version.ts";
import type { ChangeResult, RegionHistory } from "./analysis-record.ts";
import { cellHistory } from "./cell-history.ts";
import { DEFAULT_DEMO_PARAMS, DEMO_ZONES, demoHeadline, runChangeDemo, type ChangeDemo, type ChangeDemoParams } from "./demo.ts";
import { mapTransitions, type TransitionResult } from "./transitions.ts";
import { runChangeDemoClassified, type ClassifiedChangeDemo, type ClassifiedDemoOptions } from "./demo-classified.ts";
import type { TilePool } from "../imagery/workers/tile-pool.ts";

/** How the demo's two years are classified: the random forest on synthesised scenes, or the seeded error model. */
export const DEMO_CLASSIFIERS = ["forest", "error-model"] as const;
export type DemoClassifier = (typeof DEMO_CLASSIFIERS)[number];

/** The demo with the chosen classifier (the forest's scenes, model and class maps go to `workDir`). */
export async function runChangeDemoWith(
  params: ChangeDemoParams,
  classifier: DemoClassifier,
  options: ClassifiedDemoOptions,
): Promise<ChangeDemo & Partial<Pick<ClassifiedChangeDemo, "classifier">>> {
  return classifier === "forest" ? runChangeDemoClassified(params, options) : runChangeDemo(params);
}

/** The first and second dates of the simulated campaign. */
export const DEMO_DATES = ["2023", "2024"] as const;

export const DEMO_FILES = [
  "map-year1.tif",
  "map-year2.tif",
  "truth-year1.tif",
  "truth-year2.tif",
  "transitions.tif",
  "eradication.csv",
  "labels.csv",
  "strata.csv",
  "demo.json",
  "README.txt",
] as const;

export interface WrittenDemo {
  dir: string;
  headline: string;
  mapped: TransitionResult;
  /** What demo.json holds (and `coca change demo --json` prints). */
  result: Record<string, unknown>;
}

/** Write the demo's files into `dir` (which must exist). */
export async function writeChangeDemo(d: ChangeDemo & Partial<Pick<ClassifiedChangeDemo, "classifier">>, dir: string): Promise<WrittenDemo> {
  const out = (name: string): string => join(dir, name);
  const colorTable = [
    [0, 0, 0, 0],
    [227, 26, 28, 255],
    [200, 200, 200, 255],
  ] as const;
  const rasterOptions = {
    grid: d.grid,
    sampleType: "uint8" as const,
    nodata: 0,
    classNames: d.classNames,
    colorTable: [...colorTable],
    metadata: { SIMULATED: "true" },
  };
  await writeRaster(out("map-year1.tif"), [d.map1], rasterOptions);
  await writeRaster(out("map-year2.tif"), [d.map2], rasterOptions);
  await writeRaster(out("truth-year1.tif"), [d.truth1], rasterOptions);
  await writeRaster(out("truth-year2.tif"), [d.truth2], rasterOptions);
  const mapped = await mapTransitions({ from: out("map-year1.tif"), to: out("map-year2.tif"), out: out("transitions.tif") });
  const toLonLat = proj4(d.grid.crs.proj4, "WGS84");
  const gt = d.grid.geoTransform;
  const lonLat = (row: number, col: number): [number, number] =>
    toLonLat.forward([gt[0] + (col + 0.5) * gt[1], gt[3] + (row + 0.5) * gt[5]]) as [number, number];
  writeFileAtomic(
    out("eradication.csv"),
    `${[csvLine(["id", "lon", "lat", "date", "kind", "area_ha", "source"]), ...d.records.map((r) => csvLine([r.id, ...lonLat(r.row, r.col).map((v) => v.toFixed(7)), r.date, r.kind, r.areaHa.toFixed(2), "SIMULATED campaign (coca change demo)"]))].join("\n")}\n`,
  );
  writeFileAtomic(
    out("labels.csv"),
    `${[csvLine(["unit_id", "stratum", "map_class", "reference_class_t1", "reference_class_t2", "eradication_kind", "region", "lon", "lat"]), ...d.units.map((u) => csvLine([u.unitId, u.stratum, u.mapClass, u.fromClass, u.toClass, u.eradicationKind ?? "", u.region ?? "", u.lon.toFixed(7), u.lat.toFixed(7)]))].join("\n")}\n`,
  );
  writeFileAtomic(
    out("strata.csv"),
    `${[csvLine(["stratum", "name", "size_ha", "size_px"]), ...d.strataSizes.map((s) => csvLine([s.id, d.strataNames[Number(s.id) - 1], s.sizeHa.toFixed(4), s.sizeUnits]))].join("\n")}\n`,
  );
  const headline = demoHeadline(d);
  const mappedChange = mapped.classChange.find((c) => c.className === "coca")!;
  const result = {
    simulated: true,
    headline,
    seed: d.params.seed,
    sizePx: d.params.sizePx,
    params: d.params,
    classifier: d.classifier ? { ...d.classifier, files: undefined } : { kind: "seeded error model", ...d.params.mapErrors },
    estimate: d.estimate,
    truth: d.truth,
    mapped: {
      note: "hectares counted on the two classified maps: biased by classification errors; the estimate above corrects them",
      cocaYear1Ha: mappedChange.fromHa,
      cocaYear2Ha: mappedChange.toHa,
      netChangeHa: mappedChange.netChangeHa,
      transitions: mapped.transitions,
    },
    outputs: Object.fromEntries(DEMO_FILES.map((f) => [f, out(f)])),
  };
  writeFileAtomic(out("demo.json"), `${JSON.stringify(result, null, 1)}\n`);
  writeFileAtomic(
    out("README.txt"),
    `SIMULATED DATA - coca change demo (seed ${d.params.seed}, ${d.params.sizePx} x ${d.params.sizePx} px of 10 m, UTM 18S).\n` +
      "Nothing here is an observation. Two simulated years of the synthetic Andes-Amazon landscape: an eradication campaign\n" +
      "(forced and voluntary, with different replanting probabilities), abandonment, new fields in remote cells.\n" +
      "map-year*.tif: simulated classifications (" +
      (d.classifier ? "random forest trained on the year-1 synthetic scene" : "seeded error model") +
      "); truth-year*.tif: the simulated truth; transitions.tif: map transitions;\n" +
      "labels.csv + strata.csv: the change sample (try: coca change estimate --units labels.csv --strata strata.csv);\n" +
      "eradication.csv: the campaign's records (try: coca change eradication import --records eradication.csv).\n" +
      `${headline}\n`,
  );
  return { dir, headline, mapped, result };
}

const TIFF = "image/tiff; application=geotiff; profile=cloud-optimized";

/** The demo as a stored change analysis (artifacts read from the written files). */
export async function changeDemoAnalysis(
  d: ChangeDemo & Partial<Pick<ClassifiedChangeDemo, "classifier">>,
  w: WrittenDemo,
  { command, createdAt = new Date().toISOString() }: { command: string; createdAt?: string },
): Promise<NewChangeAnalysis> {
  const out = (name: string): string => join(w.dir, name);
  const categories = await cellHistory({ maps: [out("map-year1.tif"), out("map-year2.tif")], years: [...DEMO_DATES], className: "coca" });
  const byRegion = new Map(d.estimate.byRegion.map((r) => [r.region, r]));
  const regions: RegionHistory[] = DEMO_ZONES.map((region) => {
    const e = byRegion.get(region);
    const m = d.mappedByZone.find((z) => z.region === region)!;
    return {
      region,
      dates: [...DEMO_DATES],
      mappedHa: [...m.mappedHa],
      estimatedHa: e ? [e.firstDateHa.estimateHa, e.secondDateHa.estimateHa] : null,
      ciHa: e ? [e.firstDateHa.ciHa, e.secondDateHa.ciHa] : null,
    };
  });
  const result: ChangeResult = {
    estimate: d.estimate,
    mappedTransitions: w.mapped.transitions.map((t) => ({ code: t.code, fromClass: t.fromClass, toClass: t.toClass, name: t.name, areaHa: t.areaHa })),
    fields: d.fields.map((f) => ({ fieldId: f.id, areaHaByDate: [...f.areaHaByDate], fate: f.fate, region: f.region })),
    categories: {
      cellKm: categories.cells.cellKm,
      thresholds: categories.thresholds,
      counts: categories.counts,
      dispersion: categories.dispersion,
      totalCocaHaByYear: categories.totalCocaHaByYear,
      years: categories.years,
    },
    regions,
    truth: d.truth,
  };
  const files = ["map-year1.tif", "map-year2.tif", "transitions.tif", "truth-year1.tif", "truth-year2.tif", "labels.csv", "strata.csv", "eradication.csv"];
  return {
    name: `SIMULATED change demo (seed ${d.params.seed})`,
    kind: "demo",
    simulated: true,
    createdAt,
    fromLabel: DEMO_DATES[0],
    toLabel: DEMO_DATES[1],
    targetClass: "coca",
    headline: w.headline,
    provenance: {
      codeVersion: codeVersion(),
      command,
      seed: d.params.seed,
      inputs: [],
      params: {
        ...d.params,
        classifier: d.classifier
          ? { kind: d.classifier.kind, trees: d.classifier.trees, maxDepth: d.classifier.maxDepth, heldOutAccuracy: d.classifier.heldOutAccuracy }
          : "seeded error model",
      } as Record<string, unknown>,
    },
    result,
    artifacts: files.map((name) => ({ name, mediaType: name.endsWith(".tif") ? TIFF : "text/csv", bytes: readFileSync(out(name)) })),
  };
}

/** Run the demo with the given parameters (defaults otherwise), write it into `outDir` and store it. */
export async function storeChangeDemo(
  store: Pick<Store, "changes"> | { changes: ChangeRepository },
  {
    outDir,
    command = "coca start (change demo)",
    classifier = "error-model",
    pool,
    ...params
  }: Partial<ChangeDemoParams> & { outDir: string; command?: string; classifier?: DemoClassifier; pool?: TilePool },
): Promise<{ id: number; headline: string; demo: ChangeDemo }> {
  const sampleSize = params.sampleSize ?? DEFAULT_DEMO_PARAMS.sampleSize;
  const full = {
    ...DEFAULT_DEMO_PARAMS,
    minimumPerStratum: Math.min(DEFAULT_DEMO_PARAMS.minimumPerStratum, Math.floor(sampleSize / 6)),
    seed: 1,
    ...params,
    sampleSize,
  };
  const d = await runChangeDemoWith(full, classifier, { workDir: join(outDir, "classifier"), pool });
  const w = await writeChangeDemo(d, outDir);
  const id = await store.changes.save(await changeDemoAnalysis(d, w, { command }));
  return { id, headline: w.headline, demo: d };
}
