/**
 * Mosaic of four class maps across two UTM zones vs `gdalwarp -r near` (GDAL from Debian), side by side.
 * Data: four SIZE x SIZE uint8 class maps (10 m, blocky classes, cloud holes as nodata 0), two on UTM 18S and
 * two on UTM 19S, overlapping around the 72 W zone boundary, written tiled DEFLATE. Both sides mosaic them onto
 * one UTM 18S 10 m grid covering all four (the grid our command chooses; gdalwarp is given the same -te/-tr),
 * nearest neighbour, nodata 0, a COG out (DEFLATE, 512-px blocks, overviews by mode: `gdalwarp -of COG`),
 * one thread each. Each side runs in its own process under
 * /usr/bin/time -v (CPU = user + system, wall, peak RSS), the runs alternating ours, GDAL, ours, GDAL, ... so
 * both see the same load; medians. Ratio = GDAL's time / ours (> 1: we are faster). Ours runs as the installed command
 * does (`node bin/coca.js`: the compiled dist/ when it is up to date, else the sources through tsx; the row says which), start-up included.
 * The outputs are compared pixel by pixel (gdalwarp's default approximate transformer, -et 0.125, may
 * differ from ours, which is exact, at cell edges: the count is reported). Also run at half the size, to
 * show memory flat as the area grows.
 *
 * Run: npx tsx bench/mosaic.bench.ts [SIZE] [RUNS]   (default 10980, one Sentinel-2 tile; 3 runs)
 * Writes bench/results/mosaic-4x<SIZE>.json for each size (writeBenchResult).
 * MOSAIC_BENCH_KEEP=DIR keeps the inputs (and reuses them when present) instead of a temporary folder.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import proj4 from "proj4";
import type { RasterGrid } from "../src/domain/raster-grid.ts";
import { withAtomicOutput } from "../src/io/atomic-write.ts";
import { crsFromEpsg } from "../src/raster/read/epsg.ts";
import { openRaster } from "../src/raster/read/raster-source.ts";
import { createGeoTiffWriter } from "../src/raster/write/geotiff-writer.ts";
import { writeBenchResult } from "./support/result.ts";
import { distStaleReason } from "../bin/dist.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const full = Number(process.argv[2] ?? 10980);
const sizes = [Math.round(full / 2), full];
const runs = Number(process.argv[3] ?? 3);
const keep = process.env.MOSAIC_BENCH_KEEP;
const dir = keep ?? mkdtempSync(join(tmpdir(), "mosaic-bench-"));
if (keep) mkdirSync(keep, { recursive: true });

/** A SIZE x SIZE class map on `grid`, written tile by tile (memory stays at one tile). */
async function writeMap(path: string, grid: RasterGrid, seed: number): Promise<void> {
  await withAtomicOutput(path, async (tmp) => {
    const w = await createGeoTiffWriter(tmp, {
      grid,
      sampleType: "uint8",
      bandCount: 1,
      nodata: 0,
      classNames: ["coca", "forest", "crops", "water", "bare"],
      compressionLevel: 1,
    });
    const t = w.tileSizePx;
    for (let tr = 0; tr < w.tilesDown; tr++) {
      for (let tc = 0; tc < w.tilesAcross; tc++) {
        const x0 = tc * t;
        const y0 = tr * t;
        const ww = Math.min(t, grid.width - x0);
        const hh = Math.min(t, grid.height - y0);
        const v = new Uint8Array(ww * hh);
        for (let y = 0; y < hh; y++) {
          for (let x = 0; x < ww; x++) {
            const gx = x0 + x;
            const gy = y0 + y;
            const cloud = Math.sin(gx / 700 + seed) + Math.cos(gy / 500 - seed) > 1.4;
            v[y * ww + x] = cloud ? 0 : 1 + ((Math.floor(gx / 9) * 3 + Math.floor(gy / 7) * 5 + seed) % 5);
          }
        }
        await w.writeTile(tc, tr, [v]);
      }
    }
    await w.finish();
  });
}

function timed(cmd: string, args: string[]): { wallS: number; cpuS: number; peakMB: number; stdout: string } {
  const r = spawnSync("/usr/bin/time", ["-v", cmd, ...args], { encoding: "utf8", cwd: root, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr.slice(-2000)}`);
  const num = (re: RegExp): number => Number(re.exec(r.stderr)?.[1]);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr)!;
  const wallS = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  return {
    wallS,
    cpuS: num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/),
    peakMB: Math.round(num(/Maximum resident set size \(kbytes\): (\d+)/) / 1024),
    stdout: r.stdout,
  };
}

async function differing(a: string, b: string): Promise<number> {
  const [sa, sb] = [await openRaster(a), await openRaster(b)];
  let diff = 0;
  for await (const { window, data } of sa.tiles({ tileSizePx: 1024 })) {
    const [other] = await sb.readWindow(window);
    const x = data[0]!;
    for (let i = 0; i < x.length; i++) if (x[i] !== other![i]) diff++;
  }
  await sa.close();
  await sb.close();
  return diff;
}

const distNote = distStaleReason() === null ? "compiled dist/ (bin/coca.js)" : `TypeScript through tsx (bin/coca.js: ${distStaleReason()})`;
const gdalVersion = spawnSync("gdalinfo", ["--version"], { encoding: "utf8" }).stdout.trim().split(",")[0]!;
const rows = [];
for (const size of sizes) {
  const utm18 = crsFromEpsg(32718)!;
  const utm19 = crsFromEpsg(32719)!;
  const [bx18] = proj4("EPSG:4326", utm18.proj4, [-72, -12.4]) as [number, number];
  const [bx19] = proj4("EPSG:4326", utm19.proj4, [-72, -12.4]) as [number, number];
  const span = size * 10;
  const top = 8633000;
  const overlap = Math.round((span * 0.1) / 10) * 10;
  const grids: RasterGrid[] = [
    { width: size, height: size, geoTransform: [Math.round(bx18 - span + overlap), 10, 0, top, 0, -10], crs: utm18 },
    { width: size, height: size, geoTransform: [Math.round(bx18 - span + overlap), 10, 0, top - span + overlap, 0, -10], crs: utm18 },
    { width: size, height: size, geoTransform: [Math.round(bx19 - overlap), 10, 0, top, 0, -10], crs: utm19 },
    { width: size, height: size, geoTransform: [Math.round(bx19 - overlap), 10, 0, top - span + overlap, 0, -10], crs: utm19 },
  ];
  const inputs = grids.map((_, k) => join(dir, `map-${size}-${k + 1}.tif`));
  for (const [k, g] of grids.entries()) if (!keep || !existsSync(inputs[k]!)) await writeMap(inputs[k]!, g, k + 1);
  const oursOut = join(dir, `ours-${size}.tif`);
  const runOurs = () =>
    timed(process.execPath, [
      join(root, "bin", "coca.js"),
      "imagery",
      "mosaic",
      ...inputs,
      "--out",
      oursOut,
      "--crs",
      "EPSG:32718",
      "--res",
      "10",
      "--order",
      "given",
      "--json",
    ]);
  const oursRuns = [runOurs()];
  const g = JSON.parse(oursRuns[0]!.stdout).grid as { widthPx: number; heightPx: number; geoTransform: number[] };
  const te = [g.geoTransform[0]!, g.geoTransform[3]! - 10 * g.heightPx, g.geoTransform[0]! + 10 * g.widthPx, g.geoTransform[3]!].map(String);
  const gdalOut = join(dir, `gdal-${size}.tif`);
  // gdalwarp lets later inputs overwrite earlier ones: give it the reverse of our priority order.
  const runGdal = () =>
    timed("gdalwarp", [
      "-q",
      "-r",
      "near",
      "-t_srs",
      "EPSG:32718",
      "-tr",
      "10",
      "10",
      "-te",
      ...te,
      "-srcnodata",
      "0",
      "-dstnodata",
      "0",
      "-of",
      "COG",
      "-co",
      "COMPRESS=DEFLATE",
      "-co",
      "BLOCKSIZE=512",
      "-co",
      "OVERVIEW_RESAMPLING=MODE",
      ...[...inputs].reverse(),
      gdalOut,
      "-overwrite",
    ]);
  const gdalRuns = [runGdal()];
  for (let k = 1; k < runs; k++) {
    oursRuns.push(runOurs());
    gdalRuns.push(runGdal());
  }
  const med = (xs: number[]): number => {
    const v = [...xs].sort((a, b) => a - b);
    return v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
  };
  const ours = { cpuS: med(oursRuns.map((r) => r.cpuS)), wallS: med(oursRuns.map((r) => r.wallS)), peakMB: Math.max(...oursRuns.map((r) => r.peakMB)) };
  const gdal = { cpuS: med(gdalRuns.map((r) => r.cpuS)), wallS: med(gdalRuns.map((r) => r.wallS)), peakMB: Math.max(...gdalRuns.map((r) => r.peakMB)) };
  const diff = await differing(oursOut, gdalOut);
  const cpuRatio = Math.round((gdal.cpuS / ours.cpuS) * 100) / 100;
  const wallRatio = Math.round((gdal.wallS / ours.wallS) * 100) / 100;
  writeBenchResult({
    id: `mosaic-4x${size}`,
    title: `mosaic of four ${size.toLocaleString("en-US")}² uint8 class maps, 2 on UTM 18S + 2 on UTM 19S, to a ${g.widthPx.toLocaleString("en-US")} x ${g.heightPx.toLocaleString("en-US")} COG on UTM 18S`,
    source: "bench/mosaic.bench.ts",
    ours: { label: `coca imagery mosaic, ${distNote}, start-up included`, cpuMs: ours.cpuS * 1000, wallMs: ours.wallS * 1000, peakRssMb: ours.peakMB, runs },
    peer: { label: `${gdalVersion} gdalwarp -r near -of COG (-et 0.125)`, cpuMs: gdal.cpuS * 1000, wallMs: gdal.wallS * 1000, peakRssMb: gdal.peakMB, runs },
    ratio: { cpu: cpuRatio, wall: wallRatio },
    goal: ">= 1.0x",
    met: cpuRatio >= 1,
    notes: `${diff.toLocaleString("en-US")} of ${(g.widthPx * g.heightPx).toLocaleString("en-US")} pixels differ from gdalwarp's approximate transformer (ours is exact)`,
  });
  rows.push({
    inputs: `4 x ${size}² uint8, 2 on UTM 18S + 2 on UTM 19S`,
    outputPx: `${g.widthPx} x ${g.heightPx}`,
    ours: { cpuS: ours.cpuS, wallS: ours.wallS, peakMB: ours.peakMB },
    gdalwarp: { cpuS: gdal.cpuS, wallS: gdal.wallS, peakMB: gdal.peakMB },
    cpuRatio,
    wallRatio,
    differingPixels: diff,
  });
  if (!keep) for (const f of [...inputs, oursOut, gdalOut]) rmSync(f, { force: true });
  process.stdout.write(`${JSON.stringify(rows.at(-1))}\n`);
}
if (!keep) rmSync(dir, { recursive: true, force: true });
