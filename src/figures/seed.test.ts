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
      expect(seed).toEqual(reference);
      const rows = readFileSync(referenceCsv, "utf8").trim().split(/\r?\n/).length - 1;
      expect(seed).toHaveLength(rows);
    });
  });
});
