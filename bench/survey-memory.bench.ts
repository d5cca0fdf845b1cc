/**
 * Peak memory of the survey's stages after classification (map totals, design, labels, fields) as the area grows
 * from one tile to four and nine: issue 12 item 4, "memory flat with the area". Not a speed benchmark.
 *
 * Data: a class map of SIZE x SIZE px (10 m, UTM 18S; default 3000, 9 Mpx) is "one tile"; the 4x and 9x maps are
 * the same landscape over 2 x 2 and 3 x 3 tiles (2 SIZE and 3 SIZE px a side), written tile by tile as tiled DEFLATE
 * GeoTIFF: blocky land cover (forest, crops, water, bare), coca fields of 0.1-2 ha scattered over about 1 in 9
 * cells of 40 x 40 px, and cloud holes as nodata 0. Regions: the map's west and east halves.
 *
 * For each size, two processes run in turn under /usr/bin/time -v (peak RSS, CPU = user + system, wall):
 * - ours: the survey's stages as they are, reading the class map by row strips (bench/support/survey-memory-child.ts strips all);
 * - peer: the same work done the way the stages did it before (the whole class map read into memory; "whole all").
 * Both must find the same coca area, sample and fields. Each row gives both peaks; the goal is ours at 9x within
 * 1.3x of ours at 1x. With `--stages`, each stage of ours also runs alone at each size (peak RSS per stage).
 *
 * Each pair runs RUNS times (--runs N, default 3), ours and peer alternating; a row gives the median of each figure
 * (a single peak RSS moves by 10-20 MB from run to run with the garbage collector's timing).
 *
 * Run: npx tsx bench/survey-memory.bench.ts [SIZE] [--stages] [--runs N]
 * Writes bench/results/survey-memory-{1,4,9}x.json (and survey-memory-<stage>.json with --stages).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { RasterGrid } from "../src/domain/raster-grid.ts";
import { withAtomicOutput } from "../src/io/atomic-write.ts";
import { crsFromEpsg } from "../src/raster/read/epsg.ts";
import { createGeoTiffWriter } from "../src/raster/write/geotiff-writer.ts";
import { writeBenchResult, type BenchSide } from "./support/result.ts";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const args = process.argv.slice(2);
const size = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== "--runs") ?? 3000);
const perStage = args.includes("--stages");
const runsAt = args.indexOf("--runs");
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
const dir = mkdtempSync(join(tmpdir(), "survey-memory-"));
const ORIGIN = { x: 600000, y: 8630000 };
/** The class map's legend (code k is CLASSES[k - 1]), as bench/support/survey-memory-child.ts expects it. */
const CLASSES = ["coca", "forest", "crops", "water", "bare"];

/** Cheap integer hash of a cell (the same landscape whatever the map's size). */
function hash(a: number, b: number): number {
  let h = (a * 374761393 + b * 668265263) | 0;
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return (h ^ (h >>> 16)) >>> 0;
}

function code(gx: number, gy: number): number {
  if (Math.sin(gx / 610) + Math.cos(gy / 430) > 1.55) return 0; // cloud hole
  const cx = Math.floor(gx / 40);
  const cy = Math.floor(gy / 40);
  const h = hash(cx, cy);
  if (h % 9 === 0) {
    const r = 4 + (h % 13);
    const dx = gx - (cx * 40 + 20);
    const dy = gy - (cy * 40 + 20);
    if (dx * dx + dy * dy * (1 + (h % 3) / 2) < r * r) return 1;
  }
  const land = hash(Math.floor(gx / 317), Math.floor(gy / 241)) % 10;
  return land < 6 ? 2 : land < 8 ? 3 : land < 9 ? 4 : 5;
}

async function writeMap(path: string, side: number): Promise<void> {
  const grid: RasterGrid = { width: side, height: side, geoTransform: [ORIGIN.x, 10, 0, ORIGIN.y, 0, -10], crs: crsFromEpsg(32718)! };
  await withAtomicOutput(path, async (tmp) => {
    const w = await createGeoTiffWriter(tmp, {
      grid,
      sampleType: "uint8",
      bandCount: 1,
      nodata: 0,
      classNames: CLASSES,
      compressionLevel: 1,
      overviews: "none",
    });
    const t = w.tileSizePx;
    for (let tr = 0; tr < w.tilesDown; tr++)
      for (let tc = 0; tc < w.tilesAcross; tc++) {
        const x0 = tc * t;
        const y0 = tr * t;
        const ww = Math.min(t, side - x0);
        const hh = Math.min(t, side - y0);
        const v = new Uint8Array(ww * hh);
        for (let y = 0; y < hh; y++) for (let x = 0; x < ww; x++) v[y * ww + x] = code(x0 + x, y0 + y);
        await w.writeTile(tc, tr, [v]);
      }
    await w.finish();
  });
}

function writeRegions(path: string, side: number): void {
  const span = side * 10;
  const box = (x0: number, x1: number): number[][][] => [
    [
      [x0, ORIGIN.y],
      [x1, ORIGIN.y],
      [x1, ORIGIN.y - span],
      [x0, ORIGIN.y - span],
      [x0, ORIGIN.y],
    ],
  ];
  const mid = ORIGIN.x + Math.round(span / 20) * 10;
  const features = [
    { type: "Feature", properties: { name: "west" }, geometry: { type: "Polygon", coordinates: box(ORIGIN.x, mid) } },
    { type: "Feature", properties: { name: "east" }, geometry: { type: "Polygon", coordinates: box(mid, ORIGIN.x + span) } },
  ];
  writeFileSync(path, JSON.stringify({ type: "FeatureCollection", crs: { type: "name", properties: { name: "EPSG:32718" } }, features }));
}

interface Timed {
  cpuMs: number;
  wallMs: number;
  peakRssMb: number;
  found: Record<string, number>;
}

function timed(mode: "strips" | "whole", stage: string, classes: string, regions: string): Timed {
  const out = join(dir, `out-${mode}-${stage}`);
  const r = spawnSync(
    "/usr/bin/time",
    ["-v", process.execPath, "--import", "tsx", join(here, "support", "survey-memory-child.ts"), mode, stage, classes, regions, out],
    {
      encoding: "utf8",
      cwd: root,
      maxBuffer: 1 << 24,
    },
  );
  if (r.status !== 0) throw new Error(`${mode} ${stage} failed: ${r.stderr.slice(-3000)}`);
  const num = (re: RegExp): number => Number(re.exec(r.stderr)?.[1]);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr)!;
  return {
    wallMs: Math.round((Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3])) * 1000),
    cpuMs: Math.round((num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/)) * 1000),
    peakRssMb: Math.round(num(/Maximum resident set size \(kbytes\): (\d+)/) / 1024),
    found: JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Record<string, number>,
  };
}

const side = (label: string, t: Timed): BenchSide => ({ label, cpuMs: t.cpuMs, wallMs: t.wallMs, peakRssMb: t.peakRssMb, runs: RUNS });
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
/** The median of each figure over runs (what they found is the same in every run, checked). */
function medianOf(runs: Timed[]): Timed {
  for (const t of runs) if (JSON.stringify(t.found) !== JSON.stringify(runs[0]!.found)) throw new Error("runs found different results");
  return {
    cpuMs: median(runs.map((t) => t.cpuMs)),
    wallMs: median(runs.map((t) => t.wallMs)),
    peakRssMb: median(runs.map((t) => t.peakRssMb)),
    found: runs[0]!.found,
  };
}
const GOAL = "flat: 9x area within 1.3x the peak of 1x";
const results: { factor: number; px: number; ours: Timed; peer: Timed }[] = [];
const stageRows: Record<string, Timed[]> = { "map-totals": [], design: [], fields: [] };
try {
  for (const factor of [1, 2, 3]) {
    const px = size * factor;
    const classes = join(dir, `classes-${factor}.tif`);
    const regions = join(dir, `regions-${factor}.geojson`);
    await writeMap(classes, px);
    writeRegions(regions, px);
    const oursRuns: Timed[] = [];
    const peerRuns: Timed[] = [];
    for (let run = 0; run < RUNS; run++) {
      oursRuns.push(timed("strips", "all", classes, regions));
      peerRuns.push(timed("whole", "all", classes, regions));
    }
    const ours = medianOf(oursRuns);
    const peer = medianOf(peerRuns);
    for (const k of ["mapCocaHa", "sampleUnits", "firstUnitIndex", "fields", "fieldsHa", "vertices"])
      if (ours.found[k] !== peer.found[k]) throw new Error(`${factor * factor}x: ${k} differs: strips ${ours.found[k]}, whole ${peer.found[k]}`);
    results.push({ factor, px, ours, peer });
    process.stdout.write(
      `${factor * factor}x (${px}² px): strips ${oursRuns.map((t) => t.peakRssMb).join("/")} MB, whole ${peerRuns.map((t) => t.peakRssMb).join("/")} MB; ${JSON.stringify(ours.found)}\n`,
    );
    if (perStage) for (const stage of Object.keys(stageRows)) stageRows[stage]!.push(timed("strips", stage, classes, regions));
    rmSync(classes, { force: true });
  }
  const base = results[0]!.ours.peakRssMb;
  for (const { factor, px, ours, peer } of results) {
    const area = factor * factor;
    const growth = ours.peakRssMb / base;
    writeBenchResult({
      id: `survey-memory-${area}x`,
      title: `survey stages after classification (map totals, design, labels, fields), peak memory at ${area}x the area (${px.toLocaleString("en-US")}² px class map, ${((px * px) / 1e6).toFixed(0)} Mpx)`,
      source: "bench/survey-memory.bench.ts",
      ours: {
        ...side("Coca Monitor, class map read by row strips", ours),
        detail: `${growth.toFixed(2)}x the peak at 1x; ${ours.found.fields} fields (${ours.found.vertices} vertices), ${ours.found.sampleUnits} units`,
      },
      peer: {
        ...side("the same stages reading the whole class map (as before)", peer),
        detail: `${(peer.peakRssMb / results[0]!.peer.peakRssMb).toFixed(2)}x its peak at 1x`,
      },
      goal: GOAL,
      met: growth <= 1.3,
      notes: "not a speed benchmark: the row is about peak RSS (/usr/bin/time -v); both sides find the same coca area, sample and fields",
    });
  }
  for (const [stage, rows] of Object.entries(stageRows)) {
    if (rows.length === 0) continue;
    const peaks = rows.map((t) => t.peakRssMb);
    writeBenchResult({
      id: `survey-memory-stage-${stage}`,
      title: `survey stage "${stage}" alone, peak memory at 1x, 4x and 9x the area (${size.toLocaleString("en-US")}² px per tile)`,
      source: "bench/survey-memory.bench.ts",
      ours: {
        label: "Coca Monitor, by row strips",
        peakRssMb: peaks[2],
        detail: `peak RSS ${peaks.join(" / ")} MB at 1x / 4x / 9x; CPU ${rows.map((t) => (t.cpuMs / 1000).toFixed(1)).join(" / ")} s${stage === "fields" ? `; ${rows.map((t) => t.found.fields).join(" / ")} fields` : ""}`,
      },
      goal: GOAL,
      met: peaks[2]! / peaks[0]! <= 1.3,
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
