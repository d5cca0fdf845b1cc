/**
 * Polygonize a class map vs GDAL (gdal.Polygonize, the function gdal_polygonize.py runs; bench/peers/polygonize.py).
 * Data: the real sits class map of Rondônia (../shared, 937 x 636, 4 classes, 20 m UTM 20S) tiled N x N
 * (default 3: 2811 x 1908 px) into a tiled DEFLATE GeoTIFF. Both sides read the file, turn every class into
 * 4-connected polygons with holes (nodata masked) and write FlatGeobuf in the map's CRS; ours also computes
 * each field's area. The polygon counts per class must agree. Both sides run on one core; the ratio is
 * peer time / ours (> 1: we are faster) in CPU time of the process (user + system), which a busy shared
 * machine disturbs less than wall time; wall times are reported too. Ours is warmed up once (JIT) first.
 *
 * Run: npx tsx bench/polygonize.bench.ts [N]
 * Writes bench/out/polygonize.json.
 *
 * Last run (2026-11-28, 2 shared cores under load, N = 3): 583 ms CPU vs GDAL 3.6.2 1,068 ms (1.83x; wall 1.31x),
 * 15,121 polygons, counts per class identical.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { vectorizeClasses } from "../src/imagery/vectorize/fields.ts";
import { readClassRaster } from "../src/imagery/vectorize/read-class-raster.ts";
import { writeFields } from "../src/imagery/vectorize/write-fields.ts";
import { writeFileAtomic } from "../src/io/atomic-write.ts";
import { writeBenchResult } from "./support/result.ts";

const here = dirname(fileURLToPath(import.meta.url));
const sits = resolve(here, "../../shared/data/sits-rondonia/SENTINEL2_MSI_20LNR_2020-06-04_2021-08-26_class_v1.tif");
const n = Number(process.argv[2] ?? 3);
const REPEATS = 5;
const dir = mkdtempSync(join(tmpdir(), "polygonize-bench-"));
const input = join(dir, "classes.tif");
const make = spawnSync("/usr/bin/python3", [join(here, "peers", "polygonize.py"), "make", sits, input, String(n)], { encoding: "utf8" });
if (make.status !== 0) throw new Error(`making the input failed: ${make.stderr}`);

async function ours(out: string): Promise<Map<number, number>> {
  const raster = await readClassRaster(input);
  const fields = vectorizeClasses(raster);
  writeFields(out, fields, raster.grid.crs, { classCode: (f) => raster.classNames.indexOf(f.className) });
  const counts = new Map<number, number>();
  for (const f of fields) {
    const code = raster.classNames.indexOf(f.className);
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return counts;
}

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
await ours(join(dir, "warm-up.fgb"));
const times: number[] = [];
const cpu: number[] = [];
let counts = new Map<number, number>();
for (let r = 0; r < REPEATS; r++) {
  const t0 = performance.now();
  const c0 = cpuMs();
  counts = await ours(join(dir, `ours-${r}.fgb`));
  cpu.push(cpuMs() - c0);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
cpu.sort((a, b) => a - b);
const peerRun = spawnSync("/usr/bin/python3", [join(here, "peers", "polygonize.py"), "run", input, dir, String(REPEATS)], { encoding: "utf8" });
rmSync(dir, { recursive: true, force: true });
if (peerRun.status !== 0) throw new Error(`peer failed: ${peerRun.stderr}`);
const peer = JSON.parse(peerRun.stdout) as {
  gdal: string;
  bestMs: number;
  medianMs: number;
  cpuBestMs: number;
  cpuMedianMs: number;
  polygonsByClass: Record<string, number>;
};
const oursMedian = times[Math.floor(times.length / 2)]!;
const oursCpuMedian = cpu[Math.floor(cpu.length / 2)]!;
const ratio = peer.cpuMedianMs / oursCpuMedian;
const wallRatio = peer.medianMs / oursMedian;
const countsAgree = [...counts].every(([c, k]) => peer.polygonsByClass[String(c)] === k) && Object.keys(peer.polygonsByClass).length === counts.size;
const px = 937 * 636 * n * n;
const row = {
  benchmark: `polygonize ${(937 * n).toLocaleString("en-US")} x ${(636 * n).toLocaleString("en-US")} class map (${(px / 1e6).toFixed(1)} Mpx, 4 classes) to FlatGeobuf`,
  data: "sits Rondônia class map (../shared) tiled n x n",
  n,
  repeats: REPEATS,
  oursCpuMedianMs: oursCpuMedian,
  oursCpuBestMs: cpu[0]!,
  oursMedianMs: oursMedian,
  oursBestMs: times[0]!,
  peer: `GDAL ${peer.gdal} gdal.Polygonize (as gdal_polygonize.py), bench/peers/polygonize.py`,
  peerCpuMedianMs: peer.cpuMedianMs,
  peerCpuBestMs: peer.cpuBestMs,
  peerMedianMs: peer.medianMs,
  peerBestMs: peer.bestMs,
  ratio,
  ratioBasis: "CPU time (user + system), median of repeats",
  wallRatio,
  goal: ">= 1.0x",
  polygons: { ours: Object.fromEntries(counts), peer: peer.polygonsByClass, agree: countsAgree },
};
process.stdout.write(
  `| ${row.benchmark} | ${oursCpuMedian.toFixed(0)} ms CPU (wall ${oursMedian.toFixed(0)}) | GDAL ${peer.gdal} gdal.Polygonize: ${peer.cpuMedianMs.toFixed(0)} ms CPU (wall ${peer.medianMs.toFixed(0)}) | ${ratio.toFixed(2)}x CPU (${wallRatio.toFixed(2)}x wall) | >= 1.0x |\n` +
    `polygon counts per class ${countsAgree ? "agree" : "DIFFER"}: ours ${JSON.stringify(row.polygons.ours)}, GDAL ${JSON.stringify(peer.polygonsByClass)}\n`,
);
mkdirSync(join(here, "out"), { recursive: true });
writeFileAtomic(join(here, "out", "polygonize.json"), `${JSON.stringify(row, null, 2)}\n`);
if (!countsAgree) throw new Error("polygon counts per class differ from GDAL's");
writeBenchResult({
  id: `polygonize-${n}x${n}`,
  title: `${row.benchmark}, with holes and areas (ours), one core; ${row.data}`,
  source: "bench/polygonize.bench.ts",
  ours: { label: "polygonize to FlatGeobuf", cpuMs: Math.round(oursCpuMedian), wallMs: Math.round(oursMedian), runs: REPEATS },
  peer: { label: row.peer + ", /usr/bin/python3", cpuMs: Math.round(peer.cpuMedianMs), wallMs: Math.round(peer.medianMs), runs: REPEATS },
  ratio: { cpu: Number(ratio.toFixed(2)), wall: Number(wallRatio.toFixed(2)) },
  goal: ">= 1.0x CPU",
  met: ratio >= 1,
  notes: "the same polygon count per class on both sides; the machine is shared (CPU ratios are the fairer measure)",
});
