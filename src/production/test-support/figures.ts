/**
 * @module production/test-support/figures
 * Builders of Figure objects for the production tests, with numbers copied from
 * ../shared/reference/official-figures.csv (the registry's seed data), so the core can be tested
 * without the store.
 */
import { METRIC_UNITS, type Figure, type Metric } from "../../domain/figure.ts";

const FAMILY: Record<string, Figure["sourceFamily"]> = {
  UNODC: "UN",
  DEVIDA: "national",
  ONDCP: "US",
  "USG (INCSR)": "US",
};

/** One national (or regional) figure. */
export function fig(
  country: string,
  year: number,
  source: string,
  metric: Metric,
  value: number,
  {
    region = "national",
    published = String(year + 1),
    citation = `[TEST] ${source} ${country} ${year}`,
  }: { region?: string; published?: string; citation?: string } = {},
): Figure {
  return {
    country,
    region,
    regionKind: region === "national" ? "national" : "region",
    year,
    metric,
    value,
    unit: METRIC_UNITS[metric],
    source,
    sourceFamily: FAMILY[source] ?? "national",
    sourceTerm: metric,
    published,
    publicationTitle: "",
    citation,
    citationKind: "secondary",
    notes: "",
  };
}

/** Colombia: ONDCP and UNODC area and cocaine, 2017-2021 (CSV rows [STAR19] [REUT21] [WH2021] [WH2022] [ABC18] [CPEACE20] [REGION20] [BLOOM22]). */
export function colombiaFigures(): Figure[] {
  const us: [number, number, number][] = [
    [2017, 209_000, 900],
    [2018, 208_000, 887],
    [2019, 212_000, 936],
    [2020, 245_000, 1_010],
    [2021, 234_000, 972],
  ];
  const un: [number, number, number][] = [
    [2017, 171_000, 1_379],
    [2018, 169_000, 1_120],
    [2019, 154_000, 1_137],
    [2020, 143_000, 1_228],
    [2021, 204_000, 1_400],
  ];
  return [
    ...us.flatMap(([y, a, c]) => [fig("COL", y, "ONDCP", "cultivation_ha", a), fig("COL", y, "ONDCP", "cocaine_t", c)]),
    ...un.flatMap(([y, a, c]) => [fig("COL", y, "UNODC", "cultivation_ha", a), fig("COL", y, "UNODC", "cocaine_t", c)]),
  ];
}

/** Peru cultivation: UNODC 2004-2017 (gaps as in the CSV) and DEVIDA 2017-2024. */
export function peruCultivation(): Figure[] {
  const unodc: [number, number][] = [
    [1999, 38_700],
    [2004, 50_300],
    [2005, 48_200],
    [2007, 53_700],
    [2008, 56_100],
    [2009, 59_900],
    [2010, 61_200],
    [2011, 62_500],
    [2012, 60_400],
    [2013, 49_800],
    [2014, 42_900],
    [2015, 40_300],
    [2016, 43_900],
    [2017, 49_900],
  ];
  const devida: [number, number][] = [
    [2017, 49_900],
    [2018, 54_134],
    [2019, 54_655],
    [2020, 61_777],
    [2021, 80_681],
    [2022, 95_008],
    [2023, 92_784],
    [2024, 89_755],
  ];
  return [...unodc.map(([y, v]) => fig("PER", y, "UNODC", "cultivation_ha", v)), ...devida.map(([y, v]) => fig("PER", y, "DEVIDA", "cultivation_ha", v))];
}
