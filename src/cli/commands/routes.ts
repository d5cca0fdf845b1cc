/**
 * @module cli/commands/routes
 * `coca routes cost|path|current`: cost surfaces from a DEM (Tobler or GRASS r.walk walking time, land-cover friction,
 * rivers, roads, protected areas) and least-cost routes from many sources to many targets (scikit-image
 * MCP_Geometric / GRASS r.cost convention) and circuit-theory current (Circuitscape), written as COG rasters and GeoJSON.
 */
import type { Command } from "commander";
import { z } from "zod";
import { InputError } from "../../domain/errors.ts";
import { buildCostSurface } from "../../routes/build-cost-surface.ts";
import { currentMap } from "../../routes/current-map.ts";
import { findRoutes } from "../../routes/find-routes.ts";
import type { CliContext } from "../context.ts";
import { fmt, printJson, renderTable } from "../output.ts";

// Numeric flags, checked in one place (to be replaced by src/cli/flags.ts when it lands).
const band = z.coerce.number().int().min(1);
const FLAGS = {
  band,
  neighbours: z.coerce.number().pipe(z.union([z.literal(4), z.literal(8), z.literal(16)])),
  model: z.enum(["tobler", "r.walk"]),
  circuitNeighbours: z.coerce.number().pipe(z.union([z.literal(4), z.literal(8)])),
  tolerance: z.coerce.number().positive().max(0.1),
};

/** Parse flag `name` with `schema`, or an InputError naming the flag and what it expects. */
function flag<T>(schema: z.ZodType<T>, value: unknown, name: string, expects: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new InputError(`--${name} must be ${expects}, got '${String(value)}'`, { field: name });
  return r.data;
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
    demBand: flag(FLAGS.band, o.demBand, "dem-band", "a band number >= 1"),
    model: flag(FLAGS.model, o.model, "model", "tobler or r.walk"),
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
    band: flag(FLAGS.band, o.band, "band", "a band number >= 1"),
    from: { points: from, layerPath: o.fromLayer },
    to: { points: to, layerPath: o.toLayer },
    lonlat: o.lonlat,
    neighbours: flag(FLAGS.neighbours, o.neighbours, "neighbours", "4, 8 or 16"),
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
    band: flag(FLAGS.band, o.band, "band", "a band number >= 1"),
    from: { points: from, layerPath: o.fromLayer },
    to: { points: to, layerPath: o.toLayer },
    lonlat: o.lonlat,
    neighbours: flag(FLAGS.circuitNeighbours, o.neighbours, "neighbours", "4 or 8"),
    tolerance: flag(FLAGS.tolerance, o.tolerance, "tolerance", "a relative residual in (0, 0.1]"),
    outDir: o.outDir,
  });
  if (o.json) return printJson(r);
  process.stdout.write(
    `effective resistance ${r.effectiveResistance.toPrecision(6)}${r.resistanceUnit ? ` ${r.resistanceUnit}` : ""} between ${r.sources} source(s) and ${r.targets} target(s) ` +
      `(conjugate gradient: ${r.iterations} iterations, relative residual ${r.relativeResidual.toExponential(1)})\n` +
      `max current through one cell ${r.maxCellCurrentA.toFixed(4)} A of 1 A\nwrote ${r.outputs.current}, ${r.outputs.voltage}\n`,
  );
}

export function register(program: Command, _ctx: CliContext): void {
  const routes = program.command("routes").description("trafficking routes over terrain: cost surfaces and least-cost paths");
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
}
