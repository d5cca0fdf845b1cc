/**
 * Field matching of two years vs shapely (bench/peers/match_fields.py: STRtree candidates, then intersects and
 * intersection areas per pair, the same IoU >= 0.3 or overlap-of-smaller >= 0.5 rule; Debian's shapely 1.8
 * has no vectorised API, so the peer loops in Python over GEOS calls).
 * Data: N fields a year made by the peer (jittered convex quadrilaterals of 40-120 m in UTM 18S; year 2 moves,
 * resizes, drops 10% and adds 10%). Reading the GeoJSON is not timed on either side. The link counts must be
 * equal. Ratio = peer CPU / ours (> 1: we are faster), median of repeats. Convex fields take our
 * Sutherland-Hodgman path; concave ones (raster-traced staircases) go through polyclip and are much slower.
 *
 * Run: npx tsx bench/match-fields.bench.ts [N=100000] [REPEATS=3]
 * Writes bench/out/match-fields.json.
 *
 * Last run (2026-12-01, 2 shared cores under load, N = 100,000, 3 repeats): 1,349 ms CPU (wall 3,199) vs shapely 1.8.5
 * 6,423 ms CPU (wall 20,708): 4.76x CPU, 6.47x wall; 99,600 links on both sides.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { planarYears, readFieldLayer } from "../src/change/field-layers.ts";
import { matchFieldYears } from "../src/change/match-fields.ts";
import { writeBenchResult } from "./support/result.ts";
import { writeFileAtomic } from "../src/io/atomic-write.ts";

const here = dirname(fileURLToPath(import.meta.url));
const n = Number(process.argv[2] ?? 100000);
const repeats = Number(process.argv[3] ?? 3);
const dir = mkdtempSync(join(tmpdir(), "match-bench-"));
const base = join(dir, "fields");
const py = (...args: string[]): string => {
  const r = spawnSync("/usr/bin/python3", [join(here, "peers", "match_fields.py"), ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`peer ${args[0]} failed: ${r.stderr}`);
  return r.stdout;
};
py("make", base, String(n));
const { years } = planarYears([readFieldLayer(`${base}.1.geojson`, "1"), readFieldLayer(`${base}.2.geojson`, "2")]);
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
matchFieldYears([
  { label: "1", fields: years[0]!.fields.slice(0, 2000) },
  { label: "2", fields: years[1]!.fields.slice(0, 2000) },
]); // warm-up
const cpu: number[] = [];
const wall: number[] = [];
let links = 0;
let candidates = 0;
for (let r = 0; r < repeats; r++) {
  const t0 = performance.now();
  const c0 = cpuMs();
  const m = matchFieldYears(years);
  cpu.push(cpuMs() - c0);
  wall.push(performance.now() - t0);
  links = m.links.length;
  candidates = m.pairs[0]!.candidatePairs;
}
const peer = JSON.parse(py("run", base, String(repeats))) as { shapely: string; medianMs: number; cpuMedianMs: number; links: number; candidatePairs: number };
rmSync(dir, { recursive: true, force: true });
cpu.sort((a, b) => a - b);
wall.sort((a, b) => a - b);
const med = (a: number[]): number => a[Math.floor(a.length / 2)]!;
const row = {
  benchmark: `match ${n.toLocaleString("en-US")} fields a year over two years (IoU >= 0.3 or overlap of the smaller >= 0.5)`,
  n,
  repeats,
  oursCpuMedianMs: med(cpu),
  oursMedianMs: med(wall),
  peer: `shapely ${peer.shapely} STRtree + GEOS intersection per candidate (bench/peers/match_fields.py)`,
  peerCpuMedianMs: peer.cpuMedianMs,
  peerMedianMs: peer.medianMs,
  ratio: peer.cpuMedianMs / med(cpu),
  wallRatio: peer.medianMs / med(wall),
  goal: ">= 1.0x",
  links: { ours: links, peer: peer.links, agree: links === peer.links },
  candidatePairs: { ours: candidates, peer: peer.candidatePairs },
};
process.stdout.write(
  `| ${row.benchmark} | ${row.oursCpuMedianMs.toFixed(0)} ms CPU (wall ${row.oursMedianMs.toFixed(0)}) | shapely ${peer.shapely}: ${peer.cpuMedianMs.toFixed(0)} ms CPU (wall ${peer.medianMs.toFixed(0)}) | ${row.ratio.toFixed(2)}x CPU (${row.wallRatio.toFixed(2)}x wall) | >= 1.0x |\n` +
    `links ${row.links.agree ? "agree" : "DIFFER"}: ours ${links}, shapely ${peer.links}; candidate pairs ours ${candidates} (bounding boxes), shapely ${peer.candidatePairs} (intersecting)\n`,
);
mkdirSync(join(here, "out"), { recursive: true });
writeFileAtomic(join(here, "out", "match-fields.json"), `${JSON.stringify(row, null, 2)}\n`);
writeBenchResult({
  id: `match-fields-${n}`,
  title: `field matching across two years, ${n.toLocaleString("en-US")} fields a year (IoU >= 0.3 or overlap of the smaller >= 0.5; links checked equal)`,
  source: "bench/match-fields.bench.ts",
  ours: {
    label: "matchFieldYears (flatbush candidates)",
    cpuMs: Math.round(row.oursCpuMedianMs),
    wallMs: Math.round(row.oursMedianMs),
    runs: repeats,
    detail: `${links} links`,
  },
  peer: {
    label: `shapely ${peer.shapely} STRtree + GEOS intersection (bench/peers/match_fields.py)`,
    cpuMs: Math.round(peer.cpuMedianMs),
    wallMs: Math.round(peer.medianMs),
    runs: repeats,
    detail: `${peer.links} links`,
  },
  ratio: { cpu: Math.round(row.ratio * 100) / 100, wall: Math.round(row.wallRatio * 100) / 100 },
  goal: ">= 1.0x CPU",
  met: row.ratio >= 1 && row.links.agree,
  notes: "machine shared by other work: CPU ratio is the fairer measure",
});
