import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readResults, renderTable, replaceSection } from "../../bench/table.ts";
import { writeBenchResult } from "../../bench/support/result.ts";

describe("README's benchmark table", () => {
  it("is the table generated from bench/results (run `npm run bench:table` after a benchmark)", () => {
    const readme = readFileSync("README.md", "utf8");
    expect(replaceSection(readme, renderTable(readResults("bench/results")))).toBe(readme);
  });

  it("renders a written row with its ratios, goal and load average", () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-results-"));
    try {
      writeBenchResult(
        {
          id: "demo-case",
          title: "demo | case",
          source: "bench/demo.bench.ts",
          ours: { label: "coca", cpuMs: 900, wallMs: 12_500, runs: 3 },
          peer: { label: "gdal", cpuMs: 1_800 },
          ratio: { cpu: 2 },
          goal: ">= 1.0x CPU",
          met: true,
          loadavg: [0.5, 0.25, 0.1],
          date: "2026-12-01T12:00Z",
        },
        dir,
      );
      const table = renderTable(readResults(dir));
      expect(table).toContain("demo \\| case");
      expect(table).toContain("coca: CPU 900 ms, wall 12.5 s, median of 3");
      expect(table).toContain("| 2.00x | n/a | >= 1.0x CPU (met) | 0.5 / 0.3 / 0.1, 2026-12-01T12:00Z |");
      expect(() => writeBenchResult({ id: "Bad Id", title: "", source: "", ours: { label: "" }, goal: "" }, dir)).toThrow(/bench result id/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
