import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataError, NotFoundError } from "../domain/errors.ts";
import { geometricMeanRatio, impliedRatios } from "./implied.ts";
import { loadMethodologyBreaks, loadParameterSets } from "./parameter-set-loader.ts";
import { chooseParameterSet } from "./parameter-set-choice.ts";
import type { Parameter, ParameterSet } from "./parameter-set.ts";
import { fig } from "./test-support/figures.ts";
import type { Metric } from "../domain/figure.ts";
import { hasShared as sharedPresent, sharedPath } from "../../test/support/shared.ts";

const sharedCsv = sharedPath("reference/official-figures.csv");
const hasShared = sharedPresent("the check of derived parameters against the shared figures", sharedCsv);

const sets = await loadParameterSets();

function allParameters(set: ParameterSet): Parameter[] {
  const c = set.conversion;
  return [
    ...set.regions.flatMap((r) => [r.yieldKgHa, ...(r.zones ?? []).flatMap((z) => [z.yieldKgHa, z.areaHa]), r.youngAreaShare, r.youngYieldFactor]),
    set.deductions?.traditionalLeafT,
    set.deductions?.industrialLeafT,
    ...(c.kind === "leaf-per-cocaine" ? [c.leafKgPerKgCocaine] : c.kind === "alkaloid" ? [c.alkaloidContent, c.labEfficiency] : [c.cocaineKgPerHa]),
  ].filter((p): p is Parameter => p !== undefined);
}

describe("parameter sets in data/parameter-sets", () => {
  it("load, each parameter with value, distribution, status, reason and citation", () => {
    expect(sets.length).toBeGreaterThanOrEqual(10);
    for (const set of sets) {
      for (const p of allParameters(set)) {
        expect(p.citation).toMatch(/\[[A-Z0-9_-]+\]/);
        expect(p.reason.length).toBeGreaterThan(10);
        if (p.status === "derived") expect(p.derivation ?? p.reason).toBeTruthy();
      }
    }
  });

  it("use the published yields", () => {
    const yields = (name: string): number[] =>
      sets
        .find((s) => s.name === name)!
        .regions.flatMap((r) => [r.yieldKgHa, ...(r.zones ?? []).map((z) => z.yieldKgHa)])
        .filter((p) => p?.status === "published")
        .map((p) => p!.value);
    expect(yields("unodc-per-2004-2005")).toEqual([2_200]);
    expect(yields("unodc-per-2015")).toEqual([2_391]);
    expect(yields("unodc-per-2016")).toEqual([2_415]);
    expect(yields("unodc-bol-2004-2005").sort()).toEqual([1_798, 2_764, 936, 936].sort());
  });

  it.skipIf(!hasShared)("derived parameters recompute from the shared official figures", () => {
    const figures = parseCsv(readFileSync(sharedCsv, "utf8"));
    const rows = impliedRatios(figures);
    let checked = 0;
    for (const set of sets) {
      for (const p of allParameters(set)) {
        if (!p.derivation) continue;
        const { country, source, years, ratio } = p.derivation;
        const key = ratio === "cocaine_kg_per_ha" ? "cocaineKgPerHa" : ratio === "leaf_kg_per_kg_cocaine" ? "leafKgPerKgCocaine" : "leafYieldKgHa";
        const g = geometricMeanRatio(rows, { country, source, years, ratio: key });
        expect(p.value / g.value, `${set.name}: ${p.value} vs ${g.value}`).toBeCloseTo(1, 3);
        if (p.distribution.kind === "lognormal" && ratio === "cocaine_kg_per_ha") expect(p.distribution.sdLog).toBeCloseTo(g.sdLog, 3);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(9);
  });

  it("the methodology breaks load", async () => {
    const breaks = await loadMethodologyBreaks();
    expect(breaks.some((b) => b.country === "PER" && b.source === "DEVIDA" && b.year === 2018)).toBe(true);
  });
});

describe("choosing a parameter set", () => {
  it("by country, year and source", () => {
    expect(chooseParameterSet(sets, { country: "PER", year: 2016 }).name).toBe("unodc-per-2016");
    expect(chooseParameterSet(sets, { country: "PER", year: 2016, source: "ONDCP" }).name).toBe("ondcp-per-2016-2021");
    expect(chooseParameterSet(sets, { country: "COL", year: 2020, source: "US" }).name).toBe("ondcp-col-2017-2021");
    expect(() => chooseParameterSet(sets, { country: "COL", year: 1990 })).toThrow(NotFoundError);
    expect(() => chooseParameterSet(sets, { country: "PER", year: 2016, name: "nope" })).toThrow(/no parameter set named "nope"/);
  });
});

describe("bad parameter files", () => {
  let dir = "";
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("name the file and the problem", async () => {
    dir = await mkdtemp(join(tmpdir(), "coca-params-"));
    const good = sets.find((s) => s.name === "unodc-per-2016")!;
    const bad = structuredClone(good) as unknown as { regions: { yieldKgHa: { distribution: { sd: number } } }[] };
    bad.regions[0]!.yieldKgHa.distribution.sd = -5;
    await writeFile(join(dir, "bad.json"), JSON.stringify(bad));
    await expect(loadParameterSets(dir)).rejects.toThrow(DataError);
    await expect(loadParameterSets(dir)).rejects.toThrow(/bad\.json: regions\[0\]\.yieldKgHa\.distribution\.sd must be >= 0/);
    await writeFile(join(dir, "bad.json"), "{ not json");
    await expect(loadParameterSets(dir)).rejects.toThrow(/bad\.json: not valid JSON/);
  });

  it("a missing methodology-breaks file is a NotFoundError naming it (it was a DataError, exit 3 instead of 4)", async () => {
    const missing = join(tmpdir(), "coca-no-such-breaks.json");
    await expect(loadMethodologyBreaks(missing)).rejects.toBeInstanceOf(NotFoundError);
    await expect(loadMethodologyBreaks(missing)).rejects.toThrow(`${missing}: no such file`);
  });
});

/** The shared CSV, mapped to Figures for the metrics the derivations use. */
function parseCsv(text: string) {
  const metrics: Record<string, Metric> = {
    coca_cultivation: "cultivation_ha",
    potential_cocaine_hcl: "cocaine_t",
    potential_cocaine_hcl_max: "cocaine_t",
    potential_pure_cocaine: "cocaine_t",
    potential_sun_dried_leaf: "leaf_t",
  };
  const iso: Record<string, string> = { Peru: "PER", Bolivia: "BOL", Colombia: "COL" };
  const lines = text.trim().split("\n").slice(1);
  return lines.flatMap((line) => {
    const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, "").replace(/^"|"$/g, ""));
    const [country, region, year, source, metric, value, , citedYear] = cells;
    const m = metrics[metric!];
    if (!m || !iso[country!]) return [];
    return [fig(iso[country!]!, Number(year), source!, m, Number(value), { region: region!, published: citedYear! })];
  });
}
