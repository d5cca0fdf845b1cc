/**
 * The seeded demo survey's stored numbers against a golden file (test/golden/demo-survey.json):
 * the results JSON, the estimate rows, the fields (count, total area, a checksum of the stored rows),
 * the production summary and the sample's checksum. Any change in what the demo stores shows here,
 * to the last digit.
 *
 * When a change of the numbers is intended (e.g. a new random stream), rewrite the golden file with
 *   REGEN=1 npx vitest run test/survey/golden.test.ts
 * and say in the commit message why the numbers changed.
 */
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import { runDemoSurvey } from "../../src/survey/demo.ts";
import { sha256 } from "../../src/io/checksum.ts";

const GOLDEN = join(import.meta.dirname, "..", "golden", "demo-survey.json");
/** A small, fast configuration of the demo (the defaults take about a minute). */
const DEMO = { seed: 2024, sizePx: 256, n: 240, draws: 20_000 } as const;

describe("demo survey golden file", () => {
  it("stores the same numbers as test/golden/demo-survey.json (REGEN=1 rewrites it)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coca-golden-"));
    const store = await openSqliteStore(":memory:");
    try {
      const run = await runDemoSurvey({ store, outDir: dir, ...DEMO });
      const s = (await store.surveys.get(run.surveyId))!;
      const page = await store.surveys.fields(run.surveyId, { limit: 1_000_000, offset: 0 });
      const sample = await store.surveys.artifact(run.surveyId, "sample.csv");
      const stored = JSON.parse(
        JSON.stringify({
          demo: DEMO,
          results: s.results,
          estimates: s.estimates,
          fields: {
            count: s.fieldCount,
            totalAreaHa: page.fields.reduce((a, f) => a + f.areaHa, 0),
            sha256: sha256(new TextEncoder().encode(JSON.stringify(page.fields))),
          },
          production: s.results.production,
          sampleCsvSha256: sample?.sha256 ?? null,
        }),
      ) as unknown;
      // The error matrix is stored with the SE of every cell.
      const acc = s.results.accuracy;
      expect(acc.errorMatrixProportionsSe).toHaveLength(acc.classes.length);
      expect(acc.errorMatrixProportionsSe!.every((row) => row.length === acc.classes.length && row.every((v) => v >= 0))).toBe(true);
      if (process.env.REGEN === "1") {
        writeFileSync(GOLDEN, `${JSON.stringify(stored, null, 1)}\n`);
        console.info(`REGEN=1: rewrote ${GOLDEN}`);
        return;
      }
      const golden = JSON.parse(readFileSync(GOLDEN, "utf8")) as unknown;
      expect(stored).toEqual(golden);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
