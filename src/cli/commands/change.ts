/**
 * @module cli/commands/change
 * `coca change map|estimate|fields|eradication|demo`: change between years. Transitions between two class
 * maps with hectares per transition and region; change areas and rates (new, persistent, lost coca, net
 * change, abandoned share, replanted share of eradicated area) estimated from a two-date sample with SE and CI;
 * fields matched across years; eradication records.
 */
import type { Command } from "commander";
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { readFile } from "node:fs/promises";
import { cellHistory, cellsToGeoJson } from "../../change/cell-history.ts";
import { DEFAULT_DEMO_PARAMS } from "../../change/demo.ts";
import { changeDemoAnalysis, DEMO_CLASSIFIERS, runChangeDemoWith, writeChangeDemo } from "../../change/demo-files.ts";
import { withTilePool } from "../../imagery/workers/tile-pool.ts";
import { peruHalfBy2021, trackShareTarget, type EradicationSeries } from "../../change/eradication-share-target.ts";
import { matchEradication, parseEradicationRecords, recordsToGeoJson, type EradicationRecord, type EradicationSummary } from "../../change/eradication.ts";
import { matchedFieldsFlatGeobuf, matchedFieldsGeoJson, planarYears, readFieldLayer } from "../../change/field-layers.ts";
import { fieldFormatOf } from "../../imagery/vectorize/write-fields.ts";
import { matchFieldYears } from "../../change/match-fields.ts";
import { classifyChangeYears, loadChangeSurveyConfig } from "../../change/change-config.ts";
import { designChangeSurvey, strataSizesOf } from "../../change/change-survey.ts";
import { parseClassRenames } from "../../change/transition-legend.ts";
import { mapTransitions, type TransitionResult } from "../../change/transitions.ts";
import { readDesignFile, readStrataCsv, type DesignFile } from "../../area/read-units.ts";
import { checkChangeUnits, readChangeLabels } from "../../change/read-change-units.ts";
import { InputError, NotFoundError } from "../../domain/errors.ts";
import { ensureSeeded } from "../../figures/seed.ts";
import type { AreaEstimate } from "../../stats/area-estimate.ts";
import { estimateChange, type AreaWithInterval, type ChangeEstimate, type RatioWithInterval } from "../../stats/change-estimator.ts";
import { estimateStratified } from "../../stats/stratified-estimator.ts";
import { readRegions } from "../../imagery/zonal/regions.ts";
import { writeFileAtomic } from "../../io/atomic-write.ts";
import { sha256File } from "../../io/checksum.ts";
import { codeVersion } from "../../survey/code-version.ts";
import { expandScenes } from "../../survey/scenes.ts";
import { parseStoredDesign } from "../../survey/labels/stored-design.ts";
import type { ChipScene } from "../../survey/labels/subject.ts";
import type { SurveyConfig } from "../../domain/survey-config.ts";
import type { Store } from "../../store/store.ts";
import { decodeUtf8 } from "../../io/csv.ts";
import { estimateChangeFromLabels, getChangeDesign } from "../../change/change-design.ts";
import type { CliContext } from "../context.ts";
import { registerChangeLabels } from "./change-labels.ts";
import { choiceFlag, intFlag, numberFlag, parseFlags } from "../flags.ts";
import { fmt, printJson, renderTable } from "../output.ts";
import { renderShareTarget } from "../tables/figures.ts";

/** The numeric flags of this file, read through cli/flags (a bad value is exit 2 naming the flag). */
/** The change estimator's interval procedures (no bootstrap). */
const CHANGE_INTERVALS = ["score", "t", "normal"] as const;
const INTERVAL_FLAG = choiceFlag("--interval", CHANGE_INTERVALS, { default: "score" });
const INTERVAL_HELP =
  "interval procedure: score (stratified score / Wilson, the default, as the area estimates), t, or normal (estimate ± z·SE, the published tables')";

const FLAG = {
  tileSizePx: intFlag("--tile-size-px", { min: 16, multipleOf: 16 }),
  z: numberFlag("--z", { min: 0, minExclusive: true }),
  confidence: numberFlag("--confidence", { min: 0, max: 1, minExclusive: true, maxExclusive: true }),
  pixelAreaHa: numberFlag("--pixel-area-ha", { min: 0 }),
  minIou: numberFlag("--min-iou", { min: 0, max: 1 }),
  minOverlap: numberFlag("--min-overlap", { min: 0, max: 1 }),
  toleranceM: numberFlag("--tolerance-m", { min: 0, default: 30 }),
  seed: intFlag("--seed", { default: 1 }),
  sizePx: intFlag("--size-px", { min: 100, max: 4000, default: 600 }),
  n: intFlag("--n", { min: 1 }),
  cellKm: numberFlag("--cell-km", { min: 0, minExclusive: true }),
  minCocaHa: numberFlag("--min-coca-ha", { min: 0 }),
  permanentYears: intFlag("--permanent-years", { min: 1 }),
  abandonedYears: intFlag("--abandoned-years", { min: 1 }),
  newLookbackYears: intFlag("--new-lookback-years", { min: 1 }),
} as const;

interface MapOptions {
  from: string;
  to: string;
  out: string;
  regions?: string;
  nameField: string;
  classMap?: string;
  tileSizePx?: string;
  json?: boolean;
}

async function runMap(opts: MapOptions): Promise<void> {
  if (!/\.tiff?$/i.test(opts.out)) throw new InputError(`--out must be a .tif file, got '${opts.out}'`, { field: "out" });
  const regions = opts.regions ? readRegions(opts.regions, opts.nameField) : undefined;
  const result = await mapTransitions({
    from: opts.from,
    to: opts.to,
    out: opts.out,
    regions,
    renames: parseClassRenames(opts.classMap),
    tileSizePx: FLAG.tileSizePx.parse(opts.tileSizePx),
  });
  const method =
    `${result.from.geographic ? "ellipsoidal" : "planar"} cell areas on ${opts.from}'s grid (${result.from.crs}), as GRASS r.stats -a` +
    (regions ? "; cells cut by region edges counted by the share inside" : "");
  if (opts.json) {
    const inputs: Record<string, { path: string; sha256: string }> = {
      from: { path: opts.from, sha256: await sha256File(opts.from) },
      to: { path: opts.to, sha256: await sha256File(opts.to) },
    };
    if (opts.regions) inputs.regions = { path: opts.regions, sha256: await sha256File(opts.regions) };
    printJson({ ...result, unit: "ha", method, inputs, outputs: { raster: opts.out, categories: `${opts.out}.aux.xml` } });
    return;
  }
  process.stdout.write(renderTransitions(result));
}

function renderTransitions(r: TransitionResult): string {
  const lines: string[] = [];
  lines.push(`transitions ${r.from.ref} -> ${r.to.ref}${r.resampled ? " (second map resampled by nearest neighbour onto the first map's grid)" : ""}`);
  lines.push(
    renderTable(
      r.transitions.filter((t) => t.areaHa > 0),
      [
        { header: "code", value: (t) => t.code, align: "right" },
        { header: "transition", value: (t) => t.name },
        { header: "area (ha)", value: (t) => fmt(t.areaHa, 2), align: "right" },
      ],
    ).trimEnd(),
  );
  lines.push(
    "",
    renderTable(r.classChange, [
      { header: "class", value: (c) => c.className },
      { header: "first (ha)", value: (c) => fmt(c.fromHa, 2), align: "right" },
      { header: "second (ha)", value: (c) => fmt(c.toHa, 2), align: "right" },
      { header: "net change (ha)", value: (c) => fmt(c.netChangeHa, 2), align: "right" },
    ]).trimEnd(),
  );
  if (r.byRegion) {
    lines.push(
      "",
      renderTable(r.byRegion, [
        { header: "region", value: (t) => t.region },
        { header: "transition", value: (t) => t.name },
        { header: "area (ha)", value: (t) => fmt(t.areaHa, 2), align: "right" },
      ]).trimEnd(),
    );
  }
  if (r.byRegionClassChange) {
    lines.push(
      "",
      renderTable(r.byRegionClassChange, [
        { header: "region", value: (t) => t.region },
        { header: "class", value: (t) => t.className },
        { header: "net change (ha)", value: (t) => fmt(t.netChangeHa, 2), align: "right" },
        {
          header: "share of the map's net change",
          value: (t) => (t.shareOfNetChange === null ? "—" : `${(t.shareOfNetChange * 100).toFixed(1)}%`),
          align: "right",
        },
      ]).trimEnd(),
    );
  }
  lines.push("", `wrote ${r.out} (transition codes with names and colours; ${r.out}.aux.xml for QGIS)`);
  if (r.warnings.length) lines.push("", "warnings:", ...r.warnings.map((w) => `  - ${w}`));
  return `${lines.join("\n")}\n`;
}

interface EstimateOptions {
  units?: string;
  strata?: string;
  analysis?: string;
  design?: string;
  class: string;
  classes?: string;
  pixelAreaHa?: string;
  mapChangeClasses?: string;
  confidence?: string;
  z?: string;
  fpc?: boolean;
  store?: boolean;
  name?: string;
  fromLabel: string;
  toLabel: string;
  interval?: string;
  json?: boolean;
}

/** Reference change categories of a unit with respect to the target class. */
const CHANGE_CATEGORIES = ["lost", "new", "persistent", "stable"] as const;
type ChangeCategory = (typeof CHANGE_CATEGORIES)[number];
const categoryOf = (from: string, to: string, c: string): ChangeCategory => (from === c ? (to === c ? "persistent" : "lost") : to === c ? "new" : "stable");

/** `Deforestation=lost,Forest gain=new,...`: map classes of the change map -> change categories. */
function parseChangeCategories(text: string): Map<string, ChangeCategory> {
  const out = new Map<string, ChangeCategory>();
  for (const part of text.split(",")) {
    const m = /^\s*([^=]+?)\s*=\s*(.+?)\s*$/.exec(part);
    const cat = m?.[2] as ChangeCategory | undefined;
    if (!m || !CHANGE_CATEGORIES.includes(cat!)) {
      throw new InputError(`--map-change-classes: expected MAP_CLASS=CATEGORY pairs with CATEGORY one of ${CHANGE_CATEGORIES.join(", ")}, got '${part}'`, {
        field: "map-change-classes",
      });
    }
    out.set(m[1]!, cat!);
  }
  return out;
}

async function runEstimate(opts: EstimateOptions, ctx: CliContext): Promise<void> {
  if (opts.analysis !== undefined) {
    if (opts.units !== undefined || opts.strata !== undefined)
      throw new InputError("give --analysis (a stored change design, estimated from its stored labels) or --units and --strata, not both", {
        field: "analysis",
      });
    return runEstimateAnalysis(opts, ctx);
  }
  if (opts.units === undefined || opts.strata === undefined)
    throw new InputError("give --units and --strata (a labelled sample), or --analysis ID (a stored change design)", {
      field: opts.units === undefined ? "units" : "strata",
    });
  const ready = { ...opts, units: opts.units, strata: opts.strata };
  return runEstimateFiles(ready, ctx);
}

async function runEstimateFiles(opts: EstimateOptions & { units: string; strata: string }, ctx: CliContext): Promise<void> {
  const confidence = FLAG.confidence.parse(opts.confidence);
  const z = FLAG.z.parse(opts.z);
  const pixelAreaHa = FLAG.pixelAreaHa.parse(opts.pixelAreaHa);
  const strata = await readStrataCsv(opts.strata, { pixelAreaHa });
  const rows = await readChangeLabels(opts.units);
  let design: DesignFile | undefined;
  if (opts.design) design = await readDesignFile(opts.design);
  const legend = opts.classes
    ? opts.classes
        .split(",")
        .map((c) => c.trim())
        .filter((c) => c !== "")
    : undefined;
  const units = checkChangeUnits({ rows, file: opts.units, strata, strataFile: opts.strata, legend, design, designFile: opts.design });
  const target = opts.class;
  if (legend && !legend.includes(target)) throw new InputError(`--class "${target}" is not in --classes (${legend.join(", ")})`, { field: "class" });
  const interval = INTERVAL_FLAG.parse(opts.interval);
  const estimate = estimateChange({ strata, units, targetClass: target, confidence, z, fpc: opts.fpc ?? false, interval });
  let changeMapAccuracy: AreaEstimate | undefined;
  if (opts.mapChangeClasses) {
    const cats = parseChangeCategories(opts.mapChangeClasses);
    const order = [...new Set(cats.values())];
    const labelled = units.map((u) => {
      const m = cats.get(u.mapClass);
      if (m === undefined)
        throw new InputError(`${opts.units}: unit ${u.unitId ?? "?"} has map class "${u.mapClass}", which --map-change-classes does not name`, {
          field: "map-change-classes",
        });
      return { stratum: u.stratum, mapClass: m, referenceClass: categoryOf(u.fromClass, u.toClass, target), unitId: u.unitId };
    });
    const classes = [...order, ...CHANGE_CATEGORIES.filter((c) => !order.includes(c))];
    changeMapAccuracy = estimateStratified({ strata, units: labelled, classes, confidence, z, fpc: opts.fpc ?? false, interval });
  }
  let inputs: Record<string, { path: string; sha256: string }> | undefined;
  if (opts.json) {
    inputs = {
      units: { path: opts.units, sha256: await sha256File(opts.units) },
      strata: { path: opts.strata, sha256: await sha256File(opts.strata) },
    };
    if (opts.design) inputs.design = { path: opts.design, sha256: await sha256File(opts.design) };
  }
  const storedId = opts.store ? await storeEstimate(opts, estimate, ctx) : undefined;
  if (opts.json) {
    printJson({ ...estimate, changeMapAccuracy, inputs, units: { area: "ha", rate: "proportion (0-1)" }, ...(storedId === undefined ? {} : { storedId }) });
    return;
  }
  process.stdout.write(
    renderChangeEstimate(estimate) + (storedId === undefined ? "" : `stored as change analysis ${storedId} (coca change show ${storedId})\n`),
  );
}

/** Keep a change estimate in the store, with its inputs' checksums. */
async function storeEstimate(opts: EstimateOptions & { units: string }, estimate: ChangeEstimate, ctx: CliContext): Promise<number> {
  const files: [string, string | undefined][] = [
    ["reference labels", opts.units],
    ["strata", opts.strata],
    ["design", opts.design],
  ];
  const inputs = await Promise.all(
    files
      .filter((f): f is [string, string] => f[1] !== undefined)
      .map(async ([role, path]) => ({ role, path, sha256: await sha256File(path), sizeBytes: statSync(path).size })),
  );
  const store = await ctx.openStore();
  return store.changes.save({
    name: opts.name ?? `change of ${estimate.targetClass}, ${opts.fromLabel} to ${opts.toLabel} (${opts.units})`,
    kind: "estimate",
    simulated: false,
    createdAt: new Date().toISOString(),
    fromLabel: opts.fromLabel,
    toLabel: opts.toLabel,
    targetClass: estimate.targetClass,
    headline: null,
    provenance: {
      codeVersion: codeVersion(),
      command: "coca change estimate",
      seed: null,
      inputs,
      params: { confidence: estimate.confidence, z: estimate.z, fpc: estimate.fpc, classes: opts.classes ?? null },
    },
    result: { estimate, mappedTransitions: null, fields: null, categories: null, regions: null, truth: null },
    artifacts: [],
  });
}

const areaCells = (a: AreaWithInterval): string[] => [fmt(a.estimateHa, 0), fmt(a.seHa, 0), `${fmt(a.ciHa[0], 0)} .. ${fmt(a.ciHa[1], 0)}`];
const rateCells = (r: RatioWithInterval): string[] =>
  r.ratio === null
    ? ["—", "—", "—"]
    : [`${(r.ratio * 100).toFixed(1)}%`, `${(r.se! * 100).toFixed(1)}%`, `${(r.ci![0] * 100).toFixed(1)}% .. ${(r.ci![1] * 100).toFixed(1)}%`];

/** Which interval the table shows (analyses stored before the score default carry no `interval`: normal). */
function intervalNote(e: ChangeEstimate): string {
  const m = e.interval ?? "normal";
  if (m === "normal") return "normal intervals";
  return `${m === "score" ? "stratified score intervals (Wilson for rates)" : "t intervals"}; net change: normal`;
}

function renderChangeEstimate(e: ChangeEstimate): string {
  const pct = `${+(e.confidence * 100).toFixed(2)}% CI`;
  const c = e.targetClass;
  const rows: [string, string[]][] = [
    [`"${c}" at the first date (ha)`, areaCells(e.areas.firstDateHa)],
    [`"${c}" at the second date (ha)`, areaCells(e.areas.secondDateHa)],
    [`new "${c}" (ha)`, areaCells(e.areas.newHa)],
    [`persistent "${c}" (ha)`, areaCells(e.areas.persistentHa)],
    [`"${c}" lost (ha)`, areaCells(e.areas.lostHa)],
    [`net change (ha)`, areaCells(e.areas.netChangeHa)],
    [`share of first-date "${c}" abandoned`, rateCells(e.areas.abandonedShare)],
  ];
  if (e.replanted) {
    rows.push([`share of eradicated area replanted`, rateCells(e.replanted.overall)]);
    for (const k of e.replanted.byKind) rows.push([`  after ${k.kind} eradication (${k.units} units)`, rateCells(k)]);
  }
  const lines = [
    `change of "${c}" from ${e.sampleSize} units labelled at both dates, ${e.strata.length} strata, ${fmt(e.totalAreaHa, 0)} ha (Stehman 2014 estimator; rates: combined ratio estimator; ${intervalNote(e)})`,
    renderTable(rows, [
      { header: "", value: (r) => r[0] },
      { header: "estimate", value: (r) => r[1][0], align: "right" },
      { header: "SE", value: (r) => r[1][1], align: "right" },
      { header: pct, value: (r) => r[1][2], align: "right" },
    ]).trimEnd(),
  ];
  if (e.byRegion.length) {
    lines.push(
      "",
      renderTable(e.byRegion, [
        { header: "region", value: (r) => r.region },
        { header: "new (ha)", value: (r) => fmt(r.newHa.estimateHa, 0), align: "right" },
        { header: "lost (ha)", value: (r) => fmt(r.lostHa.estimateHa, 0), align: "right" },
        { header: "net (ha)", value: (r) => fmt(r.netChangeHa.estimateHa, 0), align: "right" },
        { header: `net ${pct}`, value: (r) => `${fmt(r.netChangeHa.ciHa[0], 0)} .. ${fmt(r.netChangeHa.ciHa[1], 0)}`, align: "right" },
        { header: "share of net", value: (r) => (r.shareOfNetChange.ratio === null ? "—" : `${(r.shareOfNetChange.ratio * 100).toFixed(1)}%`), align: "right" },
      ]).trimEnd(),
    );
  }
  if (e.warnings.length) lines.push("", "warnings:", ...e.warnings.map((w) => `  - ${w}`));
  return `${lines.join("\n")}\n`;
}

interface FieldsOptions {
  from: string;
  to: string[];
  out: string;
  years?: string;
  idField?: string;
  minIou?: string;
  minOverlap?: string;
  json?: boolean;
}

async function runFields(opts: FieldsOptions): Promise<void> {
  const format = fieldFormatOf(opts.out);
  const files = [opts.from, ...opts.to];
  const labels = opts.years ? opts.years.split(",").map((y) => y.trim()) : files.map((_, k) => String(k + 1));
  if (labels.length !== files.length) throw new InputError(`--years gives ${labels.length} labels for ${files.length} field files`, { field: "years" });
  if (new Set(labels).size !== labels.length) throw new InputError(`--years has a label twice: ${labels.join(",")}`, { field: "years" });
  const thresholds = { minIou: FLAG.minIou.parse(opts.minIou), minOverlapOfSmaller: FLAG.minOverlap.parse(opts.minOverlap) };
  const layers = files.map((f, k) => readFieldLayer(f, labels[k]!, opts.idField));
  const { years, planar } = planarYears(layers);
  const match = matchFieldYears(years, thresholds);
  if (format === "geojson") writeFileAtomic(opts.out, `${JSON.stringify(matchedFieldsGeoJson(layers, match))}\n`);
  else writeFileAtomic(opts.out, matchedFieldsFlatGeobuf(layers, match, basename(opts.out).replace(/\.fgb$/i, "") || "matched_fields"));
  const note = "field counts from matching; change areas should come from the sample estimator (coca change estimate): areas of matched fields are biased";
  if (opts.json) {
    const inputs = await Promise.all(files.map(async (f, k) => ({ year: labels[k], path: f, sha256: await sha256File(f) })));
    printJson({
      pairs: match.pairs,
      links: match.links,
      options: match.options,
      planarCrs: planar,
      fields: match.fields.length,
      tracks: match.tracks.size,
      inputs,
      outputs: { [format === "geojson" ? "geojson" : "flatgeobuf"]: opts.out },
      note,
    });
    return;
  }
  process.stdout.write(
    `${renderTable(match.pairs, [
      { header: "from", value: (p) => p.from },
      { header: "to", value: (p) => p.to },
      { header: "persistent", value: (p) => p.persistent, align: "right" },
      { header: "new", value: (p) => p.new, align: "right" },
      { header: "abandoned", value: (p) => p.abandoned, align: "right" },
      { header: "split", value: (p) => p.split, align: "right" },
      { header: "merged", value: (p) => p.merged, align: "right" },
      { header: "links", value: (p) => p.links, align: "right" },
    ])}\nwrote ${opts.out} (${match.fields.length} fields, ${match.tracks.size} tracks; IoU >= ${match.options.minIou} or overlap of the smaller >= ${match.options.minOverlapOfSmaller})\nnote: ${note}\n`,
  );
}

interface EradicationOptions {
  records: string;
  years?: string;
  out?: string;
  before?: string;
  after?: string;
  idField?: string;
  toleranceM: string;
  json?: boolean;
}

/** `2017,2018` -> [2017, 2018]. */
function parseYearRange(text: string | undefined): [number, number] | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(",").map((t) => Number(t.trim()));
  if (parts.length !== 2 || !parts.every((y) => Number.isInteger(y) && y >= 1900 && y <= 2200) || parts[0]! > parts[1]!) {
    throw new InputError(`--years must be FIRST,LAST (two years, first <= last), got '${text}'`, { field: "years" });
  }
  return [parts[0]!, parts[1]!];
}

async function readRecords(opts: EradicationOptions): Promise<EradicationRecord[]> {
  let text: string;
  try {
    text = await readFile(opts.records, "utf8");
  } catch (error) {
    throw new InputError(`${opts.records}: cannot read (${(error as Error).message})`, { cause: error });
  }
  return parseEradicationRecords(text, opts.records, { years: parseYearRange(opts.years) });
}

const renderEradicationSummary = (rows: readonly EradicationSummary[]): string =>
  renderTable(rows, [
    { header: "kind", value: (r) => r.kind },
    { header: "records", value: (r) => r.records, align: "right" },
    { header: "area (ha)", value: (r) => fmt(r.areaHa, 2), align: "right" },
    { header: "on a field", value: (r) => r.matchedToField, align: "right" },
    { header: "replanted", value: (r) => r.replanted, align: "right" },
    { header: "replanted (ha)", value: (r) => fmt(r.replantedAreaHa, 2), align: "right" },
    {
      header: "share of records",
      value: (r) => (r.replantedShareOfRecords === null ? "—" : `${(r.replantedShareOfRecords * 100).toFixed(1)}%`),
      align: "right",
    },
  ]);

async function runEradicationImport(opts: EradicationOptions): Promise<void> {
  const records = await readRecords(opts);
  if (opts.out) writeFileAtomic(opts.out, `${JSON.stringify(recordsToGeoJson(records))}\n`);
  const byKind = [...new Set(records.map((r) => r.kind))].sort().map((kind) => ({
    kind,
    records: records.filter((r) => r.kind === kind).length,
    areaHa: records.filter((r) => r.kind === kind).reduce((s, r) => s + r.areaHa, 0),
  }));
  if (opts.json) {
    printJson({
      records: records.length,
      byKind,
      inputs: { records: { path: opts.records, sha256: await sha256File(opts.records) } },
      outputs: opts.out ? { geojson: opts.out } : {},
    });
    return;
  }
  process.stdout.write(
    `${records.length} eradication records valid in ${opts.records}\n${renderTable(byKind, [
      { header: "kind", value: (r) => r.kind },
      { header: "records", value: (r) => r.records, align: "right" },
      { header: "area (ha)", value: (r) => fmt(r.areaHa, 2), align: "right" },
    ])}${opts.out ? `wrote ${opts.out}\n` : ""}`,
  );
}

async function runEradicationMatch(opts: EradicationOptions): Promise<void> {
  if (!opts.before || !opts.after)
    throw new InputError("give --before <fields.geojson> (year of eradication) and --after <fields.geojson> (a later year)", { field: "before" });
  const toleranceM = FLAG.toleranceM.parse(opts.toleranceM);
  const records = await readRecords(opts);
  const layers = [readFieldLayer(opts.before, "before", opts.idField), readFieldLayer(opts.after, "after", opts.idField)];
  const { years, planar } = planarYears(layers);
  const { matches, summary } = matchEradication(records, years[0]!, years[1]!, { planarCrs: planar, toleranceM, file: opts.records });
  if (opts.out) writeFileAtomic(opts.out, `${JSON.stringify(matches, null, 1)}\n`);
  const note = "counts of recorded sites: the replanting rate with an interval is a sample estimate (coca change estimate with eradication_kind)";
  if (opts.json) {
    printJson({ toleranceM, summary, matches, note, inputs: { records: opts.records, before: opts.before, after: opts.after } });
    return;
  }
  process.stdout.write(`${renderEradicationSummary(summary)}\nsites within ${toleranceM} m of a field of ${opts.after} count as replanted\nnote: ${note}\n`);
}

interface DemoOptions {
  seed: string;
  sizePx: string;
  n?: string;
  outDir: string;
  classifier?: string;
  store?: boolean;
  json?: boolean;
}

async function runDemo(opts: DemoOptions, ctx: CliContext): Promise<void> {
  const seed = FLAG.seed.parse(opts.seed);
  const sizePx = FLAG.sizePx.parse(opts.sizePx);
  const sampleSize = FLAG.n.parse(opts.n) ?? DEFAULT_DEMO_PARAMS.sampleSize;
  const classifier = DEMO_CLASSIFIER.parse(opts.classifier);
  const dir = opts.outDir;
  mkdirSync(dir, { recursive: true });
  const params = {
    ...DEFAULT_DEMO_PARAMS,
    seed,
    sizePx,
    sampleSize,
    minimumPerStratum: Math.min(DEFAULT_DEMO_PARAMS.minimumPerStratum, Math.floor(sampleSize / 6)),
  };
  const d =
    classifier === "forest"
      ? await withTilePool({}, (pool) => runChangeDemoWith(params, classifier, { workDir: join(dir, "classifier"), pool }))
      : await runChangeDemoWith(params, classifier, { workDir: dir });
  const w = await writeChangeDemo(d, dir);
  let storedId: number | undefined;
  if (opts.store) {
    const store = await ctx.openStore();
    storedId = await store.changes.save(
      await changeDemoAnalysis(d, w, { command: `coca change demo --seed ${seed} --size-px ${sizePx} --n ${sampleSize} --classifier ${classifier}` }),
    );
  }
  if (opts.json) {
    printJson({ ...w.result, ...(storedId === undefined ? {} : { storedId }) });
    return;
  }
  const mappedChange = w.mapped.classChange.find((c) => c.className === "coca")!;
  process.stdout.write(
    `${w.headline}\n\n${renderChangeEstimate(d.estimate)}\n[SIMULATED] mapped (uncorrected) coca: ${fmt(mappedChange.fromHa, 0)} -> ${fmt(mappedChange.toHa, 0)} ha; ` +
      `truth: new ${fmt(d.truth.newHa, 0)} ha, lost ${fmt(d.truth.lostHa, 0)} ha; forced replanting ${((d.truth.replantedShareByKind.forced ?? NaN) * 100).toFixed(1)}%, voluntary ${((d.truth.replantedShareByKind.voluntary ?? NaN) * 100).toFixed(1)}%\n` +
      `wrote ${dir} (README.txt says what each file is; all SIMULATED)\n` +
      (storedId === undefined ? "" : `stored as change analysis ${storedId} (coca change show ${storedId})\n`),
  );
}

interface CategoriesOptions {
  maps: string;
  years: string;
  class: string;
  cellKm: string;
  minCocaHa?: string;
  permanentYears?: string;
  abandonedYears?: string;
  newLookbackYears?: string;
  regions?: string;
  nameField: string;
  out?: string;
  json?: boolean;
}

async function runCategories(opts: CategoriesOptions): Promise<void> {
  const maps = opts.maps
    .split(",")
    .map((m) => m.trim())
    .filter((m) => m !== "");
  const years = opts.years.split(",").map((y) => y.trim());
  const h = await cellHistory({
    maps,
    years,
    className: opts.class,
    cellKm: FLAG.cellKm.parse(opts.cellKm),
    thresholds: {
      minCocaHa: FLAG.minCocaHa.parse(opts.minCocaHa),
      permanentYears: FLAG.permanentYears.parse(opts.permanentYears),
      abandonedYears: FLAG.abandonedYears.parse(opts.abandonedYears),
      newLookbackYears: FLAG.newLookbackYears.parse(opts.newLookbackYears),
    },
    regions: opts.regions ? readRegions(opts.regions, opts.nameField) : undefined,
  });
  if (opts.out) writeFileAtomic(opts.out, `${JSON.stringify(cellsToGeoJson(h))}\n`);
  const note =
    "category thresholds are parameters (defaults: permanent = every year of the last 10 given, abandoned = none in the last 3, new = none before); check them against the UNODC/SIMCI reports before quoting";
  const summary = {
    years: h.years,
    cellKm: h.cells.cellKm,
    cells: { cols: h.cells.cols, rows: h.cells.rows },
    thresholds: h.thresholds,
    counts: h.counts,
    dispersion: h.dispersion,
    totalCocaHaByYear: h.totalCocaHaByYear,
    regions: h.regions,
    note,
  };
  if (opts.json) {
    printJson({ ...summary, outputs: opts.out ? { geojson: opts.out } : {} });
    return;
  }
  const d = h.dispersion;
  const lines = [
    `${h.cells.cellKm} km cells (${h.cells.cols} x ${h.cells.rows}) over ${h.years.join(", ")}`,
    renderTable(
      Object.entries(h.counts).filter(([k]) => k !== "never"),
      [
        { header: "category", value: (r) => r[0] },
        { header: "cells", value: (r) => r[1], align: "right" },
      ],
    ).trimEnd(),
    "",
    `occupied cells by year: ${h.years.map((y, t) => `${y} ${d.occupiedCells[t]}`).join(", ")}`,
    `new cells in ${h.years[h.years.length - 1]}: ${d.newCells}${d.newCellsWithoutRecentCocaShare === null ? "" : `, ${(d.newCellsWithoutRecentCocaShare * 100).toFixed(1)}% with no coca in the ${h.thresholds.newLookbackYears} years before`}`,
  ];
  if (d.distanceToPreviousKm)
    lines.push(
      `distance from new cells to the nearest earlier coca cell: mean ${d.distanceToPreviousKm.mean.toFixed(2)} km, median ${d.distanceToPreviousKm.median.toFixed(2)} km, max ${d.distanceToPreviousKm.max.toFixed(2)} km`,
    );
  if (h.regions) {
    const entered = h.regions.filter((r) => r.entered).map((r) => r.region);
    lines.push(`regions with coca in ${h.years[h.years.length - 1]} and none before: ${entered.length ? entered.join(", ") : "none"}`);
  }
  if (opts.out) lines.push(`wrote ${opts.out}`);
  lines.push(`note: ${note}`);
  process.stdout.write(`${lines.join("\n")}\n`);
}

interface TargetOptions {
  records?: string;
  json?: boolean;
}

async function runTarget(opts: TargetOptions, ctx: CliContext): Promise<void> {
  const target = peruHalfBy2021();
  const store = await ctx.openStore();
  await ensureSeeded(store);
  const figures = await store.figures.list({ country: target.country });
  const extra: EradicationSeries[] = [];
  if (opts.records) {
    const records = await readRecords({ records: opts.records, toleranceM: "0" });
    const haByYear = new Map<number, number>();
    for (const r of records) haByYear.set(Number(r.date.slice(0, 4)), (haByYear.get(Number(r.date.slice(0, 4))) ?? 0) + r.areaHa);
    extra.push({ source: `recorded (${opts.records})`, haByYear });
  }
  const rows = trackShareTarget(target, figures, { extra });
  const note =
    "share of the crop read two ways: eradicated / (cultivation at year end + eradicated), used for the status, and eradicated / cultivation at year end; " +
    "the registry's Peruvian eradication series ends where its figures end";
  if (opts.json) {
    printJson({ target, rows, note });
    return;
  }
  process.stdout.write(`${renderShareTarget(target, rows)}note: ${note}\n`);
}

interface SurveyOptions {
  from?: string;
  to?: string;
  config?: string;
  outDir: string;
  class?: string;
  n?: string;
  seed?: string;
  bufferPx?: string;
  allocation?: string;
  labels?: string;
  name?: string;
  interval?: string;
  store?: boolean;
  json?: boolean;
}

const SURVEY_FLAG = {
  from: intFlag("--from", { min: 1 }),
  to: intFlag("--to", { min: 1 }),
  n: intFlag("--n", { min: 2 }),
  seed: intFlag("--seed"),
  bufferPx: intFlag("--buffer-px", { min: 1, max: 1000 }),
};

/** Where a change survey's two class maps came from: two stored surveys, or one config's two scene sets. */
interface ChangeMaps {
  years: [number, number];
  names: [string, string];
  simulated: boolean;
  /** The stored surveys (null for a config). */
  surveys: [number, number] | null;
  /** The source in the stored command line. */
  command: string;
  /** The config's design, seed, class and labels (flags win). */
  defaults: { n?: number; seed?: number; targetClass?: string; bufferPx?: number; allocation?: string; labels?: string };
  /** Inputs recorded beside the maps and labels (config, model, scenes). */
  inputs: [string, string][];
  /** Each date's scenes, for the interpreters' chips. */
  scenes: [ChipScene[], ChipScene[]];
}

async function runSurvey(opts: SurveyOptions, ctx: CliContext): Promise<void> {
  const f = parseFlags(opts, SURVEY_FLAG);
  const store = await ctx.openStore();
  const year1 = join(opts.outDir, "map-year1.tif");
  const year2 = join(opts.outDir, "map-year2.tif");
  let maps: ChangeMaps;
  if (opts.config !== undefined) {
    if (opts.from !== undefined || opts.to !== undefined) throw new InputError("give either --config or --from and --to, not both", { field: "config" });
    const config = loadChangeSurveyConfig(opts.config);
    mkdirSync(opts.outDir, { recursive: true });
    const classified = await withTilePool({}, (pool) => classifyChangeYears(config, opts.outDir, pool));
    writeFileAtomic(year1, readFileSync(classified.years[0].classesPath));
    writeFileAtomic(year2, readFileSync(classified.years[1].classesPath));
    const [c1, c2] = config.years;
    const strata = c1.design.strata;
    maps = {
      years: [c1.year, c2.year],
      names: [c1.name ?? `${c1.country} ${c1.year}`, c2.name ?? `${c2.country} ${c2.year}`],
      simulated: false,
      surveys: null,
      command: `--config ${opts.config}`,
      defaults: {
        n: c1.design.n,
        seed: c1.seed,
        targetClass: c1.targetClass,
        bufferPx: typeof strata === "object" && "bufferPx" in strata ? strata.bufferPx : undefined,
        allocation: c1.design.allocation === "proportional" ? undefined : c1.design.allocation,
        labels: c1.labels,
      },
      inputs: [
        ["change survey config", opts.config],
        [classified.model.trained ? "classifier (trained on the first year)" : "classifier", classified.model.path],
        ...classified.years.flatMap((y) => y.sceneFiles.map((p): [string, string] => [`scene, ${y.year}`, p])),
      ],
      scenes: [classified.years[0].scenes, classified.years[1].scenes],
    };
  } else {
    if (f.from === undefined || f.to === undefined)
      throw new InputError("give --from and --to (two stored surveys), or --config (two years' scenes)", { field: "from" });
    const fromId = f.from;
    const toId = f.to;
    if (fromId === toId) throw new InputError(`--from and --to are the same survey (${fromId}): a change survey compares two`, { field: "to" });
    const surveys = await Promise.all(
      [fromId, toId].map(async (id, k) => {
        const s = await store.surveys.get(id);
        if (!s) throw new NotFoundError(`${k ? "--to" : "--from"}: no survey with id ${id} in ${store.location} (see coca survey list)`);
        const classes = await store.surveys.artifact(id, "classes.tif");
        if (!classes) throw new InputError(`${k ? "--to" : "--from"}: survey ${id} has no classes.tif artifact (its class map)`, { field: k ? "to" : "from" });
        return { survey: s, classes };
      }),
    );
    const [a, b] = surveys as [(typeof surveys)[number], (typeof surveys)[number]];
    if (a.survey.year > b.survey.year)
      throw new InputError(`--from survey ${fromId} is of ${a.survey.year}, after --to survey ${toId} (${b.survey.year})`, { field: "from" });
    mkdirSync(opts.outDir, { recursive: true });
    writeFileAtomic(year1, a.classes.bytes);
    writeFileAtomic(year2, b.classes.bytes);
    maps = {
      years: [a.survey.year, b.survey.year],
      names: [a.survey.name, b.survey.name],
      simulated: a.survey.simulated || b.survey.simulated,
      surveys: [fromId, toId],
      command: `--from ${fromId} --to ${toId}`,
      defaults: {},
      inputs: [],
      scenes: [await chipScenesOf(a.survey.config.scenes), await chipScenesOf(b.survey.config.scenes)],
    };
  }
  const n = f.n ?? maps.defaults.n ?? 300;
  const seed = f.seed ?? maps.defaults.seed ?? 1;
  const targetClass = opts.class ?? maps.defaults.targetClass ?? "coca";
  const bufferPx = f.bufferPx ?? maps.defaults.bufferPx;
  const allocation = opts.allocation ?? maps.defaults.allocation;
  const labelsPath = opts.labels ?? maps.defaults.labels;
  const d = await designChangeSurvey({
    fromClasses: year1,
    toClasses: year2,
    outDir: opts.outDir,
    targetClass,
    n,
    seed,
    bufferPx,
    allocation,
  });
  const strata = strataSizesOf(d.design);
  const strataRows = strata.map((st) => ({
    ...st,
    name: d.strataNames.get(st.id) ?? st.id,
    sampleSize: d.design.strata.find((x) => x.stratum === st.id)?.sampleSize ?? 0,
  }));
  if (!labelsPath && opts.store) {
    const id = await storeChangeDesign(store, { opts, maps, d, n, seed, targetClass, bufferPx, allocation, year1, year2 });
    const message =
      `stored as change analysis ${id}, a design awaiting labels (${d.design.points.length} units at ${maps.years[0]} and ${maps.years[1]}): ` +
      `label it in the dashboard's Interpret view (#/interpret/change/${id}) or with coca change labels import ${id} <sheet> (coca change sheet ${id} --out DIR), ` +
      `then coca change estimate --analysis ${id}.`;
    if (opts.json) {
      printJson({
        stage: "stored-design",
        storedId: id,
        surveys: maps.surveys,
        years: maps.years,
        strata: strataRows,
        sampleSize: d.design.points.length,
        files: d.files,
        message,
      });
      return;
    }
    process.stdout.write(`${message}\n`);
    return;
  }
  if (!labelsPath) {
    const message =
      `the change sample is written for interpreters: ${d.files.sampleCsv} (${d.design.points.length} units; ${d.files.sampleGeoJson} for QGIS). ` +
      `Fill reference_class_t1 (what each unit was in ${maps.years[0]}) and reference_class_t2 (in ${maps.years[1]}) with one of ${d.transitions.classes.join(", ")} ` +
      `(and eradication_kind where a site was eradicated), then run again with --labels <that file> and the same --seed${maps.surveys ? "" : " (or set labels: in the config)"}.`;
    if (opts.json) {
      printJson({
        stage: "needs-labels",
        surveys: maps.surveys,
        years: maps.years,
        strata: strataRows,
        sampleSize: d.design.points.length,
        files: d.files,
        mappedTransitions: d.transitions.transitions,
        message,
      });
      return;
    }
    process.stdout.write(
      `${renderTable(strataRows, [
        { header: "stratum", value: (r) => r.id, align: "right" },
        { header: "name", value: (r) => r.name },
        { header: "size (ha)", value: (r) => fmt(r.sizeHa, 1), align: "right" },
        { header: "units", value: (r) => r.sampleSize, align: "right" },
      ])}${message}\n`,
    );
    return;
  }
  const rows = await readChangeLabels(labelsPath);
  const designFile = await readDesignFile(d.files.sampleGeoJson);
  const units = checkChangeUnits({
    rows,
    file: labelsPath,
    strata,
    strataFile: d.files.strataCsv,
    legend: d.transitions.classes,
    design: designFile,
    designFile: d.files.sampleGeoJson,
  });
  const estimate = estimateChange({ strata, units, targetClass, interval: INTERVAL_FLAG.parse(opts.interval) });
  const inputs = await Promise.all(
    [["class map, first date", year1], ["class map, second date", year2], ["reference labels", labelsPath], ...maps.inputs].map(async ([role, path]) => ({
      role: role!,
      path: path!,
      sha256: await sha256File(path!),
      sizeBytes: statSync(path!).size,
    })),
  );
  const regions = estimate.byRegion.map((r) => ({
    region: r.region,
    dates: [String(maps.years[0]), String(maps.years[1])],
    mappedHa: [] as number[],
    estimatedHa: [r.firstDateHa.estimateHa, r.secondDateHa.estimateHa],
    ciHa: [r.firstDateHa.ciHa, r.secondDateHa.ciHa],
  }));
  const TIFF = "image/tiff; application=geotiff; profile=cloud-optimized";
  const id = await store.changes.save({
    name: opts.name ?? `change survey ${maps.names[0]} -> ${maps.names[1]}`,
    kind: "survey",
    simulated: maps.simulated,
    createdAt: new Date().toISOString(),
    fromLabel: String(maps.years[0]),
    toLabel: String(maps.years[1]),
    targetClass,
    headline: null,
    provenance: {
      codeVersion: codeVersion(),
      command: `coca change survey ${maps.command} --n ${n} --seed ${seed}${bufferPx ? ` --buffer-px ${bufferPx}` : ""}${opts.interval && opts.interval !== "score" ? ` --interval ${opts.interval}` : ""}`,
      seed,
      inputs,
      params: { n, bufferPx: bufferPx ?? null, allocation: allocation ?? null },
      surveys: maps.surveys ?? [],
    },
    result: {
      estimate,
      mappedTransitions: d.transitions.transitions.map((t) => ({ code: t.code, fromClass: t.fromClass, toClass: t.toClass, name: t.name, areaHa: t.areaHa })),
      fields: null,
      categories: null,
      regions: regions.length ? regions : null,
      truth: null,
    },
    artifacts: [
      { name: "map-year1.tif", mediaType: TIFF, bytes: readFileSync(year1) },
      { name: "map-year2.tif", mediaType: TIFF, bytes: readFileSync(year2) },
      { name: "transitions.tif", mediaType: TIFF, bytes: readFileSync(d.files.transitions) },
      { name: "labels.csv", mediaType: "text/csv", bytes: readFileSync(labelsPath) },
    ],
  });
  if (opts.json) {
    printJson({ stage: "estimated", storedId: id, surveys: maps.surveys, years: maps.years, strata: strataRows, estimate, files: d.files });
    return;
  }
  process.stdout.write(`${renderChangeEstimate(estimate)}stored as change analysis ${id} (coca change show ${id})\n`);
}

/** A stored survey's scenes as chips are cut from them. */
async function chipScenesOf(scenes: SurveyConfig["scenes"]): Promise<ChipScene[]> {
  return (await expandScenes(scenes)).map((sc) => ({ id: sc.id, ref: sc.ref, datetime: sc.datetime }));
}

const TIFF_MEDIA = "image/tiff; application=geotiff; profile=cloud-optimized";

/** Keep a change survey's design before it is labelled (awaiting labels): its maps, sample design and each date's scenes. */
async function storeChangeDesign(
  store: Store,
  c: {
    opts: SurveyOptions;
    maps: ChangeMaps;
    d: Awaited<ReturnType<typeof designChangeSurvey>>;
    n: number;
    seed: number;
    targetClass: string;
    bufferPx?: number;
    allocation?: string;
    year1: string;
    year2: string;
  },
): Promise<number> {
  const { opts, maps, d } = c;
  const sampleGeoJson = readFileSync(d.files.sampleGeoJson);
  const design = parseStoredDesign(decodeUtf8(sampleGeoJson, d.files.sampleGeoJson), d.files.sampleGeoJson);
  const interval = INTERVAL_FLAG.parse(opts.interval);
  const inputs = await Promise.all(
    [["class map, first date", c.year1], ["class map, second date", c.year2], ...maps.inputs].map(async ([role, path]) => ({
      role: role!,
      path: path!,
      sha256: await sha256File(path!),
      sizeBytes: statSync(path!).size,
    })),
  );
  return store.changes.save({
    name: opts.name ?? `change survey ${maps.names[0]} -> ${maps.names[1]}`,
    kind: "survey",
    awaitingLabels: true,
    simulated: maps.simulated,
    createdAt: new Date().toISOString(),
    fromLabel: String(maps.years[0]),
    toLabel: String(maps.years[1]),
    targetClass: c.targetClass,
    headline: null,
    provenance: {
      codeVersion: codeVersion(),
      command: `coca change survey ${maps.command} --n ${c.n} --seed ${c.seed}${c.bufferPx ? ` --buffer-px ${c.bufferPx}` : ""}${interval !== "score" ? ` --interval ${interval}` : ""} --store`,
      seed: c.seed,
      inputs,
      params: { n: c.n, bufferPx: c.bufferPx ?? null, allocation: c.allocation ?? null },
      surveys: maps.surveys ?? [],
    },
    result: {
      estimate: null,
      design: {
        legend: d.transitions.classes,
        sampleSize: d.design.points.length,
        designSha256: design.checksum,
        dates: [
          { period: "t1", label: String(maps.years[0]), scenes: maps.scenes[0] },
          { period: "t2", label: String(maps.years[1]), scenes: maps.scenes[1] },
        ],
        interval,
      },
      mappedTransitions: d.transitions.transitions.map((t) => ({ code: t.code, fromClass: t.fromClass, toClass: t.toClass, name: t.name, areaHa: t.areaHa })),
      fields: null,
      categories: null,
      regions: null,
      truth: null,
    },
    artifacts: [
      { name: "map-year1.tif", mediaType: TIFF_MEDIA, bytes: readFileSync(c.year1) },
      { name: "map-year2.tif", mediaType: TIFF_MEDIA, bytes: readFileSync(c.year2) },
      { name: "transitions.tif", mediaType: TIFF_MEDIA, bytes: readFileSync(d.files.transitions) },
      { name: "sample.geojson", mediaType: "application/geo+json", bytes: sampleGeoJson },
      { name: "sample.strata.csv", mediaType: "text/csv", bytes: readFileSync(d.files.strataCsv) },
    ],
  });
}

/** `coca change estimate --analysis ID`: a stored change design estimated from its stored labels (with --store, kept as a change survey). */
async function runEstimateAnalysis(opts: EstimateOptions, ctx: CliContext): Promise<void> {
  const id = ANALYSIS_ID.parse(opts.analysis)!;
  const store = await ctx.openStore();
  const interval = opts.interval === undefined || opts.interval === "score" ? undefined : INTERVAL_FLAG.parse(opts.interval);
  const r = await estimateChangeFromLabels(store, id, { interval });
  let storedId: number | undefined;
  if (opts.store) {
    const a = await getChangeDesign(store, id);
    const artifacts = await Promise.all(
      a.artifacts.map(async (f) => {
        const x = (await store.changes.artifact(id, f.name))!;
        return { name: x.name, mediaType: x.mediaType, bytes: x.bytes };
      }),
    );
    storedId = await store.changes.save({
      name: opts.name ?? a.name,
      kind: "survey",
      simulated: a.simulated,
      createdAt: new Date().toISOString(),
      fromLabel: a.fromLabel,
      toLabel: a.toLabel,
      targetClass: a.targetClass,
      headline: null,
      provenance: {
        ...a.provenance,
        command: `coca change estimate --analysis ${id}${interval ? ` --interval ${interval}` : ""} --store`,
        params: { ...a.provenance.params, designAnalysis: id, labelsUsed: r.labels.used },
      },
      result: { ...a.result, estimate: r.estimate },
      artifacts,
    });
    await store.changeLabels.recordUses(id, `analysis ${storedId}`, r.labels.uses);
  }
  const { uses: _uses, ...labels } = r.labels;
  if (opts.json) {
    printJson({ analysisId: id, ...r.estimate, labels, units: { area: "ha", rate: "proportion (0-1)" }, ...(storedId === undefined ? {} : { storedId }) });
    return;
  }
  process.stdout.write(
    `change analysis ${id}: ${labels.used} units labelled at both dates, ${labels.unlabelled} not (yet), ${labels.disagreements.length} disagreements waiting for adjudication\n` +
      renderChangeEstimate(r.estimate) +
      (storedId === undefined ? "" : `stored as change analysis ${storedId} (coca change show ${storedId})\n`),
  );
}

async function runList(opts: { json?: boolean }, ctx: CliContext): Promise<void> {
  const store = await ctx.openStore();
  const rows = await store.changes.list();
  if (opts.json) {
    printJson({ analyses: rows });
    return;
  }
  if (!rows.length) {
    process.stdout.write("no change analysis stored (coca change demo --store, coca change estimate --store, coca change survey)\n");
    return;
  }
  process.stdout.write(
    renderTable(rows, [
      { header: "id", value: (r) => r.id, align: "right" },
      { header: "kind", value: (r) => (r.awaitingLabels ? `${r.kind} (awaiting labels)` : r.kind) },
      { header: "dates", value: (r) => `${r.fromLabel} -> ${r.toLabel}` },
      { header: "name", value: (r) => (r.simulated && !r.name.startsWith("SIMULATED") ? `[SIMULATED] ${r.name}` : r.name) },
      { header: "created", value: (r) => r.createdAt },
    ]),
  );
}

const ANALYSIS_ID = intFlag("id", { min: 1 });
const DEMO_CLASSIFIER = choiceFlag("--classifier", DEMO_CLASSIFIERS, { default: "forest" });

async function runShow(idText: string, opts: { json?: boolean }, ctx: CliContext): Promise<void> {
  const id = ANALYSIS_ID.parse(idText)!;
  const store = await ctx.openStore();
  const a = await store.changes.get(id);
  if (!a) throw new NotFoundError(`no change analysis with id ${id} in ${store.location} (see coca change list)`);
  if (opts.json) {
    printJson(a);
    return;
  }
  const lines = [
    `${a.simulated ? "[SIMULATED] " : ""}change analysis ${a.id}: ${a.name} (${a.kind}, ${a.fromLabel} -> ${a.toLabel}, stored ${a.createdAt})`,
    `provenance: ${a.provenance.command}; code ${a.provenance.codeVersion}${a.provenance.seed === null ? "" : `; seed ${a.provenance.seed}`}`,
    ...a.provenance.inputs.map((i) => `  input ${i.role}: ${i.path} (sha256 ${i.sha256 ?? "—"})`),
  ];
  if (a.headline) lines.push("", a.headline);
  if (a.result.estimate) lines.push("", renderChangeEstimate(a.result.estimate).trimEnd());
  else {
    const labels = await store.changeLabels.list(id);
    lines.push(
      "",
      `a design awaiting labels: ${a.result.design?.sampleSize ?? "?"} units, ${new Set(labels.filter((l) => l.period === "t1").map((l) => l.unitId)).size} labelled at ${a.fromLabel}, ` +
        `${new Set(labels.filter((l) => l.period === "t2").map((l) => l.unitId)).size} at ${a.toLabel} (coca change estimate --analysis ${id})`,
    );
  }
  if (a.result.fields) {
    const fates = new Map<string, number>();
    for (const f of a.result.fields) fates.set(f.fate, (fates.get(f.fate) ?? 0) + 1);
    lines.push("", `fields: ${[...fates].map(([k, v]) => `${v} ${k}`).join(", ")}`);
  }
  if (a.artifacts.length) lines.push("", `artifacts: ${a.artifacts.map((f) => f.name).join(", ")}`);
  process.stdout.write(`${lines.join("\n")}\n`);
}

export function register(program: Command, ctx: CliContext): void {
  const change = program
    .command("change")
    .description("change between years: transitions, change areas and rates with intervals, fields across years, eradication");
  registerChangeLabels(change, ctx);

  change
    .command("map")
    .description("transition raster between two class maps and hectares of every transition, in total and per region")
    .requiredOption("--from <A.tif>", "class map of the first year (its grid is the output's)")
    .requiredOption("--to <B.tif>", "class map of the second year (resampled by nearest neighbour onto the first map's grid if the grids differ)")
    .requiredOption("--out <transitions.tif>", "transition raster (COG layout, uint8 codes with names and a colour table)")
    .option("--regions <regions.geojson>", "region polygons: hectares of every transition per region (cells split at region edges)")
    .option("--name-field <field>", "the regions' name attribute", "name")
    .option("--class-map <pairs>", 'rename classes of either map before matching legends, e.g. "bosque=forest,coca cultivada=coca"')
    .option("--tile-size-px <N>", "output tile size = rows per strip (multiple of 16; default 512)")
    .option("--json", "print as JSON")
    .action(async (opts: MapOptions) => runMap(opts));

  change
    .command("estimate")
    .description("new, persistent and lost coca, net change (ha, SE, CI) and rates (abandoned, replanted) from a sample labelled at both dates")
    .option("--units <labels.csv|geojson>", "labelled units: unit_id, stratum, reference_class_t1, reference_class_t2[, map_class, region, eradication_kind]")
    .option("--strata <strata.csv>", "stratum sizes: stratum,size_ha (or size_px with --pixel-area-ha)")
    .option("--analysis <id>", "instead of --units and --strata: a stored change design (coca change survey --store), estimated from its stored labels")
    .option("--design <sample.geojson>", "the design the units came from: checks ids, strata and frame sizes")
    .option("--class <name>", "the class whose change is estimated", "coca")
    .option("--classes <list>", "legend, comma-separated: labels outside it are refused")
    .option("--pixel-area-ha <ha>", "pixel area when strata.csv gives size_px only")
    .option(
      "--map-change-classes <pairs>",
      'also assess the change map: its map classes as change categories, e.g. "Deforestation=lost,Forest gain=new,Stable forest=persistent,Stable non-forest=stable"',
    )
    .option("--confidence <level>", "two-sided confidence level (default 0.95)")
    .option("--z <z>", "z multiplier, overriding --confidence (1.96 with --interval normal reproduces the published tables)")
    .option("--interval <method>", INTERVAL_HELP, "score")
    .option("--fpc", "apply the finite-population correction 1 - n_h/N_h")
    .option("--store", "keep the estimate in the store with its inputs' checksums (coca change list|show)")
    .option("--name <name>", "name of the stored analysis")
    .option("--from-label <year>", "the first date, as stored", "t1")
    .option("--to-label <year>", "the second date, as stored", "t2")
    .option("--json", "print as JSON")
    .action(async (opts: EstimateOptions) => runEstimate(opts, ctx));

  change
    .command("fields")
    .description("match the fields of two or more years by overlap: persistent, new, abandoned, split, merged, with each field's history")
    .requiredOption("--from <a.geojson>", "fields of the first year (GeoJSON polygons)")
    .requiredOption("--to <b.geojson...>", "fields of the next year(s), in order")
    .requiredOption("--out <matched.geojson|matched.fgb>", "every field of every year with year, states, links, track and history (format by extension)")
    .option("--years <list>", "year labels, comma-separated, one per file (default 1, 2, ...)")
    .option("--id-field <name>", "field id attribute (default field_id, then id, then the feature's position)")
    .option("--min-iou <x>", "link fields whose intersection over union is at least x (default 0.3)")
    .option("--min-overlap <x>", "or whose overlap over the smaller field is at least x (default 0.5)")
    .option("--json", "print as JSON")
    .action(async (opts: FieldsOptions) => runFields(opts));

  const eradication = change.command("eradication").description("eradication records: validate and import, match to fields, find replanting");
  eradication
    .command("import")
    .description("validate eradication records (all or nothing, with line numbers) and write them as GeoJSON")
    .requiredOption(
      "--records <eradication.csv|geojson>",
      "CSV with id, lon, lat, date, kind, area_ha, source; or GeoJSON points/polygons with those properties",
    )
    .option("--years <first,last>", "refuse records dated outside these years (the years compared)")
    .option("--out <eradication.geojson>", "the validated records (WGS 84)")
    .option("--json", "print as JSON")
    .action(async (opts: EradicationOptions) => runEradicationImport(opts));
  eradication
    .command("match")
    .description("match eradicated sites to the fields of the year before, and find those that are coca again the year after (replanted)")
    .requiredOption("--records <eradication.csv|geojson>", "eradication records")
    .option("--before <fields.geojson>", "coca fields of the year of eradication")
    .option("--after <fields.geojson>", "coca fields of a later year")
    .option("--tolerance-m <m>", "a site within this many metres of a field is on it", "30")
    .option("--years <first,last>", "refuse records dated outside these years")
    .option("--id-field <name>", "field id attribute (default field_id, then id)")
    .option("--out <matches.json>", "every record with its fields and replanted flag")
    .option("--json", "print as JSON")
    .action(async (opts: EradicationOptions) => runEradicationMatch(opts));

  change
    .command("categories")
    .description("SIMCI-style cell history on a 1 km grid (permanent, intermittent, abandoned, new) and dispersion measures over several years")
    .requiredOption("--maps <a.tif,b.tif,...>", "class maps of the years, in order, on one grid")
    .requiredOption("--years <list>", "year labels, one per map")
    .option("--class <name>", "the class counted", "coca")
    .option("--cell-km <km>", "cell side", "1")
    .option("--min-coca-ha <ha>", "a cell is affected in a year from this much coca (default: any)")
    .option("--permanent-years <N>", "permanent: coca in each of the last N years (default: all years given, at most 10)")
    .option("--abandoned-years <N>", "abandoned: no coca in the last N years (default 3)")
    .option("--new-lookback-years <N>", "new: no coca in the N years before the last (default: all earlier years)")
    .option("--regions <regions.geojson>", "regions (or protected areas): coca per region and year, regions entered by coca")
    .option("--name-field <field>", "the regions' name attribute", "name")
    .option("--out <cells.geojson>", "cells with coca in any year: coca ha per year and category")
    .option("--json", "print as JSON")
    .action(async (opts: CategoriesOptions) => runCategories(opts));

  change
    .command("target")
    .description(
      "Peru's target of eradicating 50% of the coca crop by 2021 (World Politics Review, 9 Nov 2018), tracked against the registry's DEVIDA, UNODC and US series",
    )
    .option("--records <eradication.csv|geojson>", "also track eradication recorded in these records (ha by year)")
    .option("--json", "print as JSON")
    .action(async (opts: TargetOptions) => runTarget(opts, ctx));

  change
    .command("survey")
    .description(
      "change survey from two stored surveys (or two years' scenes in one config): transition map of their class maps, strata (plus a buffer), a two-date sample; with --labels, estimate and store",
    )
    .option("--from <survey-id>", "the stored survey of the first year")
    .option("--to <survey-id>", "the stored survey of the second year")
    .option("--config <change.yaml>", "instead of two surveys: a survey config with years: [{year, scenes}, {year, scenes}], both classified by one model")
    .requiredOption("--out-dir <dir>", "where the maps, transition map, strata and sample go")
    .option("--class <name>", "the class whose change is estimated (default: the config's targetClass, else coca)")
    .option("--n <N>", "sample size (default: the config's design.n, else 300)")
    .option("--seed <S>", "seed of the design, give the same one with --labels (default: the config's seed, else 1)")
    .option("--buffer-px <N>", "add a buffer stratum: stable non-target pixels within N px of the target class at either date")
    .option("--allocation <rule>", "proportional, equal, neyman or min:N (default min:N, N = n / (2 x strata))")
    .option("--labels <labels.csv|geojson>", "the sample labelled at both dates (reference_class_t1, reference_class_t2): estimate and store")
    .option("--store", "without --labels: store the design awaiting labels, to label in the Interpret view or with coca change labels import")
    .option("--interval <method>", INTERVAL_HELP, "score")
    .option("--name <name>", "name of the stored analysis")
    .option("--json", "print as JSON")
    .action(async (opts: SurveyOptions) => runSurvey(opts, ctx));

  change
    .command("list")
    .description("stored change analyses")
    .option("--json", "print as JSON")
    .action(async (opts: { json?: boolean }) => runList(opts, ctx));

  change
    .command("show <id>")
    .description("one stored change analysis: provenance, areas and rates with intervals, fields, artifacts")
    .option("--json", "print as JSON")
    .action(async (id: string, opts: { json?: boolean }) => runShow(id, opts, ctx));

  change
    .command("demo")
    .description("SIMULATED change survey with known truth: two years, eradication and replanting, abandonment, displacement; sample, estimate, compare")
    .option("--seed <S>", "seed of the simulation and the sample", "1")
    .option("--size-px <N>", "side of the simulated area in 10 m pixels (100-4000)", "600")
    .option("--n <N>", `sample size (default ${DEFAULT_DEMO_PARAMS.sampleSize})`)
    .requiredOption("--out-dir <dir>", "where the simulated maps, sample, records and result go")
    .option(
      "--classifier <kind>",
      "forest: synthesise both years' scenes, train a random forest on year 1, classify both (default); error-model: the seeded error model (faster)",
    )
    .option("--store", "also keep the result in the store (coca change list|show, GET /v1/change/analyses)")
    .option("--json", "print as JSON")
    .action(async (opts: DemoOptions) => runDemo(opts, ctx));
}
