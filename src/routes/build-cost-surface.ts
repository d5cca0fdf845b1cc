/**
 * @module routes/build-cost-surface
 * `coca routes cost`: a DEM (and optionally a land-cover map, a friction table and river, road and protected-area
 * layers) to a cost surface in seconds per metre, written with a full record of the factors that made it.
 */
import { stringify as toYaml } from "yaml";
import { DataError, InputError } from "../domain/errors.ts";
import { sha256File } from "../io/checksum.ts";
import { readClassMap } from "../raster/read/class-map.ts";
import { cellSizeM } from "./cell-size.ts";
import { applyFriction, applyOverlay, slopeRiseOverRun, walkingSecondsPerM } from "./cost-surface.ts";
import { DEFAULT_FRICTION_PATH, frictionByCode, readFrictionTable, type OverlayName } from "./friction.ts";
import { drawLines, drawPolygons, readGeoLayer } from "./geo-layer.ts";
import { COST_RECORD_KEY, readFloatBand, sameGrid, writeFloatRaster } from "./route-rasters.ts";
import { R_WALK_DEFAULTS, type WalkingModel } from "./walking-speed.ts";

export interface CostSurfaceOptions {
  demPath: string;
  /** 1-based band of the DEM holding elevation in metres. */
  demBand?: number;
  model?: WalkingModel;
  offPath?: boolean;
  landcoverPath?: string;
  frictionPath?: string;
  overlays?: Partial<Record<OverlayName, string>>;
  outPath: string;
}

/** What `coca routes cost` wrote: the record stored in the raster, plus summary statistics. */
export interface CostSurfaceRecord {
  unit: "s/m";
  out: string;
  model: WalkingModel;
  offPath: boolean;
  rWalk?: typeof R_WALK_DEFAULTS;
  dem: { path: string; band: number; bandName: string; sha256: string };
  cellSize: { how: string; widthM: number | { min: number; max: number }; heightM: number };
  landcover?: { path: string; sha256: string; classes: Record<string, number | "impassable"> };
  friction?: { path: string; sha256: string };
  overlays: { name: OverlayName; path: string; sha256: string; rule: Record<string, number>; cells: number }[];
  cells: number;
  impassableCells: number;
  secondsPerM: { min: number; median: number; max: number };
}

function summary(cost: Float32Array): { impassable: number; min: number; median: number; max: number } {
  const finite = cost.filter((v) => !Number.isNaN(v)).sort();
  return {
    impassable: cost.length - finite.length,
    min: finite[0] ?? NaN,
    median: finite[finite.length >> 1] ?? NaN,
    max: finite[finite.length - 1] ?? NaN,
  };
}

/** Build the cost surface and write it (atomically) to `outPath`. Inputs are all checked before anything is written. */
export async function buildCostSurface(o: CostSurfaceOptions): Promise<CostSurfaceRecord> {
  const model = o.model ?? "tobler";
  const band = o.demBand ?? 1;
  const dem = await readFloatBand(o.demPath, band, "DEM");
  const size = cellSizeM(dem.grid, o.demPath);
  const { width, height } = dem.grid;
  const slope = slopeRiseOverRun(dem.values, width, height, { cellWidthM: size.widthM, cellHeightM: size.heightM });
  const cost = walkingSecondsPerM(slope, model, { offPath: o.offPath });
  const record: CostSurfaceRecord = {
    unit: "s/m",
    out: o.outPath,
    model,
    offPath: o.offPath ?? false,
    ...(model === "r.walk" ? { rWalk: { ...R_WALK_DEFAULTS } } : {}),
    dem: { path: o.demPath, band, bandName: dem.bandName, sha256: await sha256File(o.demPath) },
    cellSize: {
      how: size.how,
      widthM: typeof size.widthM === "number" ? size.widthM : { min: Math.min(...size.widthM), max: Math.max(...size.widthM) },
      heightM: size.heightM,
    },
    overlays: [],
    cells: width * height,
    impassableCells: 0,
    secondsPerM: { min: NaN, median: NaN, max: NaN },
  };
  const overlayNames = (Object.keys(o.overlays ?? {}) as OverlayName[]).filter((k) => o.overlays![k] !== undefined);
  const needTable = o.landcoverPath !== undefined || overlayNames.length > 0 || o.frictionPath !== undefined;
  const frictionPath = o.frictionPath ?? DEFAULT_FRICTION_PATH;
  const table = needTable ? readFrictionTable(frictionPath) : undefined;
  if (table) record.friction = { path: frictionPath, sha256: await sha256File(frictionPath) };
  if (o.landcoverPath !== undefined) {
    const map = await readClassMap(o.landcoverPath).catch(async (error: unknown) => {
      throw error instanceof DataError ? new DataError(`${(error as Error).message} (the land cover must be a uint8 class map)`) : error;
    });
    try {
      if (!sameGrid(map.grid, dem.grid)) {
        throw new DataError(
          `${o.landcoverPath}: the land-cover map's grid (${map.grid.width}x${map.grid.height}, ${map.grid.crs.name}) differs from the DEM's (${width}x${height}, ${dem.grid.crs.name}); resample one onto the other with gdalwarp -te/-tr/-t_srs`,
        );
      }
      const byCode = frictionByCode(table!, map.classNames, frictionPath, o.landcoverPath);
      const codes = await map.readWindow({ x0: 0, y0: 0, x1: width, y1: height });
      applyFriction(cost, codes, byCode, map.nodata);
      const used: Record<string, number | "impassable"> = {};
      map.classNames.forEach((name, i) => {
        const f = byCode[i + 1]!;
        used[name] = Number.isNaN(f) ? "impassable" : f;
      });
      record.landcover = { path: o.landcoverPath, sha256: await sha256File(o.landcoverPath), classes: used };
    } finally {
      await map.close();
    }
  }
  for (const name of overlayNames) {
    const path = o.overlays![name]!;
    const rule = table!.overlays[name];
    if (!rule) throw new InputError(`${frictionPath}: --${name} was given but the friction table has no overlays.${name} rule`, { field: name });
    const layer = readGeoLayer(path, dem.grid.crs, name);
    const mask = new Uint8Array(width * height);
    const unitsPerM = Math.abs(dem.grid.geoTransform[1]) / (typeof size.widthM === "number" ? size.widthM : size.widthM[height >> 1]!);
    drawLines(mask, dem.grid, layer.lines, ((rule.widthM ?? 0) / 2) * unitsPerM);
    drawPolygons(mask, dem.grid, layer.polygons);
    const cells = applyOverlay(cost, mask, rule);
    const ruleOut: Record<string, number> = {};
    for (const [k, v] of Object.entries(rule)) if (typeof v === "number") ruleOut[k] = v;
    record.overlays.push({ name, path, sha256: await sha256File(path), rule: ruleOut, cells });
  }
  const s = summary(cost);
  record.impassableCells = s.impassable;
  record.secondsPerM = { min: s.min, median: s.median, max: s.max };
  if (s.impassable === cost.length)
    throw new DataError(`${o.demPath}: every cell of the cost surface is impassable (nodata DEM, or impassable classes everywhere)`);
  await writeFloatRaster(o.outPath, dem.grid, cost, "walking time s/m", {
    [COST_RECORD_KEY]: JSON.stringify(record),
    COCA_ROUTES_FACTORS_YAML: toYaml({ model, offPath: record.offPath, rWalk: record.rWalk, friction: table ?? null }),
    COCA_UNIT: "s/m",
  });
  return record;
}
