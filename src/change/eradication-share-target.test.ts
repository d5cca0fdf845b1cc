import { describe, expect, it } from "vitest";
import type { Figure } from "../domain/figure.ts";
import { peruHalfBy2021, trackShareTarget } from "./eradication-share-target.ts";

const fig = (year: number, metric: Figure["metric"], value: number, source: string): Figure => ({
  country: "PER",
  region: "national",
  regionKind: "national",
  year,
  metric,
  value,
  unit: "ha",
  source,
  sourceFamily: "national",
  sourceTerm: metric,
  published: String(year + 1),
  publicationTitle: "",
  citation: "test",
  citationKind: "producer",
  notes: "",
});

describe("share-of-crop eradication target", () => {
  it("computes the eradicated share of the gross and the year-end crop per source, and the status in the target period", () => {
    const rows = trackShareTarget(
      peruHalfBy2021(),
      [
        fig(2019, "cultivation_ha", 50000, "DEVIDA"),
        fig(2019, "eradication_ha", 25000, "CORAH"),
        fig(2020, "cultivation_ha", 40000, "DEVIDA"),
        fig(2020, "eradication_ha", 50000, "CORAH"),
        fig(2016, "cultivation_ha", 44000, "ONDCP"),
      ],
      {
        extra: [{ source: "recorded", haByYear: new Map([[2020, 1000]]) }],
      },
    );
    const r2019 = rows.find((r) => r.year === 2019 && r.eradicationSource === "CORAH")!;
    expect(r2019.shareOfGrossCrop).toBeCloseTo(25000 / 75000, 12);
    expect(r2019.shareOfYearEndCrop).toBeCloseTo(0.5, 12);
    expect(r2019.status).toBe("short");
    expect(rows.find((r) => r.year === 2020 && r.eradicationSource === "CORAH")!.status).toBe("met");
    expect(rows.find((r) => r.year === 2020 && r.eradicationSource === "recorded")!.eradicationHa).toBe(1000);
    expect(rows.find((r) => r.year === 2019 && r.eradicationSource === "recorded")!.status).toBe("no eradication figure");
    expect(rows.find((r) => r.year === 2016)!.status).toBe("outside target period");
    expect(peruHalfBy2021().citation).toMatch(/World Politics Review, 9 November 2018/);
  });
});
