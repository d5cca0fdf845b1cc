/**
 * CLI integration: runs the real `coca` command (`node bin/coca.js --db <tmp> ...`) for the production
 * model (estimate, reconcile, implied, params) and trends, against the seeded figures registry.
 */
import { DEFAULT_DRAWS, productionSeed } from "../../src/production/estimate.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCocaProcess, type Run } from "../support/cli.ts";

const coca = (db: string, ...args: string[]): Promise<Run> => runCocaProcess("--db", db, ...args);

let dir: string;
let db: string;
let implied: Run;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "coca-cli-production-"));
  db = join(dir, "coca.db");
  // The first command that reads figures seeds the store; run it alone before the parallel ones.
  implied = await coca(db, "production", "implied", "--country", "PE", "--json");
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("coca production", () => {
  it("estimate PE 2016 reproduces the UNODC leaf figure and reports cocaine with intervals, units and citations", async () => {
    const run = await coca(db, "production", "estimate", "--country", "PE", "--year", "2016", "--draws", "20000", "--seed", "5", "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.parameterSet.name).toBe("unodc-per-2016");
    expect(out.regionsIn).toEqual([expect.objectContaining({ region: "national", areaHa: 43_900 })]);
    expect(out.pointEstimate.leafT).toBeCloseTo(106_018.5, 6);
    expect(out.pointEstimate.netLeafT).toBeCloseTo(95_127.5, 6);
    expect(out.reproduction[0]).toMatchObject({ quantity: "leafT", published: 105_960, withinRounding: true });
    expect(out.cocaineT.unit).toBe("t");
    expect(out.cocaineT.ci95[0]).toBeLessThan(out.cocaineT.median);
    expect(out.cocaineT.histogram.counts.reduce((a: number, b: number) => a + b, 0)).toBe(20_000);
    expect(out.sensitivity.tornado.length).toBeGreaterThan(0);
    for (const p of out.parameters) expect(p.citation.length).toBeGreaterThan(0);
    expect(out.seed).toBe(5);
  });

  it("estimate's text gives every citation in full (the published figure's too) and no encyclopedia page", async () => {
    const run = await coca(db, "production", "estimate", "--country", "PE", "--year", "2016", "--draws", "2000");
    expect(run.code).toBe(0);
    const published = run.stdout.split("\n").filter((l) => l.startsWith("published: "));
    expect(published.length).toBeGreaterThan(0);
    for (const line of published) expect(line).toMatch(/\(\S+ \(published [^)]+\): .*https?:\/\//);
    expect(run.stdout).toMatch(/\n {2}\[PE16FS\] UNODC\/DEVIDA, Fact sheet - Peru Coca Survey for 2016 .*https:\/\//);
    expect(run.stdout).not.toMatch(/DOCTORABEL|doctorabel|Encyclopedia/i);
  });

  it("estimate without --seed uses the seed derived from country and year (the API's default too); --area-se-pct gives registry areas an SE", async () => {
    const [plain, withSe] = await Promise.all([
      coca(db, "production", "estimate", "--country", "PE", "--year", "2016", "--draws", "5000", "--json"),
      coca(db, "production", "estimate", "--country", "PE", "--year", "2016", "--draws", "5000", "--area-se-pct", "10", "--json"),
    ]);
    expect(plain.stderr).toBe("");
    const p = JSON.parse(plain.stdout);
    const w = JSON.parse(withSe.stdout);
    expect(p.seed).toBe(productionSeed("PER", 2016));
    expect(productionSeed("PER", 2016)).not.toBe(productionSeed("PER", 2017));
    expect(productionSeed("per", 2016)).toBe(productionSeed("PER", 2016));
    expect(w.regionsIn[0].areaSeHa).toBeCloseTo(4390, 9);
    expect(w.cocaineT.sd).toBeGreaterThan(p.cocaineT.sd);
    expect(DEFAULT_DRAWS).toBe(100_000);
  });

  it("estimates the latest year of every country (Bolivia 2024 from the registry, Colombia 2024 from a given area) with stated assumptions, full references and the default-source rule", async () => {
    const [bo, co, bo20] = await Promise.all([
      coca(db, "production", "estimate", "--country", "BO", "--year", "2024", "--draws", "2000", "--json"),
      coca(db, "production", "estimate", "--country", "CO", "--year", "2024", "--area-ha", "250000", "--draws", "2000", "--json"),
      coca(db, "production", "estimate", "--country", "BO", "--year", "2020", "--draws", "2000"),
    ]);
    expect(bo.stderr).toBe("");
    const b = JSON.parse(bo.stdout);
    expect(b.parameterSet.name).toBe("assumed-bol-2021-2024");
    expect(b.parameters.find((p: { status: string }) => p.status === "assumption")).toBeDefined();
    expect(b.cocaineT.median).toBeGreaterThan(0);
    const c = JSON.parse(co.stdout);
    expect(c.parameterSet.name).toBe("assumed-col-2024");
    expect(c.pointEstimate.cocaineT).toBeCloseTo((250_000 * 7.858) / 1000, 6);
    // Bolivia 2020: only ONDCP covers it; the fallback is said, and the references are printed in full.
    expect(bo20.stdout).toMatch(/no UN parameter set covers BOL 2020: the default rule .* falls back to ondcp-bol-2012-2020/);
    expect(bo20.stdout).toMatch(/references:\n( {2}.*\n)* {2}\[[A-Z0-9_-]+\] [^\n]*https?:\/\//);
  });

  it("estimate with an area estimate is reproducible from the seed and widens with the area's SE", async () => {
    const args = [
      "production",
      "estimate",
      "--country",
      "PE",
      "--year",
      "2016",
      "--area-ha",
      "43900",
      "--area-se-ha",
      "4000",
      "--draws",
      "5000",
      "--seed",
      "11",
      "--json",
    ];
    const [a, b, fixed] = await Promise.all([
      coca(db, ...args),
      coca(db, ...args),
      coca(db, "production", "estimate", "--country", "PE", "--year", "2016", "--area-ha", "43900", "--draws", "5000", "--seed", "11", "--json"),
    ]);
    expect(a.code).toBe(0);
    const ja = JSON.parse(a.stdout);
    expect(JSON.parse(b.stdout).cocaineT).toEqual(ja.cocaineT);
    expect(ja.cocaineT.sd).toBeGreaterThan(JSON.parse(fixed.stdout).cocaineT.sd);
    expect(ja.reproduction).toEqual([]);
  });

  it("reconcile PE and BO: no year has both sides' area and cocaine, and each year says what is missing", async () => {
    const [pe, bo, peJson] = await Promise.all([
      coca(db, "production", "reconcile", "--country", "PE"),
      coca(db, "production", "reconcile", "--country", "BO"),
      coca(db, "production", "reconcile", "--country", "PE", "--json"),
    ]);
    expect(pe.code).toBe(0);
    expect(pe.stdout).toMatch(/no year for PER has both US and UN area and cocaine figures/);
    expect(pe.stdout).toMatch(/ {2}2016: the UN published only area \(UNODC\)/);
    expect(bo.stdout).toMatch(/ {2}2005: the US published neither area nor cocaine/);
    const j = JSON.parse(peJson.stdout);
    expect(j.years).toEqual([]);
    expect(j.unreconciled.find((u: { year: number }) => u.year === 2016).us).toEqual(["area (ONDCP)", "cocaine (ONDCP)"]);
  });

  it("reconcile CO 2020: the area and per-hectare terms add up to the total", async () => {
    const run = await coca(db, "production", "reconcile", "--country", "CO", "--year", "2020", "--json");
    expect(run.code).toBe(0);
    const d = JSON.parse(run.stdout);
    expect(d.us).toMatchObject({ areaHa: 245_000, cocaineT: 1_010 });
    expect(d.un).toMatchObject({ areaHa: 143_000, cocaineT: 1_228 });
    expect(d.logRatio.area + d.logRatio.perHectare).toBeCloseTo(d.logRatio.total, 12);
    expect(d.sentence).toContain("71% more coca but assumes 52% less cocaine per hectare");
  });

  it("implied lists kg/ha for every Peruvian (year, source) pair and its trend", () => {
    expect(implied.code).toBe(0);
    const out = JSON.parse(implied.stdout);
    const ondcp2016 = out.rows.find((r: { source: string; year: number }) => r.source === "ONDCP" && r.year === 2016);
    expect(ondcp2016.cocaineKgPerHa).toBeCloseTo((409 * 1000) / 44_000, 9);
    expect(out.trends.some((t: { source: string }) => t.source === "ONDCP")).toBe(true);
  });

  it("params lists the parameter sets; bad input exits 2 with a message", async () => {
    const [params, bad] = await Promise.all([
      coca(db, "production", "params", "--country", "BO"),
      coca(db, "production", "estimate", "--country", "XX", "--year", "2016"),
    ]);
    expect(params.code).toBe(0);
    expect(params.stdout).toContain("unodc-bol-2004-2005");
    expect(params.stdout).not.toContain("unodc-per-2016");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown --country 'XX'/);
  });
});

describe("coca trend", () => {
  it("PE cultivation: a 95% interval spanning more than 10-fold is marked uninformative and not printed as a forecast", async () => {
    const [json, text] = await Promise.all([
      coca(db, "trend", "--country", "PE", "--metric", "cultivation_ha", "--json"),
      coca(db, "trend", "--country", "PE", "--metric", "cultivation_ha"),
    ]);
    const t = JSON.parse(json.stdout);
    for (const f of t.forecast) expect(f.informative).toBe(f.pi95[1] / f.pi95[0] <= 10);
    const last = t.forecast[t.forecast.length - 1];
    expect(last.informative).toBe(false);
    expect(text.stdout).toMatch(new RegExp(`no forecast for [0-9, ]*${last.year}: the 95% interval spans more than 10-fold`));
    expect(text.stdout).not.toContain(Math.round(last.pi95[1]).toLocaleString("en-US"));
  });

  it("PE cultivation: fitted after the 2018 break, backtest error, intervals and exceedance probability", async () => {
    const run = await coca(db, "trend", "--country", "PE", "--metric", "cultivation_ha", "--json");
    expect(run.code).toBe(0);
    const t = JSON.parse(run.stdout);
    expect(t.source).toBe("DEVIDA");
    expect(t.unit).toBe("ha");
    expect(t.series[0].year).toBe(2018);
    expect(t.notes[0]).toMatch(/methodology break in 2018/);
    expect(t.backtest.length).toBeGreaterThan(0);
    expect(new Set(t.backtest.map((b: { origins: number }) => b.origins)).size).toBe(1);
    expect(t.backtest[0].origins).toBeGreaterThanOrEqual(2);
    expect(t.exceedance.probability).toBeGreaterThan(0);
    expect(t.exceedance.probability).toBeLessThan(1);
    expect(t.forecast).toHaveLength(3);
    const table = await coca(db, "trend", "--country", "PE", "--metric", "cultivation_ha", "--source", "UNODC");
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/probability that 2018 exceeds 2017/);
  });
});
