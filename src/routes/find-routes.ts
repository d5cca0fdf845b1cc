/**
 * @module routes/find-routes
 * `coca routes path`: least-cost routes on a cost raster from points or GeoJSON layers, written as the
 * accumulated-cost raster, the back-link raster and the routes as GeoJSON LineStrings (WGS 84) with their cost,
 * length in km and walking time in hours.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Feature, FeatureCollection, LineString } from "geojson";
import { InputError } from "../domain/errors.ts";
import { pixelCenter, type Crs, type RasterGrid } from "../domain/raster-grid.ts";
import { writeFileAtomic } from "../io/atomic-write.ts";
import { sha256File } from "../io/checksum.ts";
import { isPassable, type CostGrid, type Neighbourhood } from "./accumulated-cost.ts";
import { cellSizeM } from "./cell-size.ts";
import { cellOf, readGeoLayer, transformer } from "./geo-layer.ts";
import { leastCostRoutes, type Endpoint, type LeastCostRoute } from "./least-cost.ts";
import { COST_RECORD_KEY, readFloatBand, writeBacklinks, writeFloatRaster, type FloatBand } from "./route-rasters.ts";

export const WGS84: Crs = { epsg: 4326, proj4: "+proj=longlat +datum=WGS84 +no_defs", geographic: true, name: "WGS 84" };

/** Points given on the command line ([x, y] in the raster's CRS, or lon/lat with `lonlat`) and/or a GeoJSON layer. */
export interface PointsInput {
  points?: readonly (readonly [number, number])[];
  layerPath?: string;
}

export interface FindRoutesOptions {
  costPath: string;
  band?: number;
  from: PointsInput;
  to: PointsInput;
  lonlat?: boolean;
  neighbours?: Neighbourhood;
  outDir: string;
}

export interface RouteSummary {
  rank: number;
  from: string;
  to: string;
  cost: number;
  lengthKm: number;
  /** cost / 3600 when the cost raster is in seconds per metre (made by `coca routes cost`), else null. */
  walkingHours: number | null;
  cells: number;
}

export interface FindRoutesResult {
  cost: { path: string; band: number; sha256: string; unit: string | null };
  neighbours: Neighbourhood;
  sources: number;
  targets: number;
  routes: RouteSummary[];
  unreachedTargets: string[];
  outputs: { accumulated: string; backlinks: string; routes: string };
}

/** The cost raster as a CostGrid, with the cell size in metres. */
export function costGridOf(band: FloatBand): CostGrid {
  const size = cellSizeM(band.grid, band.ref);
  return { costs: band.values, width: band.grid.width, height: band.grid.height, cellWidthM: size.widthM, cellHeightM: size.heightM };
}

function extentText(grid: RasterGrid): string {
  const gt = grid.geoTransform;
  const x1 = gt[0] + grid.width * gt[1];
  const y1 = gt[3] + grid.height * gt[5];
  return `x ${Math.min(gt[0], x1)}..${Math.max(gt[0], x1)}, y ${Math.min(gt[3], y1)}..${Math.max(gt[3], y1)} (${grid.crs.name})`;
}

/**
 * Drop the endpoints of a layer that lie on impassable cells (a field's vertex on a river), keeping the points given
 * one by one, which must be passable. Throws when a layer keeps none.
 */
export function passableEndpoints(points: Endpoint[], costs: ArrayLike<number>, layerPath: string | undefined, flag: string): Endpoint[] {
  if (!layerPath) return points;
  const kept = points.filter((p) => !p.label.startsWith(layerPath) || isPassable(costs[p.cell]!));
  if (!kept.some((p) => p.label.startsWith(layerPath)))
    throw new InputError(`${layerPath}: every position of the layer lies on an impassable cell`, { field: `${flag}-layer` });
  return kept;
}

/** Resolve points to cells of `grid`; a point outside the raster is an InputError naming it and the extent. */
export function endpointsOf(input: PointsInput, grid: RasterGrid, { lonlat = false, flag }: { lonlat?: boolean; flag: string }): Endpoint[] {
  const out: Endpoint[] = [];
  const fromLonLat = lonlat ? transformer(WGS84, grid.crs) : undefined;
  (input.points ?? []).forEach(([a, b], i) => {
    const [x, y] = fromLonLat ? fromLonLat([a, b]) : [a, b];
    const cell = cellOf(grid, x!, y!);
    const label = `--${flag} ${a},${b}${lonlat ? " (lon,lat)" : ""}`;
    if (!cell)
      throw new InputError(`${label} lies outside the cost raster (${extentText(grid)})${lonlat ? "" : "; give --lonlat if these are longitude,latitude"}`, {
        field: flag,
      });
    out.push({ cell: cell.row * grid.width + cell.col, label: input.points!.length > 1 ? `${label} [${i + 1}]` : label });
  });
  if (input.layerPath) {
    const layer = readGeoLayer(input.layerPath, grid.crs, `--${flag}-layer`);
    // Lines and polygons contribute their vertices' cells (a field's outline, a border segment).
    const pts = [...layer.points, ...layer.lines.flat(), ...layer.polygons.flatMap((p) => p[0] ?? [])];
    if (pts.length === 0)
      throw new InputError(`${input.layerPath}: no points, lines or polygons to route ${flag === "from" ? "from" : "to"}`, { field: `${flag}-layer` });
    const seen = new Set<number>();
    pts.forEach((p, i) => {
      const cell = cellOf(grid, p[0]!, p[1]!);
      if (!cell) return;
      const idx = cell.row * grid.width + cell.col;
      if (seen.has(idx)) return;
      seen.add(idx);
      const name = i < layer.pointProps.length ? (layer.pointProps[i]!.name ?? layer.pointProps[i]!.id) : undefined;
      out.push({ cell: idx, label: `${input.layerPath} ${name !== undefined ? `"${String(name)}"` : `vertex ${i + 1}`}` });
    });
    if (seen.size === 0)
      throw new InputError(`${input.layerPath}: all ${pts.length} positions lie outside the cost raster (${extentText(grid)})`, { field: `${flag}-layer` });
  }
  if (out.length === 0) throw new InputError(`give --${flag} X,Y or --${flag}-layer FILE`, { field: flag });
  return out;
}

/** A route as a GeoJSON LineString in WGS 84 through its cell centres. */
export function routeFeature(route: LeastCostRoute, grid: RasterGrid, props: Record<string, unknown>): Feature<LineString> {
  const toWgs = transformer(grid.crs, WGS84);
  const coords = Array.from(route.cells, (cell) => {
    const row = Math.floor(cell / grid.width);
    const [x, y] = pixelCenter(grid, cell - row * grid.width, row);
    const [lon, lat] = toWgs([x, y]);
    return [Math.round(lon! * 1e7) / 1e7, Math.round(lat! * 1e7) / 1e7];
  });
  if (coords.length === 1) coords.push(coords[0]!);
  return { type: "Feature", properties: props, geometry: { type: "LineString", coordinates: coords } };
}

export async function findRoutes(o: FindRoutesOptions): Promise<FindRoutesResult> {
  const band = o.band ?? 1;
  const neighbours = o.neighbours ?? 8;
  const cost = await readFloatBand(o.costPath, band, "cost raster");
  const grid = costGridOf(cost);
  const sources = passableEndpoints(endpointsOf(o.from, cost.grid, { lonlat: o.lonlat, flag: "from" }), grid.costs, o.from.layerPath, "from");
  const targets = passableEndpoints(endpointsOf(o.to, cost.grid, { lonlat: o.lonlat, flag: "to" }), grid.costs, o.to.layerPath, "to");
  const unit = cost.metadata.COCA_UNIT ?? (cost.metadata[COST_RECORD_KEY] ? "s/m" : null);
  const { accumulated, routes } = leastCostRoutes(grid, sources, targets, { neighbours });
  const summaries: RouteSummary[] = routes.map((r, i) => ({
    rank: i + 1,
    from: sources[r.source]?.label ?? "?",
    to: targets[r.target]!.label,
    cost: r.cost,
    lengthKm: r.lengthM / 1000,
    walkingHours: unit === "s/m" ? r.cost / 3600 : null,
    cells: r.cells.length,
  }));
  const reached = new Set(routes.map((r) => r.target));
  mkdirSync(o.outDir, { recursive: true });
  const outputs = {
    accumulated: join(o.outDir, "accumulated-cost.tif"),
    backlinks: join(o.outDir, "backlinks.tif"),
    routes: join(o.outDir, "routes.geojson"),
  };
  const provenance = JSON.stringify({ cost: o.costPath, band, neighbours, sources: sources.map((s) => s.label), targets: targets.map((t) => t.label) });
  const accF32 = Float32Array.from(accumulated.costs, (v) => (v === Infinity ? NaN : v));
  await writeFloatRaster(outputs.accumulated, cost.grid, accF32, `accumulated cost${unit ? ` (${unit} x m)` : ""}`, { COCA_ROUTES_PATH: provenance });
  await writeBacklinks(outputs.backlinks, cost.grid, accumulated.backlinks, { COCA_ROUTES_PATH: provenance });
  const fc: FeatureCollection<LineString> = {
    type: "FeatureCollection",
    features: routes.map((r, i) => routeFeature(r, cost.grid, { ...summaries[i], best: i === 0 })),
  };
  writeFileAtomic(outputs.routes, `${JSON.stringify(fc)}\n`);
  return {
    cost: { path: o.costPath, band, sha256: await sha256File(o.costPath), unit },
    neighbours,
    sources: sources.length,
    targets: targets.length,
    routes: summaries,
    unreachedTargets: targets.filter((_, i) => !reached.has(i)).map((t) => t.label),
    outputs,
  };
}
