/**
 * @module survey/stages/map-totals
 * Stage "map totals": the class map's pixel-count areas per class and per region, and which
 * region holds a pixel (for the sample units and the fields). The class map is read in row strips
 * (mapTotalsByStrips), so memory is set by a strip, not by the map.
 */
import type { SurveyConfig } from "../../domain/survey-config.ts";
import { openClassRows } from "../../imagery/zonal/class-row-source.ts";
import { readRegions, regionRingsInPixels } from "../../imagery/zonal/regions.ts";
import { mapTotalsByStrips, zonalTotalsByStrips, type ZonalRow } from "../../imagery/zonal/zonal-totals.ts";
import { readClassMap } from "../../raster/read/class-map.ts";
import { pointInRings, type RasterGrid } from "../../domain/raster-grid.ts";
import { polygonsBboxWgs84, type Bbox } from "../first-run-checks.ts";

export interface MapTotalsContext {
  /** The class map (classes.tif of the classify stage, or a stored survey's artifact). */
  classesPath: string;
  /** A mosaic's per-pixel source raster (0 = no scene observed the pixel), for the unobserved area. */
  sourcesPath?: string | null;
  regions: SurveyConfig["regions"];
}

/** Area inside the regions that no scene observed, ha (surveys of several scenes). */
export interface UnobservedArea {
  totalHa: number;
  regions: { region: string; areaHa: number }[];
}

export interface MapTotalsResult {
  /** The class map's grid (the map itself is not kept: the later stages read it again by strips). */
  grid: RasterGrid;
  zonal: ZonalRow[];
  totals: { classCode: number; className: string; areaHa: number }[];
  /** Region names, each once, in the order of the regions file. */
  regionNames: string[];
  /** The region holding the map point at pixel coordinates (col, row), e.g. (col + 0.5, row + 0.5) for a pixel centre. */
  regionOfPixel: (col: number, row: number) => string | null;
  unobserved: UnobservedArea | null;
  /** The regions' bounding box in WGS 84 [minLon, minLat, maxLon, maxLat] (for the first run's check against the country). */
  regionsBboxWgs84: Bbox;
}

/** Hectares of code 0 (unobserved) of the sources raster in each region, read in strips. */
async function unobservedArea(sourcesPath: string, regionSet: ReturnType<typeof readRegions>, regionNames: readonly string[]): Promise<UnobservedArea> {
  const map = await readClassMap(sourcesPath);
  try {
    const width = map.grid.width;
    // Code 0 is counted here (nodata -1: no code is nodata): it is the area no scene observed.
    const rows = await zonalTotalsByStrips(
      { grid: map.grid, nodata: -1, classNames: ["unobserved", ...map.classNames], readRows: (y0, y1) => map.readWindow({ x0: 0, y0, x1: width, y1 }) },
      regionSet,
    );
    const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;
    const byRegion = regionNames.map((region) => ({
      region,
      areaHa: r4(rows.filter((z) => z.region === region && z.classCode === 0).reduce((a, z) => a + z.areaHa, 0)),
    }));
    return { totalHa: r4(byRegion.reduce((a, r) => a + r.areaHa, 0)), regions: byRegion };
  } finally {
    await map.close();
  }
}

export async function mapTotalsStage({ classesPath, sourcesPath, regions }: MapTotalsContext): Promise<MapTotalsResult> {
  const regionSet = readRegions(regions.path, regions.nameField);
  const source = await openClassRows(classesPath);
  let mapped: Awaited<ReturnType<typeof mapTotalsByStrips>>;
  try {
    mapped = await mapTotalsByStrips(source, regionSet);
  } finally {
    await source.close();
  }
  const { zonal, totals } = mapped;
  const grid = source.grid;
  const regionNames = [...new Set(regionSet.regions.map((r) => r.name))];
  const ringsByRegion = regionNames.map((name) => ({
    name,
    rings: regionSet.regions.filter((r) => r.name === name).flatMap((r) => regionRingsInPixels(regionSet, r, grid)),
  }));
  const regionOfPixel = (col: number, row: number): string | null => ringsByRegion.find((r) => pointInRings(col, row, r.rings))?.name ?? null;
  const unobserved = sourcesPath ? await unobservedArea(sourcesPath, regionSet, regionNames) : null;
  const regionsBboxWgs84 = polygonsBboxWgs84(
    regionSet.regions.flatMap((r) => r.polygons),
    regionSet.crs,
  );
  return { grid, zonal, totals, regionNames, regionOfPixel, unobserved, regionsBboxWgs84 };
}

/** Map area of `className` in `region`, ha. */
export function mapAreaInRegionHa(totals: Pick<MapTotalsResult, "zonal">, region: string, className: string): number {
  return totals.zonal.filter((z) => z.region === region && z.className === className).reduce((s, z) => s + z.areaHa, 0);
}

/** Map area of `className` in the whole map, ha. */
export function mapAreaHa(totals: Pick<MapTotalsResult, "totals">, className: string): number {
  return totals.totals.find((t) => t.className === className)?.areaHa ?? 0;
}
