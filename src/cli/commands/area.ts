/**
 * @module cli/commands/area
 * `coca area design|estimate|segments`: sampling designs on a class map, and
 * area/accuracy estimates with standard errors and confidence intervals from
 * reference labels (Olofsson 2013/2014, Stehman 2014, Cochran 1977).
 */
import type { Command } from "commander";
import { basename, dirname, extname, join } from "node:path";
import { designStratifiedByStrips } from "../../area/design-by-strips.ts";
import { designSample, withBufferStratum, type DesignSampleInput, type DrawnSample } from "../../area/design-sample.ts";
import { readAreaFrame } from "../../area/read-frame.ts";
import { readMatrixFile } from "../../area/read-matrix.ts";
import { readSegmentFrameCsv, readSegmentsCsv } from "../../area/read-segments.ts";
import { checkLabelledUnits, readDesignFile, readLabelRows, readStrataCsv, type DesignFile } from "../../area/read-units.ts";
import { renderDesignStrata, renderEstimate, renderSegmentEstimate } from "../tables/area.ts";
import { pointsToCsvLayer, pointsToGeoJson, strataToCsvLayer, type FrameStratum } from "../../area/sample-points.ts";
import { csvLayerFiles } from "../../io/csv.ts";
import { InputError } from "../../domain/errors.ts";
import { writeFileAtomic } from "../../io/atomic-write.ts";
import { sha256File } from "../../io/checksum.ts";
import { allocateSample, describeCountCheck, expectedCountCheck, parseAllocation } from "../../stats/allocation.ts";
import type { AreaEstimate } from "../../stats/area-estimate.ts";
import { DEFAULT_INTERVAL, INTERVAL_METHODS } from "../../stats/interval-method.ts";
import { estimateFromErrorMatrix } from "../../stats/olofsson-estimator.ts";
import { estimateSimpleRandom } from "../../stats/post-stratified.ts";
import { expectedStandardError, sampleSizeForClassArea, sampleSizeForOverallAccuracy } from "../../stats/sample-size.ts";
import { createRandom } from "../../stats/random.ts";
import { estimateSegmentTotal } from "../../stats/segment-estimator.ts";
import type { DesignKind } from "../../stats/stratified-design.ts";
import { estimateStratified } from "../../stats/stratified-estimator.ts";
import type { CliContext } from "../context.ts";
import { choiceFlag, intFlag, numberFlag, parseFlags } from "../flags.ts";
import { printJson } from "../output.ts";

const DESIGN_FLAG = choiceFlag("--design", ["stratified", "simple-random", "systematic"], { default: "stratified" });
const TARGET_FLAG = choiceFlag("--target", ["area", "oa"], { default: "area" });
const CONFIDENCE_FLAG = numberFlag("--confidence", { min: 0, max: 1, minExclusive: true, maxExclusive: true });
const Z_FLAG = numberFlag("--z", { min: 0, minExclusive: true });

/** Parse `a=x,b=y,default=z` pairs; `flag` names the option in errors. */
function parsePairs(text: string, flag: string): { map: Map<string, string>; fallback?: string } {
  const map = new Map<string, string>();
  let fallback: string | undefined;
  for (const part of text.split(",")) {
    const m = /^\s*([^=]+?)\s*=\s*(.+?)\s*$/.exec(part);
    if (!m) throw new InputError(`--${flag}: expected KEY=VALUE pairs separated by commas, got '${part}'`, { field: flag });
    if (m[1] === "default") fallback = m[2]!;
    else map.set(m[1]!, m[2]!);
  }
  return { map, fallback };
}

/** Parse `1=coca,2=other` (raster codes as keys). */
function parseCodeMap(text: string, flag: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const [key, value] of parsePairs(text, flag).map) {
    const code = Number(key);
    if (!Number.isInteger(code) || code < 0) throw new InputError(`--${flag}: '${key}' is not a raster code (a whole number >= 0)`, { field: flag });
    out.set(code, value);
  }
  return out;
}

/** Anticipated proportions per stratum (`1=0.8,2=0.05,default=0.005`), looked up by stratum id or code. */
function anticipatedLookup(text: string | undefined, flag: string): (stratum: number | string) => number {
  if (text === undefined) {
    throw new InputError(
      `--target-se and --allocation neyman need --${flag}: the anticipated proportion per stratum (STRATUM=P pairs, e.g. "1=0.8,2=0.05,default=0.005"; ` +
        `for --target oa, the conjectured user's accuracy of each map class)`,
      { field: flag },
    );
  }
  const { map, fallback } = parsePairs(text, flag);
  const values = new Map<string, number>();
  for (const [key, v] of map) values.set(key, checkProportion(v, flag));
  const def = fallback === undefined ? undefined : checkProportion(fallback, flag);
  return (stratum) => {
    const v = values.get(String(stratum)) ?? def;
    if (v === undefined) throw new InputError(`--${flag} gives no value for stratum ${stratum} (add ${stratum}=P or default=P)`, { field: flag });
    return v;
  };
}

function checkProportion(text: string, flag: string): number {
  const v = Number(text);
  if (!(v >= 0 && v <= 1)) throw new InputError(`--${flag}: '${text}' is not a proportion in [0, 1]`, { field: flag });
  return v;
}

/** `sample.geojson` -> `sample.csv`, `sample.strata.csv`. */
function siblingPath(out: string, suffix: string): string {
  const ext = extname(out);
  return join(dirname(out), `${basename(out, ext)}${suffix}`);
}

interface DesignOptions {
  map?: string;
  sizes?: string;
  pixelAreaHa?: string;
  strata?: string;
  design: string;
  n?: string;
  targetSe?: string;
  target: string;
  anticipated?: string;
  allocation: string;
  seed: string;
  stepPx?: string;
  nodata?: string;
  classNames?: string;
  bufferPx?: string;
  bufferClass: string;
  bufferStratum?: string;
  out?: string;
  csv?: string;
  strataOut?: string;
  json?: boolean;
}

async function runDesign(opts: DesignOptions): Promise<void> {
  if ((opts.map === undefined) === (opts.sizes === undefined))
    throw new InputError("give --map (draw sample points) or --sizes (allocate only)", { field: "map" });
  if (opts.sizes) return runAllocation(opts);
  if (opts.out === undefined) throw new InputError("--out <sample.geojson> is required with --map", { field: "out" });
  if (!/\.(geo)?json$/i.test(opts.out)) throw new InputError(`--out must be a .geojson file, got '${opts.out}'`, { field: "out" });
  const seed = intFlag("--seed", { default: 1 }).parse(opts.seed);
  const n = intFlag("--n", { min: 1 }).parse(opts.n);
  const targetSe = numberFlag("--target-se", { min: 0, minExclusive: true }).parse(opts.targetSe);
  const kind: DesignKind = DESIGN_FLAG.parse(opts.design);
  const target = TARGET_FLAG.parse(opts.target);
  const bySystematicStep = kind === "systematic" && opts.stepPx !== undefined;
  if (bySystematicStep ? n !== undefined || targetSe !== undefined : (n === undefined) === (targetSe === undefined)) {
    throw new InputError(bySystematicStep ? "give --step-px or --n for a systematic design, not both" : "give exactly one of --n and --target-se", {
      field: "n",
    });
  }
  if (kind !== "stratified" && n === undefined && !bySystematicStep)
    throw new InputError(`--design ${kind} needs --n (or --step-px for systematic)`, { field: "n" });
  const allocation = parseAllocation(opts.allocation);
  const classNames = opts.classNames ? parseCodeMap(opts.classNames, "class-names") : undefined;
  const mapPath = opts.map!;
  const out = opts.out;
  const nodata = numberFlag("--nodata").parse(opts.nodata);
  const bufferPx = intFlag("--buffer-px", { min: 1 }).parse(opts.bufferPx);
  const buffer =
    bufferPx === undefined
      ? undefined
      : {
          targetCode: intFlag("--buffer-class", { min: 0, default: 1 }).parse(opts.bufferClass),
          radiusPx: bufferPx,
          bufferCode: intFlag("--buffer-stratum", { min: 0 }).parse(opts.bufferStratum),
        };
  if (buffer && opts.strata) throw new InputError("give either --strata or --buffer-px, not both", { field: "buffer-px" });
  if (target === "oa" && opts.strata)
    throw new InputError("--target oa needs strata = map classes (no --strata): the formula uses the map classes' user's accuracies", { field: "target" });
  const common = {
    seed,
    random: createRandom(seed),
    n,
    targetSe: targetSe === undefined ? undefined : { kind: target, se: targetSe, anticipated: anticipatedLookup(opts.anticipated, "anticipated") },
    // A fixed n with --anticipated (or Neyman, which needs it): the SDs, the expected SE and the expected-count check.
    anticipated:
      targetSe === undefined && (opts.anticipated !== undefined || allocation === "neyman") ? anticipatedLookup(opts.anticipated, "anticipated") : undefined,
    allocation,
  };
  // A stratified design reads the map by row strips (memory set by a strip, not the map); the others read it whole.
  const { design, points, strata, record } =
    kind === "stratified"
      ? await designStratifiedByStrips({ ...common, mapPath, strataPath: opts.strata, buffer, describeBuffer: true, nodata, classNames })
      : await designWholeMap(mapPath, opts.strata, nodata, classNames, buffer, {
          ...common,
          design: kind,
          stepPx: intFlag("--step-px", { min: 1 }).parse(opts.stepPx),
        });
  const warnings = record.warnings;
  const csvPath = opts.csv ?? siblingPath(out, ".csv");
  const strataPath = opts.strataOut ?? siblingPath(out, ".strata.csv");
  writeFileAtomic(out, `${JSON.stringify(pointsToGeoJson(points, record))}\n`);
  // Each CSV with its .csvt (and the sample's WGS 84 .prj: lon/lat are its point coordinates in QGIS and GDAL).
  for (const [path, text] of [...csvLayerFiles(csvPath, pointsToCsvLayer(points)), ...csvLayerFiles(strataPath, strataToCsvLayer(strata))])
    writeFileAtomic(path, text);
  const outputs = { geojson: out, csv: csvPath, strata: strataPath };
  if (opts.json) {
    printJson({
      ...record,
      expectedSe: design.expectedSe,
      countCheck: design.countCheck,
      outputs,
      inputs: {
        map: { path: mapPath, sha256: await sha256File(mapPath) },
        ...(opts.strata ? { strata: { path: opts.strata, sha256: await sha256File(opts.strata) } } : {}),
      },
    });
    return;
  }
  const lines = [
    `${design.design} design, ${design.units.length} units, seed ${seed}${design.allocation ? `, allocation ${design.allocation}` : ""}`,
    renderDesignStrata(strata).trimEnd(),
  ];
  if (record.sampleSizeRule) lines.push(`sample size: ${record.sampleSizeRule}`);
  if (design.expectedSe !== undefined) {
    const totalHa = strata.reduce((s, h) => s + h.sizeHa, 0);
    lines.push(
      `expected SE with this allocation: ${design.expectedSe.toPrecision(4)} of the frame${target === "area" ? ` (${(design.expectedSe * totalHa).toFixed(2)} ha)` : ""}`,
    );
  }
  lines.push(`wrote ${out} (WGS 84 points), ${csvPath} (map and WGS 84 coordinates), ${strataPath} (stratum sizes)`);
  if (warnings.length > 0) lines.push("", "warnings:", ...warnings.map((w) => `  - ${w}`));
  process.stdout.write(`${lines.join("\n")}\n`);
}

/** A simple random or systematic design over the whole map read into memory. */
async function designWholeMap(
  mapPath: string,
  strataPath: string | undefined,
  nodata: number | undefined,
  classNames: ReadonlyMap<number, string> | undefined,
  buffer: { targetCode: number; radiusPx: number; bufferCode?: number } | undefined,
  input: Omit<DesignSampleInput, "frame" | "strataSource">,
): Promise<DrawnSample> {
  let frame = await readAreaFrame({ mapPath, strataPath, nodata, classNames });
  let strataSource: string | undefined;
  if (buffer) {
    const buffered = withBufferStratum(frame, buffer);
    frame = buffered.frame;
    strataSource = buffered.strataSource;
  }
  return designSample({ ...input, frame, strataSource });
}

/** `coca area design --sizes strata.csv`: sample size and allocation from given stratum sizes, no raster. */
async function runAllocation(opts: DesignOptions): Promise<void> {
  const sizesPath = opts.sizes!;
  if (opts.out || opts.strata || opts.bufferPx) throw new InputError("--sizes allocates only: --out, --strata and --buffer-px need --map", { field: "sizes" });
  if (opts.design !== "stratified") throw new InputError("--sizes allocates a stratified sample; --design must be stratified", { field: "design" });
  const pixelAreaHa = numberFlag("--pixel-area-ha", { min: 0, minExclusive: true }).parse(opts.pixelAreaHa);
  let n = intFlag("--n", { min: 1 }).parse(opts.n);
  const targetSe = numberFlag("--target-se", { min: 0, minExclusive: true }).parse(opts.targetSe);
  const target = TARGET_FLAG.parse(opts.target);
  if ((n === undefined) === (targetSe === undefined)) throw new InputError("give exactly one of --n and --target-se", { field: "n" });
  const strata = await readStrataCsv(sizesPath, { pixelAreaHa });
  const units = strata.map((s) => {
    if (s.sizeUnits === undefined)
      throw new InputError(`${sizesPath}: stratum ${s.id} needs size_px (its number of sampling units) to allocate`, { field: "size_px" });
    return s.sizeUnits;
  });
  let sampleSizeRule: string | undefined;
  let sd: number[] | undefined;
  let totalHa = strata.reduce((a, s) => a + s.sizeHa, 0);
  if (targetSe !== undefined || opts.allocation === "neyman" || opts.anticipated !== undefined) {
    const anticipated = anticipatedLookup(opts.anticipated, "anticipated");
    const p = strata.map((s) => anticipated(s.id));
    sd = p.map((x) => Math.sqrt(x * (1 - x)));
    if (targetSe !== undefined) {
      const r =
        target === "oa"
          ? sampleSizeForOverallAccuracy({ weights: units, usersAccuracy: p, targetSe })
          : sampleSizeForClassArea({ weights: units, anticipatedProportion: p, targetSeHa: targetSe, totalAreaHa: totalHa });
      n = Math.min(
        r.n,
        units.reduce((a, b) => a + b, 0),
      );
      sampleSizeRule = `${r.formula}; target SE ${targetSe}${target === "oa" ? "" : " ha"}; n = ${r.nUnrounded.toFixed(2)} -> ${r.n}`;
    }
  }
  const allocation = allocateSample({ n: n!, sizes: units, rule: parseAllocation(opts.allocation), sd, ids: strata.map((s) => s.id) });
  const rows: FrameStratum[] = strata.map((s, h) => ({
    stratum: s.id,
    sizePx: units[h]!,
    sizeHa: s.sizeHa,
    sampleSize: allocation.sampleSizes[h]!,
    inclusionProbability: allocation.sampleSizes[h]! / units[h]!,
  }));
  const expectedSe = sd ? expectedStandardError({ weights: units, sd, sampleSizes: allocation.sampleSizes }) : undefined;
  if (opts.anticipated !== undefined && target === "area") {
    const anticipated = anticipatedLookup(opts.anticipated, "anticipated");
    const check = expectedCountCheck({
      n: n!,
      sizes: units,
      rule: parseAllocation(opts.allocation),
      sd,
      ids: strata.map((s) => s.id),
      sampleSizes: allocation.sampleSizes,
      anticipated: strata.map((s) => anticipated(s.id)),
    });
    allocation.warnings.push(...describeCountCheck(check));
  }
  if (totalHa === 0) totalHa = NaN;
  if (opts.json) {
    printJson({
      strata: rows,
      sampleSize: n,
      allocation: opts.allocation,
      sampleSizeRule,
      expectedSe,
      expectedSeHa: expectedSe === undefined ? undefined : expectedSe * totalHa,
      warnings: allocation.warnings,
      inputs: { sizes: { path: sizesPath, sha256: await sha256File(sizesPath) } },
    });
    return;
  }
  const lines = [`stratified allocation of ${n} units (${opts.allocation}) over ${sizesPath}`, renderDesignStrata(rows).trimEnd()];
  if (sampleSizeRule) lines.push(`sample size: ${sampleSizeRule}`);
  if (expectedSe !== undefined)
    lines.push(
      `expected SE with this allocation: ${expectedSe.toPrecision(4)} of the frame${target === "area" ? ` (${(expectedSe * totalHa).toFixed(2)} ha)` : ""}`,
    );
  if (allocation.warnings.length > 0) lines.push("", "warnings:", ...allocation.warnings.map((w) => `  - ${w}`));
  process.stdout.write(`${lines.join("\n")}\n`);
}

interface EstimateOptions {
  matrix?: string;
  units?: string;
  strata?: string;
  design?: string;
  classes?: string;
  pixelAreaHa?: string;
  estimator?: string;
  confidence?: string;
  z?: string;
  fpc?: boolean;
  interval?: string;
  targetClass?: string;
  json?: boolean;
}

const INTERVAL_FLAG = choiceFlag("--interval", INTERVAL_METHODS, { default: DEFAULT_INTERVAL });

async function runEstimate(opts: EstimateOptions): Promise<void> {
  const confidence = CONFIDENCE_FLAG.parse(opts.confidence);
  const z = Z_FLAG.parse(opts.z);
  const fpc = opts.fpc ?? false;
  const interval = INTERVAL_FLAG.parse(opts.interval);
  const targetClasses = opts.targetClass
    ? opts.targetClass
        .split(",")
        .map((c) => c.trim())
        .filter((c) => c !== "")
    : undefined;
  let estimate: AreaEstimate;
  const inputs: Record<string, { path: string; sha256: string }> = {};
  const notes: string[] = [];
  if (opts.matrix) {
    if (opts.units || opts.strata) throw new InputError("give either --matrix or --units with --strata, not both", { field: "matrix" });
    const spec = await readMatrixFile(opts.matrix);
    notes.push(...spec.notes);
    estimate = estimateFromErrorMatrix({ ...spec, confidence, z, fpc, interval, targetClasses });
    inputs.matrix = { path: opts.matrix, sha256: await sha256File(opts.matrix) };
  } else {
    if (!opts.units || !opts.strata) throw new InputError("give --matrix FILE.json, or --units FILE with --strata FILE.csv", { field: "units" });
    const pixelAreaHa = numberFlag("--pixel-area-ha", { min: 0, minExclusive: true }).parse(opts.pixelAreaHa);
    const strata = await readStrataCsv(opts.strata, { pixelAreaHa });
    const rows = await readLabelRows(opts.units);
    let design: DesignFile | undefined;
    if (opts.design) design = await readDesignFile(opts.design);
    const legend = opts.classes
      ? opts.classes
          .split(",")
          .map((c) => c.trim())
          .filter((c) => c !== "")
      : design?.record.legend;
    const units = checkLabelledUnits({ rows, file: opts.units, strata, strataFile: opts.strata, legend, design, designFile: opts.design });
    const designKind = design?.record.design;
    const estimator = opts.estimator ?? (designKind && designKind !== "stratified" ? "post-stratified" : "stratified");
    if (!["stratified", "post-stratified", "simple-random"].includes(estimator)) {
      throw new InputError(`--estimator must be stratified, post-stratified or simple-random, got '${estimator}'`, { field: "estimator" });
    }
    if (estimator === "simple-random" && designKind === "stratified") {
      throw new InputError(
        `${opts.design} is a stratified design: the simple-random estimator would ignore its unequal inclusion probabilities; use --estimator stratified`,
        { field: "estimator" },
      );
    }
    if (estimator === "simple-random") {
      const totalUnits = strata.every((s) => s.sizeUnits !== undefined) ? strata.reduce((a, s) => a + s.sizeUnits!, 0) : undefined;
      estimate = estimateSimpleRandom({
        units,
        totalAreaHa: strata.reduce((a, s) => a + s.sizeHa, 0),
        totalUnits,
        classes: legend,
        confidence,
        z,
        fpc,
        interval,
      });
    } else {
      // With strata = map classes (no strata raster in the design), the mapped areas are the stratum sizes.
      let mappedAreaHa: number[] | undefined;
      if (design && !design.record.strataRaster && legend) {
        const classOf = new Map<string, string>();
        for (const u of design.units.values()) classOf.set(u.stratum, u.mapClass);
        mappedAreaHa = legend.map((c) => strata.filter((s) => classOf.get(s.id) === c).reduce((a, s) => a + s.sizeHa, 0));
      }
      estimate = estimateStratified({
        strata,
        units,
        classes: legend,
        confidence,
        z,
        fpc,
        interval,
        targetClasses,
        mappedAreaHa,
        estimator: estimator === "post-stratified" ? "post-stratified" : "stehman",
      });
      if (estimator === "stratified" && designKind && designKind !== "stratified") {
        estimate.warnings.push(
          `${opts.design} is a ${designKind} design: the stratified estimator here is a post-stratified estimate (variance conditional on the realised stratum sample sizes)`,
        );
      }
    }
    inputs.units = { path: opts.units, sha256: await sha256File(opts.units) };
    inputs.strata = { path: opts.strata, sha256: await sha256File(opts.strata) };
    if (opts.design) inputs.design = { path: opts.design, sha256: await sha256File(opts.design) };
  }
  estimate.warnings.push(...notes);
  if (opts.json) {
    printJson({ ...estimate, inputs, units: { area: "ha", accuracy: "proportion (0-1)" } });
    return;
  }
  process.stdout.write(renderEstimate(estimate));
}

interface SegmentOptions {
  segments: string;
  frame?: string;
  totalSegments?: string;
  auxiliaryTotal?: string;
  estimator: string;
  confidence?: string;
  z?: string;
  fpc?: boolean;
  json?: boolean;
}

async function runSegments(opts: SegmentOptions): Promise<void> {
  const estimator = choiceFlag("--estimator", ["expansion", "ratio"], { default: "expansion" }).parse(opts.estimator);
  if (!opts.frame === (opts.totalSegments === undefined)) throw new InputError("give either --frame FILE.csv or --total-segments N", { field: "frame" });
  const flags = parseFlags(opts, {
    totalSegments: intFlag("--total-segments", { min: 1 }),
    auxiliaryTotal: numberFlag("--auxiliary-total", { min: 0 }),
    confidence: CONFIDENCE_FLAG,
    z: Z_FLAG,
  });
  const segments = await readSegmentsCsv(opts.segments);
  const strata = opts.frame ? await readSegmentFrameCsv(opts.frame) : undefined;
  const e = estimateSegmentTotal({ segments, strata, ...flags, estimator, fpc: opts.fpc ?? false });
  if (opts.json) {
    const inputs: Record<string, { path: string; sha256: string }> = { segments: { path: opts.segments, sha256: await sha256File(opts.segments) } };
    if (opts.frame) inputs.frame = { path: opts.frame, sha256: await sha256File(opts.frame) };
    printJson({ ...e, inputs, units: { area: "ha" } });
    return;
  }
  process.stdout.write(renderSegmentEstimate(e));
}

export function register(program: Command, _ctx: CliContext): void {
  const area = program.command("area").description("sampling designs and area estimates with confidence intervals (Olofsson 2014, Stehman 2014)");

  area
    .command("design")
    .description("draw a seeded probability sample of pixels from a class map, for interpreters (GeoJSON + CSV)")
    .option("--map <classes.tif>", "class map (GeoTIFF/COG, integer codes)")
    .option("--sizes <strata.csv>", "instead of --map: allocate only, from stratum sizes (stratum,size_px[,size_ha])")
    .option("--pixel-area-ha <ha>", "with --sizes and no size_ha column: hectares per pixel")
    .option("--strata <strata.tif>", "stratification raster on the map's grid (default: strata = map classes)")
    .option("--buffer-px <N>", "add a buffer stratum: pixels not mapped as --buffer-class within N px of it (square window)")
    .option("--buffer-class <code>", "map code the buffer surrounds (coca)", "1")
    .option("--buffer-stratum <code>", "stratum code of the buffer (default: largest map code + 1)")
    .option("--design <kind>", "stratified | simple-random | systematic", "stratified")
    .option("--n <N>", "total sample size")
    .option("--target-se <X>", "derive n from a target SE: ha of the target class's area (--target area), or a proportion (--target oa)")
    .option("--target <what>", "area (Cochran 1977 eq. 5.26) | oa (Olofsson 2014 eq. 13)", "area")
    .option(
      "--anticipated <pairs>",
      'per stratum code: anticipated proportion of the target class (area) or user\'s accuracy (oa), e.g. "1=0.8,2=0.05,default=0.005"',
    )
    .option("--allocation <rule>", "proportional | equal | neyman | min:N", "proportional")
    .option("--seed <S>", "seed of the random selection (same seed, same sample)", "1")
    .option("--step-px <N>", "systematic design: grid step in pixels (default from --n)")
    .option("--nodata <value>", "map value outside the frame (default: the file's nodata)")
    .option("--class-names <pairs>", 'names of map codes, e.g. "1=coca,2=other" (default: the file\'s CLASS_NAMES, else the codes)')
    .option("--out <sample.geojson>", "sample points, WGS 84 (required with --map)")
    .option("--csv <sample.csv>", "points as CSV (default: beside --out)")
    .option("--strata-out <strata.csv>", "stratum sizes of the frame (default: beside --out, .strata.csv)")
    .option("--json", "print as JSON")
    .action(async (opts: DesignOptions) => runDesign(opts));

  area
    .command("estimate")
    .description("area of each class with SE and CI, user's/producer's/overall accuracy, error matrix in area proportions")
    .option("--matrix <file.json>", '{"classes", "mapped_area_ha" (or "mapped_area_pixels" + "pixel_area_ha"), "sample_counts"} (rows map, columns reference)')
    .option("--units <units.csv|geojson>", "labelled sample units: unit_id, stratum, map_class, reference_class")
    .option("--strata <strata.csv>", "stratum sizes: stratum,size_ha (or size_px with --pixel-area-ha)")
    .option("--design <sample.geojson>", "the design the units came from: checks ids, strata, legend and frame sizes")
    .option("--classes <list>", "legend, comma-separated, in output order (default: the design's legend, else the labels seen)")
    .option("--pixel-area-ha <ha>", "pixel area when strata.csv gives size_px only")
    .option(
      "--estimator <kind>",
      "stratified (Stehman 2014) | post-stratified | simple-random (default: stratified, or post-stratified for SRS/systematic designs)",
    )
    .option("--confidence <level>", "two-sided confidence level (default 0.95)")
    .option("--z <z>", "z multiplier, overriding --confidence (1.96 reproduces the published tables)")
    .option("--fpc", "apply the finite-population correction 1 - n_h/N_h")
    .option(
      "--interval <method>",
      `score (default: stratified Wilson-type, keeps its coverage with rare classes) | t (Satterthwaite df) | normal (± z·SE, as the published tables) | bootstrap`,
    )
    .option("--target-class <list>", "classes whose strata with too few sample units are warned about (default: every class)")
    .option("--json", "print as JSON")
    .action(async (opts: EstimateOptions) => runEstimate(opts));

  area
    .command("segments")
    .description("US-style total coca area from sampled imagery segments: expansion or ratio estimator with CI")
    .requiredOption("--segments <segments.csv>", "segment_id, stratum, coca_ha[, auxiliary]")
    .option("--frame <frame.csv>", "stratum, segments[, auxiliary_total]: segments in the frame per stratum")
    .option("--total-segments <N>", "segments in the frame (one stratum)")
    .option("--auxiliary-total <X>", "auxiliary total of the frame (ratio estimator, one stratum)")
    .option("--estimator <kind>", "expansion | ratio", "expansion")
    .option("--confidence <level>", "two-sided confidence level (default 0.95)")
    .option("--z <z>", "z multiplier, overriding --confidence")
    .option("--fpc", "apply the finite-population correction 1 - m_h/M_h")
    .option("--json", "print as JSON")
    .action(async (opts: SegmentOptions) => runSegments(opts));
}
