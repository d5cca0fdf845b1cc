import { describe, expect, it } from "vitest";
import { surveyHeadline } from "../../src/survey/headline.ts";

describe("survey headline", () => {
  const base = { areaHa: 1180.4, areaSeHa: 60, areaCiHa: [1070.2, 1301.9] as [number, number], mapAreaHa: 1500, confidence: 0.95, z: 1.96 };
  const cocaineT = { mean: 12.34, ci90: [10.1, 14.6] as [number, number] };

  it("says what the estimator targets under simulated interpreter error and what the map's commission is made of", () => {
    const text = surveyHeadline({
      simulated: true,
      country: "PER",
      year: 2024,
      targetClass: "coca",
      production: { cocaineT, parameterSet: "p" },
      total: {
        ...base,
        trueAreaHa: 1109,
        labelledTargetHa: 1159.2,
        interpreterErrorRate: 0.03,
        legendClasses: 8,
        mappedByTrueClass: [
          { className: "coca", areaHa: 375, shareOfMapped: 0.25 },
          { className: "other crops", areaHa: 750, shareOfMapped: 0.5 },
          { className: "pasture", areaHa: 370, shareOfMapped: 0.2467 },
          { className: "water", areaHa: 5, shareOfMapped: 0.0033 },
        ],
      },
    });
    expect(text).toBe(
      "[SIMULATED] Coca in the demo region: 1,180 ha (95% CI 1,070-1,302); the map alone counts 1,500 ha; the true simulated area is 1,109 ha (cloud-free part of the scene), " +
        "but with 3% random interpreter error over 8 classes the estimator targets 1,159 ha, the area the simulated interpreters would label coca; " +
        "of the 1,500 ha the map calls coca, 25% is coca on the ground and the commission is 50% other crops, 25% pasture. " +
        "Potential pure cocaine: 12.3 t (90% interval 10.1-14.6 t; parameters p).",
    );
  });

  it("keeps the real survey's sentence unchanged", () => {
    expect(
      surveyHeadline({ simulated: false, country: "PER", year: 2024, targetClass: "coca", production: { cocaineT, parameterSet: "p" }, total: base }),
    ).toBe(
      "Coca in the survey area (PER 2024): 1,180 ha (95% CI 1,070-1,302); the map alone counts 1,500 ha. Potential pure cocaine: 12.3 t (90% interval 10.1-14.6 t; parameters p).",
    );
  });

  it("names the target class, and says nothing of cocaine without a production stage", () => {
    const text = surveyHeadline({ simulated: false, country: "COL", year: 2024, targetClass: "oil palm", production: null, total: base });
    expect(text).toBe("Oil palm in the survey area (COL 2024): 1,180 ha (95% CI 1,070-1,302); the map alone counts 1,500 ha.");
    expect(text).not.toMatch(/coca|cocaine/i);
    const coca = surveyHeadline({ simulated: false, country: "PER", year: 2024, targetClass: "coca", production: null, total: base });
    expect(coca).toBe("Coca in the survey area (PER 2024): 1,180 ha (95% CI 1,070-1,302); the map alone counts 1,500 ha.");
  });
});
