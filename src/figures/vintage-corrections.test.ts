/**
 * A store seeded before a vintage was corrected: loading the corrected seed deletes the mis-dated row with the
 * correction as the logged reason, and the corrected row comes in with the seed.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteStore } from "../store/sqlite-store.ts";
import type { Store } from "../store/store.ts";
import { SEED_FIGURES_PATH, ensureSeeded } from "./seed.ts";
import { loadVintageCorrections } from "./vintage-corrections.ts";

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "coca-vintage-"));
  store = await openSqliteStore(join(dir, "coca.db"));
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("vintage corrections", () => {
  it("every correction names a seed row that now has the corrected vintage and says why in its notes", () => {
    const seed = readFileSync(SEED_FIGURES_PATH, "utf8");
    for (const c of loadVintageCorrections()) {
      const row = seed
        .split("\n")
        .find((l) => l.startsWith(`${c.country},${c.region},`) && l.includes(`,${c.year},${c.metric},`) && l.includes(`,${c.sourceTerm},${c.to},`));
      expect(row, `${c.country} ${c.region} ${c.year} ${c.metric} ${c.source}`).toBeDefined();
      expect(row).toContain(`vintage corrected from ${c.from} to ${c.to}`);
    }
  });

  it("a store seeded with the old vintage keeps one row, at the corrected vintage, and logs the deletion with the reason", async () => {
    // The seed as it was: Peru 2015 from UNODC/DEVIDA's 2016 survey dated 2016.
    const lines = readFileSync(SEED_FIGURES_PATH, "utf8").split("\n");
    const old = lines.map((l) =>
      l.startsWith("PER,national,national,2015,cultivation_ha,40300,") ? l.replace(",coca_cultivation,2017,", ",coca_cultivation,2016,") : l,
    );
    const oldSeed = join(dir, "old-seed.csv");
    writeFileSync(oldSeed, old.join("\n"));
    await ensureSeeded(store, { path: oldSeed, maxYear: 2026 });
    const filter = { country: "PER", year: 2015, metric: "cultivation_ha", source: "UNODC", allVintages: true };
    expect((await store.figures.list(filter)).map((f) => f.published)).toEqual(["2016"]);

    expect((await ensureSeeded(store, { maxYear: 2026 })).loaded).toBe(true);
    expect((await store.figures.list(filter)).map((f) => f.published)).toEqual(["2017"]);
    const deletions = await store.figures.deletions();
    expect(deletions).toHaveLength(1);
    expect(deletions[0]!.figure).toMatchObject({ country: "PER", year: 2015, value: 40300, published: "2016" });
    expect(deletions[0]!.reason).toMatch(/^vintage correction \(data\/vintage-corrections\.json\): published 2016 -> 2017: .*survey for 2016/);
  });
});
