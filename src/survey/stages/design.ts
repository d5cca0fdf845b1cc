/**
 * @module survey/stages/design
 * Stage "design": the stratified sample for the interpreters, drawn over the class map
 * (from the survey seed's "design" stream), written as sample.geojson (with the design record), sample.csv and
 * sample.strata.csv in the survey's folder, and the interpreters' blind sheet: sheet.csv (with its .csvt; no map
 * class, rows shuffled from the seed's "sheet" stream) and its key sheet.key.csv (blind id -> unit, stratum, map class).
 */
import { join } from "node:path";
import type { SurveyConfig } from "../../domain/survey-config.ts";
import type { DrawnSample } from "../../area/design-sample.ts";
import { designStratifiedByStrips } from "../../area/design-by-strips.ts";
import { pointsToCsvLayer, pointsToGeoJson, strataToCsvLayer } from "../../area/sample-points.ts";
import { csvLayerFiles, csvSidecarPath, WGS84_PRJ } from "../../io/csv.ts";
import { writeFileAtomic } from "../../io/atomic-write.ts";
import { parseAllocation } from "../../stats/allocation.ts";
import { streamFor } from "../../stats/random-streams.ts";
import type { StratumSize } from "../../stats/stratified-estimator.ts";
import { blindId, blindSheetRows, interpreterFilePrefix, keyToCsv, SHEET_KEY_CSVT, sheetCsvt, sheetToCsv } from "../labels/sheet.ts";
import { assignUnits } from "../labels/assign.ts";
import type { LabelAssignment } from "../../domain/reference-label.ts";
import { designChecksum } from "../labels/stored-design.ts";

export interface DesignContext {
  config: Pick<SurveyConfig, "design" | "targetClass" | "seed" | "outDir" | "interpreters">;
  classesPath: string;
  /** The classifier's classes (code k is classes[k - 1]). */
  classes: readonly string[];
}

export interface DesignResult extends DrawnSample {
  files: { geojson: string; csv: string; strata: string; sheet: string; sheetKey: string; interpreterSheets: Record<string, string> };
  /** The units given to the config's named interpreters (none without them). */
  assignments: LabelAssignment[];
  /** The design's checksum, written in every row of the sheet (survey/labels/stored-design.ts). */
  checksum: string;
}

export async function designStage({ config, classesPath, classes }: DesignContext): Promise<DesignResult> {
  const strataOption = config.design.strata;
  const allocation = parseAllocation(config.design.allocation);
  // The design records its stream's seed: createRandom(that seed) draws the same sample again.
  const random = streamFor(config.seed, "design");
  // The class map is read by row strips, twice (counts, then the drawn pixels): memory is set by a strip, not the map.
  const sample = await designStratifiedByStrips({
    mapPath: classesPath,
    strataPath: typeof strataOption === "object" && "raster" in strataOption ? strataOption.raster : undefined,
    buffer:
      typeof strataOption === "object" && "bufferPx" in strataOption
        ? { targetCode: classes.indexOf(config.targetClass) + 1, radiusPx: strataOption.bufferPx }
        : undefined,
    seed: random.seed,
    random,
    n: config.design.n,
    targetSe:
      config.design.targetSe === undefined
        ? undefined
        : {
            kind: "area",
            se: config.design.targetSe,
            // The class map's names are the classifier's classes (code k is classes[k - 1]).
            anticipated: (code) =>
              (classes[code - 1] ?? String(code)) === config.targetClass ? config.design.anticipatedUsersAccuracy : config.design.anticipatedOmission,
          },
    allocation,
  });
  const geojson = join(config.outDir, "sample.geojson");
  const csv = join(config.outDir, "sample.csv");
  const strata = join(config.outDir, "sample.strata.csv");
  writeFileAtomic(geojson, `${JSON.stringify(pointsToGeoJson(sample.points, sample.record))}\n`);
  // Each CSV with its .csvt (and the sample's and sheet's WGS 84 .prj), so that QGIS and GDAL open them typed, as points.
  for (const [path, text] of [...csvLayerFiles(csv, pointsToCsvLayer(sample.points)), ...csvLayerFiles(strata, strataToCsvLayer(sample.strata))])
    writeFileAtomic(path, text);
  const checksum = designChecksum(sample.points, sample.strata);
  const sheet = join(config.outDir, "sheet.csv");
  const sheetKey = join(config.outDir, "sheet.key.csv");
  writeFileAtomic(sheet, sheetToCsv(blindSheetRows(sample.points, checksum, streamFor(config.seed, "sheet")), { designChecksum: checksum }));
  writeFileAtomic(join(config.outDir, "sheet.csvt"), sheetCsvt());
  writeFileAtomic(join(config.outDir, "sheet.prj"), WGS84_PRJ);
  writeFileAtomic(sheetKey, keyToCsv(sample.points, checksum));
  writeFileAtomic(join(config.outDir, "sheet.key.csvt"), SHEET_KEY_CSVT);
  // Named interpreters: the seeded assignment (as `coca survey assign`) and one blind sheet each, in their own order.
  const assignments = config.interpreters
    ? assignUnits({
        unitIds: sample.points.map((p) => p.unitId),
        interpreters: config.interpreters.names,
        doubleShare: config.interpreters.double,
        random: streamFor(config.seed, "assignment"),
      })
    : [];
  const interpreterSheets: Record<string, string> = {};
  if (config.interpreters) {
    const byId = new Map(sample.points.map((p) => [p.unitId, p]));
    for (const name of config.interpreters.names) {
      const rows = assignments
        .filter((a) => a.interpreter === name)
        .map((a) => ({ position: a.position, blindId: blindId(checksum, a.unitId), unitId: a.unitId, unit: byId.get(a.unitId)! }));
      const path = join(config.outDir, `${interpreterFilePrefix(name)}sheet.csv`);
      writeFileAtomic(path, sheetToCsv(rows, { designChecksum: checksum, interpreter: name }));
      writeFileAtomic(csvSidecarPath(path, ".csvt"), sheetCsvt());
      writeFileAtomic(csvSidecarPath(path, ".prj"), WGS84_PRJ);
      interpreterSheets[name] = path;
    }
  }
  return { ...sample, files: { geojson, csv, strata, sheet, sheetKey, interpreterSheets }, checksum, assignments };
}

/** The strata sizes the estimators take, from the design's strata. */
export function strataSizesOf(design: Pick<DrawnSample, "strata">): StratumSize[] {
  return design.strata.map((s) => ({ id: s.stratum, sizeHa: s.sizeHa, sizeUnits: s.sizePx }));
}

/** The message of a survey that stops for the interpreters (no labels yet). */
export function needsLabelsMessage(design: DesignResult, classes: readonly string[]): string {
  return (
    `the blind sheet is written for interpreters: ${design.files.sheet} (${design.points.length} units, shuffled, without the map's class; ` +
    `its key, not for interpreters, is ${design.files.sheetKey}; the design is ${design.files.geojson}). ` +
    `Fill its reference_class column with what each unit is on the ground (one of: ${classes.join(", ")}), and the interpreter column, ` +
    `add \`labels: <that file>\` to the survey config, and run it again with the same seed.` +
    (Object.keys(design.files.interpreterSheets).length > 0
      ? ` Each named interpreter has a sheet of their own: ${Object.values(design.files.interpreterSheets).join(", ")}; ` +
        "put every interpreter's filled rows in the labels file (a unit interpreted twice has a row from each: both are stored, " +
        "their agreement is reported and a unit they disagree on waits for adjudication), or import later labels with `coca survey labels import`."
      : "")
  );
}
