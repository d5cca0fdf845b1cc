import { describe, expect, it } from "vitest";
import { InputError } from "./errors.ts";
import { ANDEAN_REGION, countryName, normalizeCountry, parseCountry } from "./country.ts";

describe("normalizeCountry", () => {
  it("accepts alpha-2, alpha-3 and names in any case and prints alpha-3", () => {
    for (const text of ["PE", "pe", "PER", "per", "Peru", "PERU", "Perú", " peru "]) expect(normalizeCountry(text)).toBe("PER");
    for (const text of ["BO", "bol", "Bolivia", "Plurinational State of Bolivia", "Bolivia, Plurinational State of"]) {
      expect(normalizeCountry(text)).toBe("BOL");
    }
    expect(normalizeCountry("co")).toBe("COL");
    expect(normalizeCountry("United States")).toBe("USA");
  });

  it("maps the Andean-region total to the non-ISO code AND", () => {
    expect(normalizeCountry("Andean region")).toBe(ANDEAN_REGION);
    expect(normalizeCountry("AND")).toBe("AND");
    expect(countryName("AND")).toBe("Andean region");
  });

  it("refuses unknown countries with an InputError naming the value", () => {
    expect(parseCountry("Atlantis")).toBeUndefined();
    expect(() => normalizeCountry("Atlantis")).toThrow(InputError);
    expect(() => normalizeCountry("XX")).toThrow(/unknown country 'XX'/);
  });

  it("gives readable names", () => {
    expect(countryName("BOL")).toBe("Bolivia");
    expect(countryName("PER")).toBe("Peru");
  });
});
