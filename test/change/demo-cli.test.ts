/** `coca change demo`: the simulated survey end to end, and its files read back by the other change commands. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCocaInProcess } from "../support/cli.ts";

describe("coca change demo", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "coca-change-demo-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes a simulated survey whose sample, re-estimated by coca change estimate, gives the same numbers", async () => {
    const run = await runCocaInProcess("change", "demo", "--seed", "5", "--size-px", "300", "--out-dir", dir, "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      simulated: boolean;
      headline: string;
      estimate: { areas: { netChangeHa: { estimateHa: number; seHa: number } }; replanted: { overall: { ratio: number } } };
      truth: { netChangeHa: number };
      mapped: { cocaYear1Ha: number };
    };
    expect(out.simulated).toBe(true);
    expect(out.headline).toMatch(/^\[SIMULATED\] Coca (fell|rose) from/);
    for (const f of ["map-year1.tif", "map-year2.tif", "transitions.tif", "labels.csv", "strata.csv", "eradication.csv", "README.txt"])
      expect(existsSync(join(dir, f)), f).toBe(true);
    expect(readFileSync(join(dir, "README.txt"), "utf8")).toMatch(/^SIMULATED DATA/);
    const again = await runCocaInProcess("change", "estimate", "--units", join(dir, "labels.csv"), "--strata", join(dir, "strata.csv"), "--json");
    expect(again.code).toBe(0);
    const e = JSON.parse(again.stdout) as typeof out.estimate;
    expect(e.areas.netChangeHa.estimateHa).toBeCloseTo(out.estimate.areas.netChangeHa.estimateHa, 2);
    expect(e.areas.netChangeHa.seHa).toBeCloseTo(out.estimate.areas.netChangeHa.seHa, 2);
    expect(e.replanted.overall.ratio).toBeCloseTo(out.estimate.replanted.overall.ratio, 6);
    const records = await runCocaInProcess("change", "eradication", "import", "--records", join(dir, "eradication.csv"), "--years", "2023,2024", "--json");
    expect(records.code).toBe(0);
    expect((JSON.parse(records.stdout) as { records: number }).records).toBeGreaterThan(0);
    const text = await runCocaInProcess("change", "demo", "--seed", "5", "--size-px", "300", "--out-dir", join(dir, "text"));
    expect(text.stdout.split("\n")[0]).toBe(out.headline);
  });
});
