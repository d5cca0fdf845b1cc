import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { hasShared, sharedPath } from "../../test/support/shared.ts";
import { parseFigureFile } from "./figure-file.ts";
import { SEED_FIGURES_PATH } from "./seed.ts";

const referenceCsv = sharedPath("reference", "official-figures.csv");
const hasReference = hasShared("the seed-vs-reference check", referenceCsv);

describe("data/official-figures.csv", () => {
  const seed = parseFigureFile(readFileSync(SEED_FIGURES_PATH), { file: SEED_FIGURES_PATH, maxYear: 2100 }).figures;

  it("is valid, has a citation on every figure and keeps each source's own metric term", () => {
    expect(seed).toHaveLength(394);
    for (const f of seed) {
      expect(f.citation.length).toBeGreaterThan(10);
      expect(f.sourceTerm).not.toBe("");
      expect(f.sourceRaw).not.toBe("");
    }
    expect(new Set(seed.map((f) => f.country))).toEqual(new Set(["AND", "BOL", "COL", "PER"]));
  });

  describe.skipIf(!hasReference)("against ../shared/reference/official-figures.csv", () => {
    it("carries every row of the reference file, normalised, in the same order", () => {
      const reference = parseFigureFile(readFileSync(referenceCsv), { file: referenceCsv, maxYear: 2100 }).figures;
      // Vintages checked against the publications cited: a corrected one says so in its notes
      // ("vintage corrected from 2016 to 2017: ..."); everything else is the reference's row.
      const corrected = seed.map((f, i) => {
        const m = /vintage corrected from (\d{4}) to (\d{4}): [^;]+/.exec(f.notes ?? "");
        if (!m) return f;
        const ref = reference[i]!;
        expect(ref.published, `${f.country} ${f.year} ${f.metric} ${f.source}`).toBe(m[1]);
        expect(f.published).toBe(m[2]);
        return { ...f, published: ref.published, notes: ref.notes };
      });
      expect(corrected).toEqual(reference);
      expect(seed.filter((f) => /vintage corrected/.test(f.notes ?? "")).map((f) => `${f.country} ${f.year} ${f.metric} ${f.source} ${f.published}`)).toEqual([
        "PER 2016 cultivation_ha UNODC 2017",
        "PER 2016 leaf_t UNODC 2017",
        "PER 2016 leaf_yield_kg_ha UNODC 2017",
      ]);
      const rows = readFileSync(referenceCsv, "utf8").trim().split(/\r?\n/).length - 1;
      expect(seed).toHaveLength(rows);
    });
  });
});
