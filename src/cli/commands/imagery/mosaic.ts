/**
 * @module cli/commands/imagery/mosaic
 * `coca imagery mosaic` (many rasters onto one grid) and `coca imagery reproject` (one raster onto a grid),
 * both nearest neighbour, streamed by tiles, COG out. Usable outside surveys: class maps of several scenes,
 * or multi-band scenes of one band layout.
 */
import type { Command } from "commander";
import { InputError } from "../../../domain/errors.ts";
import type { Crs, RasterGrid } from "../../../domain/raster-grid.ts";
import { mosaicRasters, type MosaicResult, type TargetGridSpec } from "../../../raster/mosaic.ts";
import { crsFromEpsg } from "../../../raster/read/epsg.ts";
import { openRaster } from "../../../raster/read/raster-source.ts";
import type { CliContext } from "../../context.ts";
import { fmt, printJson, renderTable } from "../../output.ts";
import { choiceFlag, numberFlag } from "../../flags.ts";
import { runInterruptible } from "../../progress.ts";

const RES_FLAG = numberFlag("--res", { min: 0, minExclusive: true });
const ORDER_FLAG = choiceFlag("--order", ["least-cloudy", "given"], { default: "least-cloudy" });

interface GridOpts {
  crs?: string;
  res?: string;
  bounds?: string;
  like?: string;
  json?: boolean;
}

function parseCrs(value: string): Crs {
  const m = /^(?:EPSG:)?(\d+)$/i.exec(value.trim());
  const crs = m ? crsFromEpsg(Number(m[1])) : undefined;
  if (!crs) throw new InputError(`--crs must be an EPSG code this system knows (e.g. EPSG:32718), got '${value}'`, { field: "crs" });
  return crs;
}

/** The target grid from --like, or --crs/--res/--bounds. */
async function targetGrid(opts: GridOpts): Promise<RasterGrid | TargetGridSpec> {
  if (opts.like) {
    if (opts.crs || opts.res || opts.bounds) throw new InputError("--like must be given alone, without --crs/--res/--bounds", { field: "like" });
    const like = await openRaster(opts.like);
    await like.close();
    return like.grid;
  }
  const spec: { crs?: Crs; resolution?: number; bounds?: [number, number, number, number] } = {};
  if (opts.crs) spec.crs = parseCrs(opts.crs);
  const resolution = RES_FLAG.parse(opts.res);
  if (resolution !== undefined) spec.resolution = resolution;
  if (opts.bounds) {
    const b = opts.bounds.split(",").map((v) => Number(v.trim()));
    if (b.length !== 4 || !b.every(Number.isFinite) || b[0]! >= b[2]! || b[1]! >= b[3]!) {
      throw new InputError(`--bounds must be xmin,ymin,xmax,ymax in the target CRS, got '${opts.bounds}'`, { field: "bounds" });
    }
    spec.bounds = b as [number, number, number, number];
  }
  return spec;
}

function report(result: MosaicResult, out: string, json: boolean | undefined, sourceOut?: string): void {
  const g = result.grid;
  const body = {
    out,
    sources: sourceOut ?? null,
    grid: { widthPx: g.width, heightPx: g.height, crs: g.crs.name, epsg: g.crs.epsg ?? null, geoTransform: g.geoTransform },
    rule: result.rule,
    unit: "ha",
    totalHa: result.totalHa,
    observedHa: result.observedHa,
    unobservedHa: result.unobservedHa,
    inputs: result.inputs,
  };
  if (json) {
    printJson(body);
    return;
  }
  process.stdout.write(`${out}: ${g.width} x ${g.height} px, ${g.crs.name}, ${Math.abs(g.geoTransform[1])} m cells (nearest neighbour)\n`);
  process.stdout.write(
    renderTable(result.inputs, [
      { header: "priority", value: (r) => String(r.priority), align: "right" },
      { header: "input", value: (r) => r.label },
      { header: "invalid share", value: (r) => (r.invalidShare === null ? "" : fmt(r.invalidShare * 100, 1) + "%"), align: "right" },
      { header: "area taken (ha)", value: (r) => fmt(r.areaHa, 1), align: "right" },
      { header: "share of observed", value: (r) => fmt(r.shareOfObserved * 100, 1) + "%", align: "right" },
    ]),
  );
  process.stdout.write(`unobserved (no valid value in any input): ${fmt(result.unobservedHa, 1)} ha of ${fmt(result.totalHa, 1)} ha\nrule: ${result.rule}\n`);
}

const gridOptions = (cmd: Command): Command =>
  cmd
    .option("--crs <EPSG:n>", "target CRS (default: the first input's)")
    .option("--res <m>", "target cell size in map units (default: the first input's; required with another CRS)")
    .option("--bounds <xmin,ymin,xmax,ymax>", "target extent in the target CRS (default: all inputs; snapped to the cell size)")
    .option("--like <raster.tif>", "use this raster's grid exactly")
    .option("--json", "print as JSON");

export function register(imagery: Command, _ctx: CliContext): void {
  gridOptions(
    imagery
      .command("mosaic")
      .description("many rasters (class maps or scenes of one band layout) onto one grid, nearest neighbour; least cloudy first where they overlap")
      .argument("<inputs...>", "GeoTIFF/COG/VRT paths or URLs, optionally PATH@YYYY-MM-DD to give a date for tie-breaking")
      .requiredOption("--out <mosaic.tif>", "output COG")
      .option("--sources <sources.tif>", "also write which input each pixel came from (0 = unobserved)")
      .option("--order <rule>", "least-cloudy (fewest invalid pixels first, then latest date) or given", "least-cloudy"),
  ).action(async (inputs: string[], opts: GridOpts & { out: string; sources?: string; order: string }) => {
    const order = ORDER_FLAG.parse(opts.order);
    const parsed = inputs.map((arg) => {
      const m = /^(.*)@(\d{4}-\d{2}-\d{2})$/.exec(arg);
      return m ? { ref: m[1]!, date: m[2]!, label: m[1]! } : { ref: arg, label: arg };
    });
    const grid = await targetGrid(opts);
    const result = await runInterruptible({ label: "mosaic", out: opts.out, quiet: opts.json }, (signal, onProgress) =>
      mosaicRasters({ inputs: parsed, out: opts.out, sourceOut: opts.sources, grid, order, signal, onProgress }),
    );
    report(result, opts.out, opts.json, opts.sources);
  });

  gridOptions(
    imagery
      .command("reproject")
      .description("one raster onto a grid (another CRS, cell size or extent), nearest neighbour")
      .argument("<input>", "GeoTIFF/COG/VRT path or URL")
      .requiredOption("--out <out.tif>", "output COG"),
  ).action(async (input: string, opts: GridOpts & { out: string }) => {
    const grid = await targetGrid(opts);
    const result = await runInterruptible({ label: "reproject", out: opts.out, quiet: opts.json }, (signal, onProgress) =>
      mosaicRasters({ inputs: [{ ref: input }], out: opts.out, grid, order: "given", signal, onProgress }),
    );
    report(result, opts.out, opts.json);
  });
}
