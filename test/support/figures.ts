/**
 * A complete official figure for tests: Bolivia, national, 2017, UNODC cultivation, 1 ha;
 * override what the test is about.
 */
import type { Figure } from "../../src/domain/figure.ts";

export function fig(over: Partial<Figure>): Figure {
  return {
    country: "BOL",
    region: "national",
    regionKind: "national",
    year: 2017,
    metric: "cultivation_ha",
    value: 1,
    unit: "ha",
    source: "UNODC",
    sourceFamily: "UN",
    sourceTerm: "coca_cultivation",
    published: "2018",
    publicationTitle: "t",
    citation: "c",
    citationKind: "producer",
    notes: "",
    ...over,
  };
}
