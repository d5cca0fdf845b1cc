/**
 * @module test/support/fuzz/corpus
 * Seed inputs for the fuzzers, made at run time: small GeoTIFFs from the project's writer re-encoded by
 * `gdal_translate` into the layouts the reader supports (tiled and stripped, every codec and predictor, BigTIFF,
 * big-endian, band-interleaved, paletted, geographic), and small GeoJSON layers.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { crsFromEpsg } from "../../../src/raster/read/epsg.ts";
import { writeRaster } from "../../../src/raster/write/write-raster.ts";

/** True when gdal_translate is on the PATH. */
export function haveGdal(): boolean {
  try {
    execFileSync("gdal_translate", ["--version"], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}

const LAYOUTS: [string, string[]][] = [
  ["tiled-deflate-pred2", ["-co", "TILED=YES", "-co", "BLOCKXSIZE=16", "-co", "BLOCKYSIZE=16", "-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=2"]],
  ["tiled-lzw-band", ["-co", "TILED=YES", "-co", "BLOCKXSIZE=16", "-co", "BLOCKYSIZE=16", "-co", "COMPRESS=LZW", "-co", "INTERLEAVE=BAND"]],
  ["striped-packbits", ["-co", "COMPRESS=PACKBITS", "-co", "BLOCKYSIZE=7"]],
  ["striped-none", ["-co", "BLOCKYSIZE=5"]],
  ["float-deflate-pred3", ["-ot", "Float32", "-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=3", "-a_nodata", "nan"]],
  ["float64-lzw", ["-ot", "Float64", "-co", "COMPRESS=LZW", "-a_nodata", "-9999"]],
  ["cog", ["-of", "COG", "-co", "BLOCKSIZE=16", "-co", "COMPRESS=DEFLATE"]],
  ["bigtiff", ["-co", "BIGTIFF=YES", "-co", "TILED=YES", "-co", "BLOCKXSIZE=16", "-co", "BLOCKYSIZE=16"]],
  ["big-endian", ["-co", "ENDIANNESS=BIG", "-co", "COMPRESS=LZW", "-co", "PREDICTOR=2"]],
  ["geographic", ["-a_srs", "EPSG:4326", "-a_ullr", "-75", "-5", "-74.9", "-5.1"]],
  ["pixel-is-point", ["-mo", "AREA_OR_POINT=Point", "-co", "COMPRESS=DEFLATE"]],
];

/** Write the TIFF corpus into `dir` (40 x 30 px, 2 bands of uint16, plus a paletted class map) and return the file bytes. */
export async function makeTiffCorpus(dir: string): Promise<Uint8Array[]> {
  const width = 40;
  const height = 30;
  const n = width * height;
  const grid = { width, height, geoTransform: [500000, 10, 0, 8800000, 0, -10] as [number, number, number, number, number, number], crs: crsFromEpsg(32718)! };
  const src = join(dir, "seed-ours.tif");
  if (!existsSync(src)) {
    const bands = [1, 2].map((k) => Uint16Array.from({ length: n }, (_, i) => ((i * 7919 * k) % 60000) + (i % 40)));
    await writeRaster(src, bands, { grid, sampleType: "uint16", tileSizePx: 16, bandNames: ["red", "nir"], nodata: 0 });
    const classes = Uint8Array.from({ length: n }, (_, i) => (i % 3) + 1);
    await writeRaster(join(dir, "seed-classes.tif"), [classes], {
      grid,
      sampleType: "uint8",
      tileSizePx: 16,
      nodata: 0,
      colorTable: Array.from({ length: 256 }, (_, i) => [i, 255 - i, 0, 255] as const),
      classNames: ["coca", "forest", "other"],
    });
    for (const [name, options] of LAYOUTS) execFileSync("gdal_translate", ["-q", ...options, src, join(dir, `seed-${name}.tif`)], { stdio: "pipe" });
  }
  return ["ours", "classes", ...LAYOUTS.map(([name]) => name)].map((name) => new Uint8Array(readFileSync(join(dir, `seed-${name}.tif`))));
}
