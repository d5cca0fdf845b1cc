/**
 * @module cli/commands/routes
 * `coca routes cost|path|current|corridors|close|game|network|demo|list|show`: cost surfaces from a DEM (Tobler or GRASS r.walk walking time, land-cover friction,
 * rivers, roads, protected areas) and least-cost routes from many sources to many targets (scikit-image
 * MCP_Geometric / GRASS r.cost convention) circuit-theory current (Circuitscape), distinct corridors, closures and an interdiction game, written as COG rasters
 * and GeoJSON.
 */
import type { Command } from "commander";
import { InputError, NotFoundError } from "../../domain/errors.ts";
import { buildCostSurface } from "../../routes/build-cost-surface.ts";
import { currentMap } from "../../routes/current-map.ts";
import { runRoutesDemo } from "../../routes/demo.ts";
import { findRoutes } from "../../routes/find-routes.ts";
import { routeAnalysisOfDemo } from "../../routes/stored-analysis.ts";
import { runClose, runCorridors, runGame, runNetwork, type AnalysisInput } from "../../routes/route-analyses.ts";
import type { ClosureRule } from "../../routes/closures.ts";
import type { CliContext } from "../context.ts";
import { choiceFlag, intFlag, numberFlag, type Flag } from "../flags.ts";
import { fmt, printJson, renderTable } from "../output.ts";

// Flags, read through src/cli/flags.ts: a bad value is an InputError (exit 2) naming the flag.
const FLAGS = {
  band: (name: string) => intFlag(name, { min: 1 }),
  neighbours: (name: string) => choiceFlag(name, ["4", "8", "16"]),
  model: (name: string) => choiceFlag(name, ["tobler", "r.walk"]),
  circuitNeighbours: (name: string) => choiceFlag(name, ["4", "8"]),
  tolerance: (name: string) => numberFlag(name, { min: 0, minExclusive: true, max: 0.1 }),
  count: (name: string) => intFlag(name, { min: 1, max: 100 }),
  metres: (name: string) => numberFlag(name, { min: 0 }),
  factor: (name: string) => numberFlag(name, { min: 1 }),
  share: (name: string) => numberFlag(name, { min: 0, minExclusive: true, max: 1 }),
  seed: (name: string) => intFlag(name),
  discount: (name: string) => numberFlag(name, { min: 0, minExclusive: true, max: 1 }),
  positive: (name: string) => numberFlag(name, { min: 0, minExclusive: true }),
  nonNegative: (name: string) => numberFlag(name, { min: 0 }),
};

/** The value of a flag that has a default (commander always hands one over), or an InputError naming it. */
function flag<T>(f: Flag<T | undefined>, raw: unknown): T {
  const v = f.parse(raw);
  if (v === undefined) throw new InputError(`${f.name} is required`, { field: f.name.replace(/^-+/, "") });
  return v;
}

/** A neighbourhood flag as its number. */
function neighboursFlag<const T extends `${number}`>(f: Flag<T | undefined>, raw: unknown): T extends `${infer N extends number}` ? N : never {
  return Number(flag(f, raw)) as T extends `${infer N extends number}` ? N : never;
}

/** `X,Y` pairs, from repeated flags or `;`-separated lists. */
function parsePoints(values: readonly string[] | undefined, name: string): [number, number][] {
  const out: [number, number][] = [];
  for (const v of values ?? []) {
    for (const part of v.split(";")) {
      if (part.trim() === "") continue;
      const m = /^\s*(-?[\d.]+(?:e[-+]?\d+)?)\s*,\s*(-?[\d.]+(?:e[-+]?\d+)?)\s*$/i.exec(part);
      if (!m || !Number.isFinite(Number(m[1])) || !Number.isFinite(Number(m[2]))) {
        throw new InputError(`--${name} must be X,Y (two numbers; several separated by ';' or by repeating --${name}), got '${part}'`, { field: name });
      }
      out.push([Number(m[1]), Number(m[2])]);
    }
  }
  return out;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

interface CostOptions {
  dem: string;
  demBand: string;
  model: string;
  offPath?: boolean;
  landcover?: string;
  friction?: string;
  rivers?: string;
  roads?: string;
  protected?: string;
  out: string;
  json?: boolean;
}

interface PathOptions {
  cost: string;
  band: string;
  from?: string[];
  to?: string[];
  fromLayer?: string;
  toLayer?: string;
  lonlat?: boolean;
  neighbours: string;
  outDir: string;
  json?: boolean;
}

async function runCost(o: CostOptions): Promise<void> {
  if (!/\.tiff?$/i.test(o.out)) throw new InputError(`--out must be a .tif file, got '${o.out}'`, { field: "out" });
  if (o.friction !== undefined && o.landcover === undefined && !o.rivers && !o.roads && !o.protected) {
    throw new InputError("--friction needs --landcover (or an overlay: --rivers, --roads, --protected)", { field: "friction" });
  }
  const record = await buildCostSurface({
    demPath: o.dem,
    demBand: flag(FLAGS.band("--dem-band"), o.demBand),
    model: flag(FLAGS.model("--model"), o.model),
    offPath: o.offPath,
    landcoverPath: o.landcover,
    frictionPath: o.friction,
    overlays: { rivers: o.rivers, roads: o.roads, protected: o.protected },
    outPath: o.out,
  });
  if (o.json) return printJson(record);
  const s = record.secondsPerM;
  const lines = [
    `wrote ${record.out}: walking time per metre (${record.model}${record.offPath ? ", off path" : ""}), ${fmt(record.cells)} cells, ${fmt(record.impassableCells)} impassable`,
    `  s/m min ${s.min.toFixed(3)}, median ${s.median.toFixed(3)}, max ${s.max.toFixed(3)} (${(3.6 / s.median).toFixed(2)} km/h at the median)`,
    `  cell size: ${record.cellSize.how}`,
  ];
  if (record.landcover) lines.push(`  land cover ${record.landcover.path}, friction ${record.friction!.path}`);
  for (const ov of record.overlays) lines.push(`  ${ov.name} ${ov.path}: ${fmt(ov.cells)} cells, ${JSON.stringify(ov.rule)}`);
  process.stdout.write(`${lines.join("\n")}\n`);
}

async function runPath(o: PathOptions): Promise<void> {
  const from = parsePoints(o.from, "from");
  const to = parsePoints(o.to, "to");
  if (from.length === 0 && !o.fromLayer) throw new InputError("give --from X,Y or --from-layer FILE", { field: "from" });
  if (to.length === 0 && !o.toLayer) throw new InputError("give --to X,Y or --to-layer FILE", { field: "to" });
  const r = await findRoutes({
    costPath: o.cost,
    band: flag(FLAGS.band("--band"), o.band),
    from: { points: from, layerPath: o.fromLayer },
    to: { points: to, layerPath: o.toLayer },
    lonlat: o.lonlat,
    neighbours: neighboursFlag(FLAGS.neighbours("--neighbours"), o.neighbours),
    outDir: o.outDir,
  });
  if (o.json) return printJson(r);
  const out = [
    `${r.routes.length} route(s) from ${r.sources} source(s) to ${r.targets} target(s), ${r.neighbours} neighbours, cheapest first:`,
    renderTable(r.routes, [
      { header: "rank", value: (x) => x.rank, align: "right" },
      { header: "from", value: (x) => x.from },
      { header: "to", value: (x) => x.to },
      { header: `cost${r.cost.unit === "s/m" ? " (s)" : ""}`, value: (x) => fmt(x.cost, 1), align: "right" },
      { header: "length km", value: (x) => x.lengthKm.toFixed(3), align: "right" },
      { header: "walking h", value: (x) => (x.walkingHours === null ? null : x.walkingHours.toFixed(2)), align: "right" },
    ]).trimEnd(),
  ];
  if (r.unreachedTargets.length > 0) out.push(`unreachable from every source: ${r.unreachedTargets.join(", ")}`);
  out.push(`wrote ${r.outputs.accumulated}, ${r.outputs.backlinks}, ${r.outputs.routes}`);
  process.stdout.write(`${out.join("\n")}\n`);
}

interface CurrentOptions {
  cost: string;
  band: string;
  from?: string[];
  to?: string[];
  fromLayer?: string;
  toLayer?: string;
  lonlat?: boolean;
  neighbours: string;
  tolerance: string;
  outDir: string;
  json?: boolean;
}

async function runCurrent(o: CurrentOptions): Promise<void> {
  const from = parsePoints(o.from, "from");
  const to = parsePoints(o.to, "to");
  if (from.length === 0 && !o.fromLayer) throw new InputError("give --from X,Y or --from-layer FILE", { field: "from" });
  if (to.length === 0 && !o.toLayer) throw new InputError("give --to X,Y or --to-layer FILE", { field: "to" });
  const r = await currentMap({
    costPath: o.cost,
    band: flag(FLAGS.band("--band"), o.band),
    from: { points: from, layerPath: o.fromLayer },
    to: { points: to, layerPath: o.toLayer },
    lonlat: o.lonlat,
    neighbours: neighboursFlag(FLAGS.circuitNeighbours("--neighbours"), o.neighbours),
    tolerance: flag(FLAGS.tolerance("--tolerance"), o.tolerance),
    outDir: o.outDir,
  });
  if (o.json) return printJson(r);
  process.stdout.write(
    `effective resistance ${r.effectiveResistance.toPrecision(6)}${r.resistanceUnit ? ` ${r.resistanceUnit}` : ""} between ${r.sources} source(s) and ${r.targets} target(s) ` +
      `(conjugate gradient: ${r.iterations} iterations, relative residual ${r.relativeResidual.toExponential(1)})\n` +
      `max current through one cell ${r.maxCellCurrentA.toFixed(4)} A of 1 A\nwrote ${r.outputs.current}, ${r.outputs.voltage}\n`,
  );
}

/** Flags every analysis command shares. */
interface CommonOptions {
  cost: string;
  band: string;
  from?: string[];
  to?: string[];
  fromLayer?: string;
  toLayer?: string;
  lonlat?: boolean;
  neighbours: string;
  outDir: string;
  json?: boolean;
}

function analysisInput(o: CommonOptions): AnalysisInput {
  const from = parsePoints(o.from, "from");
  const to = parsePoints(o.to, "to");
  if (from.length === 0 && !o.fromLayer) throw new InputError("give --from X,Y or --from-layer FILE", { field: "from" });
  if (to.length === 0 && !o.toLayer) throw new InputError("give --to X,Y or --to-layer FILE", { field: "to" });
  return {
    costPath: o.cost,
    band: flag(FLAGS.band("--band"), o.band),
    from: { points: from, layerPath: o.fromLayer },
    to: { points: to, layerPath: o.toLayer },
    lonlat: o.lonlat,
    neighbours: neighboursFlag(FLAGS.neighbours("--neighbours"), o.neighbours),
    outDir: o.outDir,
  };
}

function closureRule(mode: string, factor: string | undefined): ClosureRule {
  if (mode === "block") {
    if (factor !== undefined) throw new InputError("--factor applies to --mode multiply only", { field: "factor" });
    return { mode: "block" };
  }
  if (mode === "multiply") return { mode: "multiply", factor: flag(FLAGS.factor("--factor"), factor ?? "10") };
  throw new InputError(`--mode must be block or multiply, got '${mode}'`, { field: "mode" });
}

const hoursText = (h: number | null): string => (h === null ? "" : ` (${h.toFixed(2)} h walking)`);

interface CorridorsCliOptions extends CommonOptions {
  k: string;
  separationM: string;
  mode: string;
  penalty: string;
}

async function runCorridorsCli(o: CorridorsCliOptions): Promise<void> {
  if (o.mode !== "exclude" && o.mode !== "penalty") throw new InputError(`--mode must be exclude or penalty, got '${o.mode}'`, { field: "mode" });
  const r = await runCorridors({
    ...analysisInput(o),
    k: flag(FLAGS.count("--k"), o.k),
    separationM: flag(FLAGS.metres("--separation-m"), o.separationM),
    mode: o.mode,
    penaltyFactor: flag(FLAGS.factor("--penalty"), o.penalty),
  });
  if (o.json) return printJson(r);
  process.stdout.write(
    `${r.found} distinct route(s) of ${r.k} asked (separation ${r.separationM} m, ${r.mode}):\n` +
      renderTable(r.routes, [
        { header: "rank", value: (x) => x.rank, align: "right" },
        { header: "from", value: (x) => x.from },
        { header: "to", value: (x) => x.to },
        { header: "cost", value: (x) => fmt(x.cost, 1), align: "right" },
        { header: "x best", value: (x) => x.relativeCost.toFixed(3), align: "right" },
        { header: "walking h", value: (x) => (x.walkingHours === null ? null : x.walkingHours.toFixed(2)), align: "right" },
      ]) +
      `wrote ${r.outputs.corridors}\n`,
  );
}

interface CloseCliOptions extends CommonOptions {
  closures: string;
  mode: string;
  factor?: string;
  bufferM: string;
  threshold: string;
}

async function runCloseCli(o: CloseCliOptions): Promise<void> {
  const r = await runClose({
    ...analysisInput(o),
    closuresPath: o.closures,
    rule: closureRule(o.mode, o.factor),
    bufferM: flag(FLAGS.metres("--buffer-m"), o.bufferM),
    thresholdA: flag(FLAGS.share("--threshold"), o.threshold),
  });
  if (o.json) return printJson(r);
  const b = r.before;
  const a = r.after;
  const lines = [
    `closed ${fmt(r.closedCells)} cells (${r.rule.mode === "block" ? "blocked" : `cost x ${r.rule.factor}`}) from ${r.closures}`,
    `  best route before: ${fmt(b.bestCost, 1)}${hoursText(b.bestWalkingHours)}, ${b.bestLengthKm?.toFixed(2)} km`,
    r.noRouteAfter
      ? "  after: no route remains between the sources and the targets"
      : `  best route after:  ${fmt(a.bestCost, 1)}${hoursText(a.bestWalkingHours)}, ${a.bestLengthKm?.toFixed(2)} km; added ${fmt(r.addedCost, 1)}${hoursText(r.addedWalkingHours)}`,
    `  share of the flow through the closed cells before: ${(100 * r.flowShareThroughClosedBefore).toFixed(1)} %`,
    `  flow entropy ${b.flowEntropyNats.toFixed(3)} -> ${a.flowEntropyNats.toFixed(3)} nats; corridors above ${r.thresholdA} A: ${b.corridorsAboveThreshold} -> ${a.corridorsAboveThreshold}; footprint ${b.footprintHa.toFixed(1)} -> ${a.footprintHa.toFixed(1)} ha`,
    `wrote ${r.outputs.routes}, ${r.outputs.closedCost}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

interface GameCliOptions extends CommonOptions {
  rounds: string;
  checkpoints: string;
  radiusM: string;
  placement: string;
  seed: string;
  mode: string;
  factor?: string;
  threshold: string;
  learnRisk?: boolean;
  discount: string;
  alpha: string;
  beta: string;
  aversion: string;
}

async function runGameCli(o: GameCliOptions): Promise<void> {
  if (o.placement !== "greedy" && o.placement !== "sampled")
    throw new InputError(`--placement must be greedy or sampled, got '${o.placement}'`, { field: "placement" });
  const r = await runGame({
    ...analysisInput(o),
    rounds: flag(FLAGS.count("--rounds"), o.rounds),
    checkpoints: flag(FLAGS.count("--checkpoints"), o.checkpoints),
    radiusM: flag(FLAGS.metres("--radius-m"), o.radiusM),
    placement: o.placement,
    seed: flag(FLAGS.seed("--seed"), o.seed),
    rule: closureRule(o.mode, o.factor),
    thresholdA: flag(FLAGS.share("--threshold"), o.threshold),
    learning: o.learnRisk
      ? {
          discount: flag(FLAGS.discount("--discount"), o.discount),
          alpha: flag(FLAGS.positive("--alpha"), o.alpha),
          beta: flag(FLAGS.positive("--beta"), o.beta),
          aversion: flag(FLAGS.nonNegative("--aversion"), o.aversion),
        }
      : undefined,
  });
  if (o.json) return printJson(r);
  process.stdout.write(
    `interdiction game (${r.placement}${r.placement === "sampled" ? `, seed ${r.seed}` : ""}; ${r.checkpointsPerRound} checkpoint(s) of ${r.radiusM} m per round; simulated):\n` +
      renderTable(r.rounds, [
        { header: "round", value: (x) => x.round, align: "right" },
        { header: "closed cells", value: (x) => x.closedCells, align: "right" },
        { header: "flow hit %", value: (x) => (100 * x.flowShareIntercepted).toFixed(1), align: "right" },
        { header: "best cost", value: (x) => (x.bestCost === null ? "no route" : fmt(x.bestCost, 1)), align: "right" },
        { header: "walking h", value: (x) => (x.bestWalkingHours === null ? null : x.bestWalkingHours.toFixed(2)), align: "right" },
        { header: "corridors", value: (x) => x.corridorsAboveThreshold, align: "right" },
        { header: "footprint ha", value: (x) => x.footprintHa.toFixed(1), align: "right" },
        { header: "entropy nats", value: (x) => x.flowEntropyNats.toFixed(3), align: "right" },
      ]) +
      (r.learning ? `costs are ${r.costs}\n` : "") +
      `wrote ${r.outputs.routes}, ${r.outputs.checkpoints}\n`,
  );
}

interface NetworkCliOptions extends CorridorsCliOptions {
  paths: string;
}

async function runNetworkCli(o: NetworkCliOptions): Promise<void> {
  if (o.mode !== "exclude" && o.mode !== "penalty") throw new InputError(`--mode must be exclude or penalty, got '${o.mode}'`, { field: "mode" });
  const r = await runNetwork({
    ...analysisInput(o),
    k: flag(FLAGS.count("--k"), o.k),
    separationM: flag(FLAGS.metres("--separation-m"), o.separationM),
    mode: o.mode,
    penaltyFactor: flag(FLAGS.factor("--penalty"), o.penalty),
    paths: flag(FLAGS.count("--paths"), o.paths),
  });
  if (o.json) return printJson(r);
  const lines = [
    `network from ${r.corridors} corridor(s): ${r.nodes} nodes, ${r.segments} segments`,
    `k shortest paths (Yen): ${r.kShortest.map((p) => fmt(p.cost, 1)).join(", ")}`,
    "segments whose closure raises the cheapest cost most:",
    renderTable(r.mostVital.slice(0, 10), [
      { header: "rank", value: (x) => x.rank, align: "right" },
      { header: "segment", value: (x) => x.segment, align: "right" },
      { header: "lon,lat", value: (x) => x.lonLat.join(",") },
      { header: "added cost", value: (x) => (x.separates ? "separates" : fmt(x.addedCost, 1)), align: "right" },
      { header: "added h", value: (x) => (x.addedWalkingHours === null ? null : x.addedWalkingHours.toFixed(2)), align: "right" },
    ]).trimEnd(),
    `smallest separating set (min cut): ${r.minCut.size} segment(s): ${r.minCut.segments.map((s) => `${s.segment} at ${s.lonLat.join(",")}`).join("; ")}`,
    `note: ${r.note}`,
    `wrote ${r.outputs.network}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

interface DemoCliOptions {
  outDir: string;
  dem?: string;
  demBand?: string;
  rounds: string;
  store?: boolean;
  json?: boolean;
}

async function runDemoCli(o: DemoCliOptions, ctx: CliContext): Promise<void> {
  const r = await runRoutesDemo({
    outDir: o.outDir,
    demPath: o.dem,
    demBand: o.demBand === undefined ? undefined : flag(FLAGS.band("--dem-band"), o.demBand),
    rounds: flag(FLAGS.count("--rounds"), o.rounds),
  });
  let storedId: number | undefined;
  if (o.store) {
    const record = await routeAnalysisOfDemo(r);
    storedId = await (await ctx.openStore()).routes.save(record);
  }
  if (o.json) return printJson(storedId === undefined ? r : { ...r, stored: { id: storedId, store: ctx.storePath() } });
  const b = r.bestRoute;
  const lines = [
    `SIMULATED: ${r.simulated}`,
    b ? `best route: ${b.from} -> ${b.to}, ${b.lengthKm.toFixed(2)} km${hoursText(b.walkingHours)}` : "no route",
    `distinct corridors (200 m apart): ${r.corridors.map((c) => `${c.relativeCost.toFixed(2)}x`).join(", ")}`,
    `effective resistance fields -> crossings: ${r.current.effectiveResistance.toPrecision(5)} s`,
    "interdiction rounds (2 checkpoints of 50 m per round, greedy on current):",
    renderTable(r.game, [
      { header: "round", value: (x) => x.round, align: "right" },
      { header: "flow hit %", value: (x) => (100 * x.flowShareIntercepted).toFixed(1), align: "right" },
      { header: "best h", value: (x) => (x.bestWalkingHours === null ? "no route" : x.bestWalkingHours.toFixed(2)), align: "right" },
      { header: "corridors", value: (x) => x.corridorsAboveThreshold, align: "right" },
      { header: "footprint ha", value: (x) => x.footprintHa.toFixed(2), align: "right" },
      { header: "entropy nats", value: (x) => x.flowEntropyNats.toFixed(4), align: "right" },
    ]).trimEnd(),
    `wrote ${o.outDir}/demo.json and the rasters and layers beside it`,
  ];
  if (storedId !== undefined) lines.push(`stored as route analysis ${storedId} in ${ctx.storePath()} (coca routes show ${storedId})`);
  process.stdout.write(`${lines.join("\n")}\n`);
}

async function runListCli(o: { json?: boolean }, ctx: CliContext): Promise<void> {
  const rows = await (await ctx.openStore()).routes.list();
  if (o.json) return printJson(rows);
  if (rows.length === 0) {
    process.stdout.write(`no stored route analyses in ${ctx.storePath()} (store one with coca routes demo --store)\n`);
    return;
  }
  const table = renderTable(rows, [
    { header: "id", value: (x) => x.id, align: "right" },
    { header: "name", value: (x) => x.name },
    { header: "created", value: (x) => x.createdAt },
    { header: "rounds", value: (x) => x.rounds, align: "right" },
    { header: "best h", value: (x) => (x.bestWalkingHours === null ? "no route" : x.bestWalkingHours.toFixed(2)), align: "right" },
    { header: "terrain sha256", value: (x) => x.terrainSha256.slice(0, 12) },
    { header: "simulated", value: (x) => (x.simulated ? "SIMULATED" : "") },
  ]);
  process.stdout.write(table.endsWith("\n") ? table : `${table}\n`);
}

async function runShowCli(idText: string, o: { json?: boolean }, ctx: CliContext): Promise<void> {
  const id = flag(intFlag("<id>", { min: 1 }), idText);
  const a = await (await ctx.openStore()).routes.get(id);
  if (!a) throw new NotFoundError(`no route analysis ${id} in ${ctx.storePath()} (coca routes list shows the stored ones)`);
  if (o.json) return printJson(a);
  const b = a.summary.bestRoute;
  const lines = [
    `route analysis ${a.id}: ${a.name}, stored ${a.createdAt}`,
    a.simulated ? `SIMULATED: ${a.simulatedNote}` : a.simulatedNote,
    `terrain ${a.provenance.terrain.path} band ${a.provenance.terrain.band}, sha256 ${a.provenance.terrain.sha256}`,
    `cost: ${a.provenance.cost.model}, s/m median ${a.provenance.cost.secondsPerM.median.toFixed(3)}; parameters ${JSON.stringify(a.provenance.parameters)}`,
    b ? `best route: ${b.lengthKm.toFixed(2)} km${b.walkingHours === null ? "" : `, ${b.walkingHours.toFixed(2)} h`}` : "no route",
    `effective resistance: ${a.summary.current.effectiveResistance.toPrecision(5)} s; current grid ${a.grids.current.width}x${a.grids.current.height} (1:${a.grids.current.factor})`,
    renderTable(a.summary.rounds, [
      { header: "round", value: (x) => x.round, align: "right" },
      { header: "flow hit %", value: (x) => (100 * x.flowShareIntercepted).toFixed(1), align: "right" },
      { header: "best h", value: (x) => (x.bestWalkingHours === null ? "no route" : x.bestWalkingHours.toFixed(2)), align: "right" },
      { header: "corridors", value: (x) => x.corridorsAboveThreshold, align: "right" },
      { header: "footprint ha", value: (x) => x.footprintHa.toFixed(2), align: "right" },
      { header: "entropy nats", value: (x) => x.flowEntropyNats.toFixed(4), align: "right" },
    ]).trimEnd(),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

/** The flags of sources, targets and the cost raster, shared by the analysis commands. */
function withEndpoints(cmd: Command, neighboursHelp = "4, 8 or 16 (knight's moves, GRASS r.cost -k)"): Command {
  return cmd
    .requiredOption("--cost <cost.tif>", "cost raster (per metre; from `coca routes cost` or any float raster)")
    .option("--band <N>", "band of the cost raster", "1")
    .option("--from <X,Y>", "source point(s) in the raster's CRS (repeat, or separate with ';')", collect)
    .option("--to <X,Y>", "target point(s)", collect)
    .option("--from-layer <sources.geojson>", "sources from a GeoJSON layer (points, or vertices of lines and polygons)")
    .option("--to-layer <targets.geojson>", "targets from a GeoJSON layer")
    .option("--lonlat", "--from/--to are longitude,latitude (WGS 84)")
    .option("--neighbours <N>", neighboursHelp, "8");
}

export function register(program: Command, ctx: CliContext): void {
  const routes = program.command("routes").description("trafficking routes over terrain: cost surfaces, least-cost paths, corridors, closures, interdiction");
  routes
    .command("cost")
    .description("cost surface in seconds per metre from a DEM, land cover and overlays")
    .requiredOption("--dem <dem.tif>", "elevation in metres (projected CRS, or geographic: cell sizes on the ellipsoid)")
    .option("--dem-band <N>", "band of the DEM holding elevation", "1")
    .option("--model <name>", "tobler (Tobler's hiking function) | r.walk (GRASS r.walk coefficients)", "tobler")
    .option("--off-path", "Tobler off-path speed (0.6 of on-path)")
    .option("--landcover <classes.tif>", "land-cover class map on the DEM's grid (uint8, CLASS_NAMES)")
    .option("--friction <friction.yaml>", "friction per class and overlay rules (default: data/routes-friction.yaml)")
    .option("--rivers <rivers.geojson>", "river lines: boat lanes (overlays.rivers)")
    .option("--roads <roads.geojson>", "road lines (overlays.roads)")
    .option("--protected <areas.geojson>", "protected or patrolled polygons (overlays.protected)")
    .requiredOption("--out <cost.tif>", "output cost raster (float32 s/m, COG layout; its metadata records every factor)")
    .option("--json", "print the record as JSON")
    .action(async (opts: CostOptions) => runCost(opts));
  routes
    .command("path")
    .description("least-cost routes from sources to targets: accumulated cost, back-links, routes (GeoJSON)")
    .requiredOption("--cost <cost.tif>", "cost raster (per metre; from `coca routes cost` or any float raster)")
    .option("--band <N>", "band of the cost raster", "1")
    .option("--from <X,Y>", "source point(s) in the raster's CRS (repeat, or separate with ';')", collect)
    .option("--to <X,Y>", "target point(s)", collect)
    .option("--from-layer <sources.geojson>", "sources from a GeoJSON layer (points, or vertices of lines and polygons)")
    .option("--to-layer <targets.geojson>", "targets from a GeoJSON layer")
    .option("--lonlat", "--from/--to are longitude,latitude (WGS 84)")
    .option("--neighbours <N>", "4, 8 or 16 (knight's moves, GRASS r.cost -k)", "8")
    .requiredOption("--out-dir <dir>", "where to write accumulated-cost.tif, backlinks.tif, routes.geojson")
    .option("--json", "print as JSON")
    .action(async (opts: PathOptions) => runPath(opts));
  routes
    .command("current")
    .description("circuit-theory current from sources to targets (Circuitscape convention): current density, voltage, effective resistance")
    .requiredOption("--cost <cost.tif>", "cost raster; conductance between neighbours = 1 / (mean cost x step length)")
    .option("--band <N>", "band of the cost raster", "1")
    .option("--from <X,Y>", "source point(s) (held at 1 V, shorted together)", collect)
    .option("--to <X,Y>", "target point(s) (held at 0 V)", collect)
    .option("--from-layer <sources.geojson>", "sources from a GeoJSON layer")
    .option("--to-layer <targets.geojson>", "targets from a GeoJSON layer")
    .option("--lonlat", "--from/--to are longitude,latitude (WGS 84)")
    .option("--neighbours <N>", "4 or 8", "8")
    .option("--tolerance <r>", "conjugate-gradient relative residual", "1e-8")
    .requiredOption("--out-dir <dir>", "where to write current.tif and voltage.tif")
    .option("--json", "print as JSON")
    .action(async (opts: CurrentOptions) => runCurrent(opts));
  withEndpoints(routes.command("corridors").description("k distinct routes: each next one avoids the cells near earlier ones"))
    .option("--k <N>", "routes to find", "5")
    .option("--separation-m <m>", "cells within this distance of an earlier route are excluded or penalised", "200")
    .option("--mode <mode>", "exclude | penalty", "exclude")
    .option("--penalty <factor>", "cost multiplier near earlier routes (--mode penalty)", "5")
    .requiredOption("--out-dir <dir>", "where to write corridors.geojson")
    .option("--json", "print as JSON")
    .action(async (opts: CorridorsCliOptions) => runCorridorsCli(opts));
  withEndpoints(
    routes.command("close").description("close cells, segments or checkpoints and compare: new best route, added cost, flow share, entropy, corridors"),
  )
    .requiredOption("--closures <closures.geojson>", "points (checkpoints), lines (segments) or polygons to close")
    .option("--mode <mode>", "block (impassable) | multiply (cost x --factor)", "block")
    .option("--factor <F>", "cost multiplier with --mode multiply (default 10)")
    .option("--buffer-m <m>", "radius around closure points and lines", "0")
    .option("--threshold <A>", "current (share of 1 A) above which a cell carries flow", "0.05")
    .requiredOption("--out-dir <dir>", "where to write close-routes.geojson and closed-cost.tif")
    .option("--json", "print as JSON")
    .action(async (opts: CloseCliOptions) => runCloseCli(opts));
  withEndpoints(routes.command("game").description("interdiction game: each round checkpoints go where the current is highest, traffickers reroute"))
    .option("--rounds <N>", "rounds of interdiction", "3")
    .option("--checkpoints <N>", "checkpoints per round", "2")
    .option("--radius-m <m>", "radius a checkpoint closes", "50")
    .option("--placement <how>", "greedy (highest current) | sampled (in proportion to current, seeded)", "greedy")
    .option("--seed <S>", "seed of sampled placement", "1")
    .option("--mode <mode>", "block | multiply", "block")
    .option("--factor <F>", "cost multiplier with --mode multiply")
    .option("--threshold <A>", "current (share of 1 A) above which a cell carries flow", "0.05")
    .option("--learn-risk", "NarcoLogic-style: checkpoints stand one round; traffickers learn a perceived risk per cell")
    .option("--discount <w>", "weight of a one-round-older event (--learn-risk)", "0.7")
    .option("--alpha <a>", "prior events (--learn-risk)", "1")
    .option("--beta <b>", "prior non-events (--learn-risk)", "9")
    .option("--aversion <k>", "cost multiplier per unit of risk (--learn-risk)", "4")
    .requiredOption("--out-dir <dir>", "where to write game-routes.geojson and game-checkpoints.geojson")
    .option("--json", "print as JSON")
    .action(async (opts: GameCliOptions) => runGameCli(opts));
  withEndpoints(routes.command("network").description("where interdiction bites: coarse corridor network, Yen k shortest paths, most vital segments, min cut"))
    .option("--k <N>", "corridors to draw the network from", "8")
    .option("--separation-m <m>", "separation of the corridors", "200")
    .option("--mode <mode>", "exclude | penalty (penalty lets corridors share segments, so they form junctions)", "penalty")
    .option("--penalty <factor>", "cost multiplier near earlier corridors", "3")
    .option("--paths <N>", "k of Yen's k shortest paths", "5")
    .requiredOption("--out-dir <dir>", "where to write network.geojson")
    .option("--json", "print as JSON")
    .action(async (opts: NetworkCliOptions) => runNetworkCli(opts));
  routes
    .command("demo")
    .description("the whole analysis on the real southern Ecuador terrain with simulated fields and border crossings")
    .requiredOption("--out-dir <dir>", "where to write the cost surface, routes, current and closure rounds")
    .option("--dem <dem.tif>", "another DEM (default: data/terrain/southern-ecuador-elevation-10m.tif)")
    .option("--dem-band <N>", "band of --dem holding elevation (default 1)")
    .option("--rounds <N>", "rounds of closures", "3")
    .option("--store", "keep the analysis in the store (--db / COCA_DB): provenance, paths, rounds, coarse cost and current grids")
    .option("--json", "print as JSON")
    .action(async (opts: DemoCliOptions) => runDemoCli(opts, ctx));
  routes
    .command("list")
    .description("stored route analyses")
    .option("--json", "print as JSON")
    .action(async (opts: { json?: boolean }) => runListCli(opts, ctx));
  routes
    .command("show")
    .description("one stored route analysis: provenance, best route, current, closure rounds")
    .argument("<id>", "analysis id (coca routes list)")
    .option("--json", "print as JSON (with the GeoJSON layers and the coarse grids)")
    .action(async (id: string, opts: { json?: boolean }) => runShowCli(id, opts, ctx));
}
