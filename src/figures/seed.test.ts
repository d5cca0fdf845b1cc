import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { hasShared, sharedPath } from "../../test/support/shared.ts";
import { citationsOf } from "../domain/figure.ts";
import { parseFigureFile } from "./figure-file.ts";
import { SEED_FIGURES_PATH } from "./seed.ts";

const referenceCsv = sharedPath("reference", "official-figures.csv");
const hasReference = hasShared("the seed-vs-reference check", referenceCsv);

describe("data/official-figures.csv", () => {
  const seed = parseFigureFile(readFileSync(SEED_FIGURES_PATH), { file: SEED_FIGURES_PATH, maxYear: 2100 }).figures;

  it("is valid, has a citation on every figure and keeps each source's own metric term", () => {
    expect(seed).toHaveLength(464);
    for (const f of seed) {
      expect(f.citation.length).toBeGreaterThan(10);
      expect(f.sourceTerm).not.toBe("");
      expect(f.sourceRaw).not.toBe("");
    }
    expect(new Set(seed.map((f) => f.country))).toEqual(new Set(["AND", "BOL", "COL", "PER"]));
  });

  it("cites DEVIDA's own 2022 report where the stored public pages have it, and says where they do not", () => {
    const devida = seed.filter((f) => f.source === "DEVIDA" && f.year >= 2018);
    for (const f of devida) {
      const kinds = citationsOf(f).map((c) => c.citationKind);
      const found = kinds.includes("producer") || kinds.includes("repost");
      if (!found) expect(f.notes, `${f.region} ${f.year} published ${f.published}`).toMatch(/no DEVIDA-hosted document .* stored public pages/);
    }
    const report = devida.filter((f) => f.published === "2023-06-26");
    expect(report.length).toBe(13 * 5 + 3);
    for (const f of report) {
      expect(f.citationKind).toBe("repost");
      expect(f.citation).toMatch(/^DEVIDA, Peru\. Monitoreo de cultivos de coca 2022 .*scribd\.com/);
      expect(f.additionalCitations?.map((c) => c.citationKind)).toEqual(["secondary"]);
    }
    // The transcription stays, as a secondary citation.
    expect(devida.filter((f) => f.published === "2024" || f.published === "2025").every((f) => f.citationKind === "secondary")).toBe(true);
  });

  describe.skipIf(!hasReference)("against ../shared/reference/official-figures.csv", () => {
    it("carries every row of the reference file, normalised, in the same order", () => {
      const reference = parseFigureFile(readFileSync(referenceCsv), { file: referenceCsv, maxYear: 2100 }).figures;
      // Vintages checked against the publications cited: a corrected one says so in its notes
      // ("vintage corrected from 2016 to 2017: ..."); everything else is the reference's row.
      // Figures the seed adds (DEVIDA's 2022 report and first publications found later) say so in their notes;
      // DEVIDA's rows say in their notes where their documents were searched for; further citations are the seed's.
      const carried = seed.filter((f) => !/^added, not in the reference file/.test(f.notes));
      const corrected = carried.map((f, i) => {
        const ref = reference[i]!;
        const m = /vintage corrected from (\d{4}) to (\d{4}): [^;]+/.exec(f.notes ?? "");
        const { additionalCitations: _extra, ...own } = f;
        if (m) {
          expect(ref.published, `${f.country} ${f.year} ${f.metric} ${f.source}`).toBe(m[1]);
          expect(f.published).toBe(m[2]);
        }
        return { ...own, citationKind: ref.citationKind, published: ref.published, notes: f.source === "DEVIDA" || m ? ref.notes : own.notes };
      });
      expect(corrected).toEqual(reference.map((f) => ({ ...f, citationKind: f.citationKind })));
      expect(seed.filter((f) => /vintage corrected/.test(f.notes ?? "")).map((f) => `${f.country} ${f.year} ${f.metric} ${f.source} ${f.published}`)).toEqual([
        "BOL 2013 cultivation_ha UNODC 2014",
        "BOL 2015 cultivation_ha UNODC 2016",
        "PER 2024 cultivation_ha DEVIDA 2025",
        "PER 2015 cultivation_ha UNODC 2017",
        "PER 2016 cultivation_ha UNODC 2017",
        "PER 2015 eradication_ha Government of Peru 2017",
        "PER 2016 eradication_ha Government of Peru 2017",
        "PER 2015 leaf_t UNODC 2017",
        "PER 2016 leaf_t UNODC 2017",
        "PER 2015 leaf_yield_kg_ha UNODC 2017",
        "PER 2016 leaf_yield_kg_ha UNODC 2017",
        ...Array.from({ length: 14 }, () => expect.stringMatching(/^PER 2024 cultivation_ha DEVIDA 2025$/)),
      ]);
      const rows = readFileSync(referenceCsv, "utf8").trim().split(/\r?\n/).length - 1;
      expect(carried).toHaveLength(rows);
    });
  });
});
