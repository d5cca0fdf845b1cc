/**
 * @module imagery/synth/synthesize-scene
 * `synthesizeScene({seed, sizePx, outDir})`: write a SIMULATED Sentinel-2 L2A-like scene of a coca-growing
 * landscape at the Andes-Amazon transition (UTM zone 18S, 10 m pixels), with its ground truth:
 *
 * - `scene.tif`: 11 bands uint16, tiled DEFLATE: B02 B03 B04 B05 B06 B07 B08 B8A B11 B12 as L2A DN
 *   (reflectance = (DN - 1000) / 10000, processing baseline 05.10 conventions; GDAL scale/offset set) and SCL;
 * - `truth.tif`: the true land-cover class of every pixel (codes and colours of the legend);
 * - `training.geojson`: labelled polygons (property `class`), EPSG:4326;
 * - `regions.geojson`: three simulated districts (property `name`), EPSG:4326;
 * - `README.txt`: what the files are, and that they are simulated.
 *
 * Tiles are generated and written one at a time, so memory does not grow with the scene (10980 px works).
 * The same seed and size give the same bytes.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { legendColorTable, nameOf } from "../../domain/class-legend.ts";
import { pixelToMap, toWgs84Transform, type PixelWindow, type RasterGrid } from "../../domain/raster-grid.ts";
import { withAtomicOutput, writeFileAtomic } from "../../io/atomic-write.ts";
import { createRandom } from "../../stats/random.ts";
import { crsFromEpsg } from "../../raster/read/epsg.ts";
import { writeCategoryNamesAux } from "../../raster/write/write-raster.ts";
import { createGeoTiffWriter, type GeoTiffWriterOptions } from "../../raster/write/geotiff-writer.ts";
import { classAt, createLandscape, parcelColumns, renderWindow, skyAt, type Landscape } from "./landscape.ts";
import { CLASS, SYNTH_CLASS_NAMES, SYNTH_LEGEND } from "./legend.ts";
import { sclFor, SYNTH_BANDS, synthesizePixels } from "./spectra.ts";

export const SYNTH_PIXEL_SIZE_M = 10;
/** Upper-left corner of the scene: about 74.1 W, 12.4 S (the VRAEM, Peru), UTM 18S. */
export const SYNTH_ORIGIN = { x: 600000, y: 8630000 } as const;
export const SYNTH_EPSG = 32718;
export const DEFAULT_SYNTH_SIZE_PX = 1000;

export interface SynthesizeOptions {
  seed: number;
  sizePx: number;
  outDir: string;
  signal?: AbortSignal;
  tileSizePx?: number;
  /** Called after each tile with (tiles done, tiles total). */
  onProgress?: (done: number, total: number) => void;
}

export interface SynthesizeResult {
  scenePath: string;
  truthPath: string;
  trainingPath: string;
  regionsPath: string;
  readmePath: string;
  grid: RasterGrid;
  classNames: string[];
  /** True area of each class in hectares (pixel count x 0.01 ha, grid cell area in UTM 18S). */
  trueAreaHa: Record<string, number>;
  /** Pixels under cloud or cloud shadow, in hectares. */
  cloudAndShadowHa: number;
  trainingPolygons: number;
  seed: number;
  sizePx: number;
  simulated: true;
}

/** The scene grid for a size (and optionally another upper-left corner in UTM 18S). */
export function synthGrid(sizePx: number, origin: { x: number; y: number } = SYNTH_ORIGIN): RasterGrid {
  return {
    width: sizePx,
    height: sizePx,
    geoTransform: [origin.x, SYNTH_PIXEL_SIZE_M, 0, origin.y, 0, -SYNTH_PIXEL_SIZE_M],
    crs: crsFromEpsg(SYNTH_EPSG)!,
  };
}

/** Writer options of a simulated Sentinel-2 L2A scene (bands, scaling, SIMULATED metadata) on `grid`. */
export function synthSceneWriterOptions(grid: RasterGrid, seed: number, tileSizePx: number, extra: Record<string, string> = {}): GeoTiffWriterOptions {
  return {
    grid,
    sampleType: "uint16",
    bandCount: SYNTH_BANDS.length + 1,
    tileSizePx,
    nodata: 0,
    bandNames: [...SYNTH_BANDS, "SCL"],
    scales: [...SYNTH_BANDS.map(() => 0.0001), 1],
    offsets: [...SYNTH_BANDS.map(() => -0.1), 0],
    compressionLevel: 1,
    // The SCL band holds classes: its overviews take the most frequent value, the reflectances the mean.
    overviews: [...SYNTH_BANDS.map(() => "average" as const), "mode" as const],
    metadata: {
      SIMULATED: "yes: a synthetic landscape made by `coca imagery synth`, not satellite data",
      SYNTH_SEED: String(seed),
      SPACECRAFT_NAME: "simulated Sentinel-2",
      PROCESSING_BASELINE: "05.10",
      BOA_ADD_OFFSET: "-1000",
      BOA_QUANTIFICATION_VALUE: "10000",
      ...extra,
    },
  };
}

/** Writer options of the truth raster (true class per pixel, the legend's colours and names). */
export function synthTruthWriterOptions(grid: RasterGrid, seed: number, tileSizePx: number): GeoTiffWriterOptions {
  return {
    grid,
    sampleType: "uint8",
    bandCount: 1,
    tileSizePx,
    nodata: 0,
    bandNames: ["class"],
    colorTable: legendColorTable(SYNTH_LEGEND),
    classNames: SYNTH_CLASS_NAMES,
    metadata: { SIMULATED: "yes: ground truth of the synthetic scene", SYNTH_SEED: String(seed) },
  };
}

/** Generate and write the simulated scene and its truth (see module doc). */
export async function synthesizeScene(options: SynthesizeOptions): Promise<SynthesizeResult> {
  const { seed, sizePx, outDir, signal } = options;
  if (!Number.isInteger(sizePx) || sizePx < 64 || sizePx > 20000) throw new RangeError(`size must be an integer from 64 to 20000 pixels, got ${sizePx}`);
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  mkdirSync(outDir, { recursive: true });
  const grid = synthGrid(sizePx);
  const land = createLandscape(seed, sizePx);
  const tile = options.tileSizePx ?? 512;
  const scenePath = join(outDir, "scene.tif");
  const truthPath = join(outDir, "truth.tif");
  const counts = new Float64Array(SYNTH_LEGEND.classes.length + 1);
  let cloudPixels = 0;
  await withAtomicOutput(scenePath, (sceneTmp) =>
    withAtomicOutput(truthPath, async (truthTmp) => {
      const scene = await createGeoTiffWriter(sceneTmp, synthSceneWriterOptions(grid, seed, tile));
      const truth = await createGeoTiffWriter(truthTmp, synthTruthWriterOptions(grid, seed, tile));
      try {
        const total = scene.tilesAcross * scene.tilesDown;
        let done = 0;
        const inFlight: Promise<unknown>[] = [Promise.resolve()];
        for (let tr = 0; tr < scene.tilesDown; tr++) {
          for (let tc = 0; tc < scene.tilesAcross; tc++) {
            signal?.throwIfAborted();
            const x0 = tc * tile;
            const y0 = tr * tile;
            const x1 = Math.min(x0 + tile, sizePx);
            const y1 = Math.min(y0 + tile, sizePx);
            const n = (x1 - x0) * (y1 - y0);
            const { classes, sky, parcels } = renderWindow(land, x0, y0, x1, y1);
            const bands = Array.from({ length: SYNTH_BANDS.length + 1 }, () => new Uint16Array(n));
            synthesizePixels(classes, sky, parcels, x0, y0, x1 - x0, land.salt, bands);
            const scl = bands[SYNTH_BANDS.length]!;
            for (let k = 0; k < n; k++) {
              scl[k] = sclFor(classes[k]!, sky[k]!);
              counts[classes[k]!]!++;
              if (sky[k] !== 0) cloudPixels++;
            }
            // Compress this tile on the thread pool while the next one is generated (at most 2 in flight).
            const written = Promise.all([scene.writeTile(tc, tr, bands), truth.writeTile(tc, tr, [classes])]).then(() => options.onProgress?.(++done, total));
            written.catch(() => undefined);
            await inFlight.shift();
            inFlight.push(written);
          }
        }
        await Promise.all(inFlight);
        await scene.finish();
        await truth.finish();
      } catch (error) {
        await scene.abort();
        await truth.abort();
        throw error;
      }
    }),
  );
  const haPerPixel = (SYNTH_PIXEL_SIZE_M * SYNTH_PIXEL_SIZE_M) / 10000;
  const trueAreaHa = Object.fromEntries(SYNTH_LEGEND.classes.map((c) => [c.name, counts[c.code]! * haPerPixel]));
  const training = trainingPolygons(land, grid, seed);
  const trainingPath = join(outDir, "training.geojson");
  writeFileAtomic(trainingPath, JSON.stringify(training));
  const regionsPath = join(outDir, "regions.geojson");
  writeFileAtomic(regionsPath, JSON.stringify(regionPolygons(land, grid)));
  writeCategoryNamesAux(truthPath, SYNTH_CLASS_NAMES);
  const readmePath = join(outDir, "README.txt");
  writeFileAtomic(readmePath, readme(seed, sizePx, trueAreaHa));
  return {
    scenePath,
    truthPath,
    trainingPath,
    regionsPath,
    readmePath,
    grid,
    classNames: [...SYNTH_CLASS_NAMES],
    trueAreaHa,
    cloudAndShadowHa: cloudPixels * haPerPixel,
    trainingPolygons: training.features.length,
    seed,
    sizePx,
    simulated: true,
  };
}

type Ring = [number, number][];
interface PolygonFeature {
  type: "Feature";
  properties: Record<string, string | number | boolean>;
  geometry: { type: "Polygon"; coordinates: Ring[] };
}

function toLonLat(grid: RasterGrid): (col: number, row: number) => [number, number] {
  const toWgs84 = toWgs84Transform(grid.crs, "the synthetic scene's CRS");
  return (col, row) => {
    const [lon, lat] = toWgs84(pixelToMap(grid, col, row));
    return [Math.round(lon * 1e8) / 1e8, Math.round(lat * 1e8) / 1e8];
  };
}

/** Polygons whose every pixel is one class and cloud-free: whole parcels for farm classes, small squares for the rest. */
export function trainingPolygons(
  land: Landscape,
  grid: RasterGrid,
  seed: number,
  within?: PixelWindow,
): { type: "FeatureCollection"; features: PolygonFeature[] } {
  const random = createRandom(seed ^ 0x7a11);
  const lonLat = toLonLat(grid);
  const perClass = 30;
  const found = new Map<number, number>();
  const taken = new Uint8Array(land.sizePx * land.sizePx);
  const features: PolygonFeature[] = [];
  const size = land.sizePx;
  const parcelClasses = new Set<number>([CLASS.pasture, CLASS.crops, CLASS.coca, CLASS.regrowth]);
  for (let attempt = 0; attempt < 400000 && found.size < SYNTH_LEGEND.classes.length * 2; attempt++) {
    if ([...found.values()].filter((n) => n >= perClass).length === SYNTH_LEGEND.classes.length) break;
    const x = within ? within.x0 + 2 + random.int(within.x1 - within.x0 - 4) : 2 + random.int(size - 4);
    const y = within ? within.y0 + 2 + random.int(within.y1 - within.y0 - 4) : 2 + random.int(size - 4);
    const c = classAt(land, x, y);
    if ((found.get(c) ?? 0) >= perClass) continue;
    let rect: [number, number, number, number];
    const j = land.parcelRowOf[y]!;
    const cols = parcelColumns(land, j);
    if (parcelClasses.has(c) || (c === CLASS.bare && classAt(land, x, y) === c && cols[x] !== undefined && isParcelWide(land, x, y, c))) {
      const i = cols[x]!;
      let a = x;
      let b = x;
      while (a > 0 && cols[a - 1] === i) a--;
      while (b < size - 1 && cols[b + 1] === i) b++;
      const top = land.parcelRowStart[j]!;
      const bottom = j + 1 < land.parcelRowStart.length ? land.parcelRowStart[j + 1]! : size;
      rect = [a, top, b + 1, bottom];
    } else {
      const half = c === CLASS.water ? 1 : 2;
      rect = [x - half, y - half, x + half + 1, y + half + 1];
    }
    if (within && (rect[0] < within.x0 || rect[1] < within.y0 || rect[2] > within.x1 || rect[3] > within.y1)) continue;
    if (overlapsTaken(taken, size, rect)) continue;
    if (!uniformAndClear(land, rect, c)) continue;
    // Polygons never overlap: a polygon inside an earlier one would label no pixel of its own.
    markTaken(taken, size, rect);
    found.set(c, (found.get(c) ?? 0) + 1);
    const [x0, y0, x1, y1] = rect;
    const ring: Ring = [lonLat(x0, y0), lonLat(x0, y1), lonLat(x1, y1), lonLat(x1, y0), lonLat(x0, y0)];
    const name = nameOf(SYNTH_LEGEND, c)!;
    features.push({
      type: "Feature",
      properties: { id: features.length + 1, class: name, class_code: c, area_px: (x1 - x0) * (y1 - y0), simulated: true },
      geometry: { type: "Polygon", coordinates: [ring] },
    });
  }
  return { type: "FeatureCollection", features };
}

function overlapsTaken(taken: Uint8Array, size: number, [x0, y0, x1, y1]: [number, number, number, number]): boolean {
  for (let y = Math.max(0, y0); y < Math.min(size, y1); y++) for (let x = Math.max(0, x0); x < Math.min(size, x1); x++) if (taken[y * size + x]) return true;
  return false;
}

function markTaken(taken: Uint8Array, size: number, [x0, y0, x1, y1]: [number, number, number, number]): void {
  for (let y = Math.max(0, y0); y < Math.min(size, y1); y++) taken.fill(1, y * size + Math.max(0, x0), y * size + Math.min(size, x1));
}

function isParcelWide(land: Landscape, x: number, y: number, c: number): boolean {
  return classAt(land, Math.min(x + 2, land.sizePx - 1), y) === c && classAt(land, Math.max(x - 2, 0), y) === c;
}

function uniformAndClear(land: Landscape, [x0, y0, x1, y1]: [number, number, number, number], c: number): boolean {
  // At least 2 x 2 pixels: a 1-pixel-wide strip can lose its only pixel centre to the UTM -> lon/lat -> UTM round trip.
  if (x0 < 0 || y0 < 0 || x1 > land.sizePx || y1 > land.sizePx || x1 - x0 < 2 || y1 - y0 < 2 || (x1 - x0) * (y1 - y0) > 400) return false;
  const { classes, sky } = renderWindow(land, x0, y0, x1, y1);
  for (let k = 0; k < classes.length; k++) if (classes[k] !== c || sky[k] !== 0) return false;
  return skyAt(land, x0, y0) === 0;
}

/** Three simulated districts: a meandering north-south line splits west from east, and east is split north/south. */
export function regionPolygons(land: Landscape, grid: RasterGrid): { type: "FeatureCollection"; features: PolygonFeature[] } {
  const s = land.sizePx;
  const lonLat = toLonLat(grid);
  const steps = 40;
  const random = createRandom(land.seed ^ 0x4e61);
  const p1 = random.next() * 6.28;
  const p2 = random.next() * 6.28;
  const splitX = (row: number): number => s * (0.45 + 0.06 * Math.sin((row / s) * 9 + p1));
  const splitY = (col: number): number => s * (0.5 + 0.05 * Math.sin((col / s) * 7 + p2));
  const vertical: [number, number][] = Array.from({ length: steps + 1 }, (_, k) => [splitX((k / steps) * s), (k / steps) * s]);
  const xMid = splitX(splitY(s));
  // The east-west boundary runs from the north-south line to the east edge.
  const horizontal: [number, number][] = [];
  for (let k = 0; k <= steps; k++) {
    const col = xMid + (k / steps) * (s - xMid);
    horizontal.push([col, splitY(col)]);
  }
  const yJoin = splitY(xMid);
  const west: [number, number][] = [[0, 0], ...vertical, [0, s], [0, 0]];
  const vNorth = vertical.filter(([, r]) => r < yJoin);
  const vSouth = vertical.filter(([, r]) => r > yJoin);
  const eastNorth: [number, number][] = [...vNorth, [xMid, yJoin], ...horizontal.slice(1), [s, 0], vNorth[0]!];
  const eastSouth: [number, number][] = [[xMid, yJoin], ...vSouth, [s, s], ...horizontal.slice(1).reverse(), [xMid, yJoin]];
  const feature = (name: string, ring: [number, number][]): PolygonFeature => {
    // Exterior rings counter-clockwise in lon/lat (RFC 7946): rows grow southward, so reverse the pixel order.
    const coords = ring.map(([c, r]) => lonLat(c, r));
    const area = coords.reduce((acc, [x, y], k) => {
      const [x2, y2] = coords[(k + 1) % coords.length]!;
      return acc + (x * y2 - x2 * y);
    }, 0);
    return {
      type: "Feature",
      properties: { name, simulated: true },
      geometry: { type: "Polygon", coordinates: [area < 0 ? coords.reverse() : coords] },
    };
  };
  return {
    type: "FeatureCollection",
    features: [
      feature("Distrito Oeste (simulated)", west),
      feature("Distrito Noreste (simulated)", eastNorth),
      feature("Distrito Sureste (simulated)", eastSouth),
    ],
  };
}

function readme(seed: number, sizePx: number, trueAreaHa: Record<string, number>): string {
  const lines = Object.entries(trueAreaHa).map(([k, v]) => `  ${k.padEnd(22)} ${v.toFixed(2)} ha`);
  return `SIMULATED DATA - not satellite imagery.

Made by \`coca imagery synth --seed ${seed} --size ${sizePx}\` (Coca Monitor): a procedural landscape of the
Andes-Amazon transition (UTM zone 18S, EPSG:32718, 10 m pixels) with primary forest, secondary regrowth, pasture,
other crops (cacao, coffee), coca, bare soil and roads, settlements, rivers, and clouds with shadows. Coca parcels
are 0.3-2.4 ha (most under 1 ha) and lie in the farm belt along rivers and roads; their simulated spectra overlap
those of other crops and regrowth. The spectra are typical values, not measurements.

scene.tif         11 bands uint16: B02 B03 B04 B05 B06 B07 B08 B8A B11 B12 as Sentinel-2 L2A DN
                  (reflectance = (DN - 1000) / 10000) and SCL (3 cloud shadow, 4 vegetation, 5 not vegetated,
                  6 water, 9 cloud); nodata 0
truth.tif         true class per pixel (1..8, see the colour table and CLASS_NAMES)
training.geojson  labelled polygons (property "class"), EPSG:4326
regions.geojson   three simulated districts (property "name"), EPSG:4326

True area per class (pixel count x 0.01 ha):
${lines.join("\n")}
`;
}
