/** `coca change target`: Peru's 50%-by-2021 target against the seeded registry, with recorded eradication. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCocaInProcess } from "../support/cli.ts";

describe("coca change target", () => {
  const dir = mkdtempSync(join(tmpdir(), "coca-change-target-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("tracks the registry's DEVIDA and US cultivation against eradication, with recorded eradication beside it", async () => {
    writeFileSync(
      join(dir, "e.csv"),
      "id,lon,lat,date,kind,area_ha,source\na,-74.1,-12.4,2019-03-01,forced,20000,test\nb,-74.1,-12.4,2019-06-01,forced,7000,test\n",
    );
    const run = await runCocaInProcess("--db", join(dir, "coca.db"), "change", "target", "--records", join(dir, "e.csv"), "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      rows: {
        year: number;
        cultivationSource: string;
        eradicationSource: string;
        cultivationHa: number;
        eradicationHa: number | null;
        shareOfGrossCrop: number | null;
        status: string;
      }[];
    };
    const devida2019 = out.rows.find((r) => r.year === 2019 && r.cultivationSource === "DEVIDA" && r.eradicationSource.startsWith("recorded"))!;
    expect(devida2019.eradicationHa).toBe(27000);
    expect(devida2019.shareOfGrossCrop).toBeCloseTo(27000 / (devida2019.cultivationHa + 27000), 12);
    expect(devida2019.status).toBe("short");
    // The registry's Peruvian eradication: 30,151 ha in 2016 (CORAH via UNODC), before the target period.
    expect(out.rows.find((r) => r.year === 2016 && r.eradicationHa === 30151)?.status).toBe("outside target period");
    expect(out.rows.some((r) => r.cultivationSource === "ONDCP" && r.year === 2020)).toBe(true);
  });
});
