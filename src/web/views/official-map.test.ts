import { describe, expect, it } from "vitest";
import type { Figure } from "../types.ts";
import { officialChoices, officialRegions, type BoundaryFeature } from "./official-map.ts";

const dept = (name: string, iso2: string): BoundaryFeature => ({ type: "Feature", geometry: null, properties: { name, iso2, level: "department" } });
const fig = (over: Partial<Figure>): Figure =>
  ({
    country: "PER",
    region: "Cusco",
    regionKind: "department",
    year: 2021,
    metric: "cultivation_ha",
    value: 100,
    unit: "ha",
    source: "DEVIDA",
    sourceFamily: "national",
    sourceTerm: "x",
    published: "2022",
    publicationTitle: "t",
    citation: "c1",
    citationKind: "producer",
    notes: "",
    ...over,
  }) as Figure;

describe("official figures on the map", () => {
  const boundaries = [dept("Cusco", "PE-CUS"), dept("Huánuco", "PE-HUC"), dept("La Paz", "BO-L"), dept("Cochabamba", "BO-C")];

  it("matches departments by name without accents, keeps the latest vintage, lists the unmatched", () => {
    const { regions, unmatched } = officialRegions(
      [
        fig({ value: 90, published: "2021" }),
        fig({ value: 100, published: "2022" }),
        fig({ region: "Huanuco", value: 40 }),
        fig({ region: "Narnia", value: 5 }),
      ],
      boundaries,
      { country: "PER", source: "DEVIDA", year: 2021 },
    );
    expect(regions.map((r) => [r.department, r.valueHa])).toEqual([
      ["Cusco", 100],
      ["Huánuco", 40],
    ]);
    expect(unmatched).toEqual(["Narnia"]);
  });

  it("draws zones on the department they name, leaving out parts in parentheses", () => {
    const bo = (region: string, value: number): Figure => fig({ country: "BOL", source: "UNODC", regionKind: "zone", region, value, year: 2020 });
    const { regions } = officialRegions(
      [bo("Yungas de La Paz", 20_000), bo("Norte de La Paz", 1_000), bo("Apolo (Norte de La Paz)", 300), bo("Tropico de Cochabamba", 9_000)],
      boundaries,
      { country: "BOL", source: "UNODC", year: 2020 },
    );
    expect(regions.map((r) => [r.department, r.valueHa, r.parts.length])).toEqual([
      ["La Paz", 21_000, 2],
      ["Cochabamba", 9_000, 1],
    ]);
    expect(officialChoices([bo("Yungas de La Paz", 1), fig({})], 2020)).toEqual([{ country: "BOL", source: "UNODC" }]);
  });

  it("draws UNODC Colombia's departments, and a region named after its departments on their union; lists the rest with values", () => {
    const co = [dept("Meta", "CO-MET"), dept("Guaviare", "CO-GUV"), dept("Putumayo", "CO-PUT"), dept("Caquetá", "CO-CAQ"), dept("Nariño", "CO-NAR")];
    const col = (region: string, regionKind: Figure["regionKind"], value: number, year: number): Figure =>
      fig({ country: "COL", source: "UNODC", region, regionKind, value, year, citation: `c${year}` });
    const y2005 = officialRegions(
      [
        col("Meta-Guaviare region", "region", 25_970, 2005),
        col("Putumayo-Caqueta region", "region", 13_950, 2005),
        col("Pacific region", "region", 17_650, 2005),
        col("Elsewhere", "region", 12_570, 2005),
      ],
      co,
      { country: "COL", source: "UNODC", year: 2005 },
    );
    expect(y2005.regions.map((r) => [r.department, r.members, r.valueHa])).toEqual([
      ["Meta-Guaviare region", ["CO-MET", "CO-GUV"], 25_970],
      ["Putumayo-Caqueta region", ["CO-PUT", "CO-CAQ"], 13_950],
    ]);
    expect(y2005.unmatchedFigures).toEqual([
      { region: "Pacific region", valueHa: 17_650, citation: "c2005" },
      { region: "Elsewhere", valueHa: 12_570, citation: "c2005" },
    ]);
    const y2015 = officialRegions([col("Narino", "department", 29_755, 2015), col("Putumayo", "department", 20_086, 2015)], co, {
      country: "COL",
      source: "UNODC",
      year: 2015,
    });
    expect(y2015.regions.map((r) => [r.department, r.members, r.valueHa])).toEqual([
      ["Nariño", ["CO-NAR"], 29_755],
      ["Putumayo", ["CO-PUT"], 20_086],
    ]);
  });
});
