/**
 * @module web/charts/chart-text
 * What a chart function needs to label itself in the reader's language: the words (already
 * translated by the caller) and the number formatter of the locale. Chart functions take this
 * instead of reading the dashboard's i18n, so that the annual report (src/report) draws the same
 * charts from its own texts.
 */
export interface ChartFormat {
  /** A number in the locale, at most `digits` decimals; "—" for missing. */
  number(value: number | null | undefined, digits?: number): string;
  /** A quantity with its unit: "22 000 ha". */
  qty(value: number | null | undefined, unit: string, digits?: number): string;
}

/** A formatter for a BCP 47 locale (es-PE, en-GB), the dashboard's and the report's rules. */
export function chartFormat(locale: string): ChartFormat {
  const number = (value: number | null | undefined, digits = 0): string =>
    value === null || value === undefined || !Number.isFinite(value) ? "—" : new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
  return {
    number,
    qty: (value, unit, digits = 0) => (value === null || value === undefined || !Number.isFinite(value) ? "—" : `${number(value, digits)} ${unit}`),
  };
}

/** The project's land-cover class names (domain/class-legend LAND_COVER_COLORS) in both languages, for the dashboard and the report. */
export const LAND_COVER_NAMES: Record<string, Record<"es" | "en", string>> = {
  "primary forest": { es: "bosque primario", en: "primary forest" },
  "secondary regrowth": { es: "bosque secundario", en: "secondary regrowth" },
  forest: { es: "bosque", en: "forest" },
  pasture: { es: "pastos", en: "pasture" },
  "other crops": { es: "otros cultivos", en: "other crops" },
  coca: { es: "coca", en: "coca" },
  "bare soil and roads": { es: "suelo desnudo y caminos", en: "bare soil and roads" },
  settlement: { es: "asentamientos", en: "settlement" },
  water: { es: "agua", en: "water" },
  "non-coca": { es: "no coca", en: "non-coca" },
  other: { es: "otros", en: "other" },
};

/** A class name in a language (unknown names as they are); a transition "a -> b" has both sides translated. */
export function landCoverName(name: string, lang: "es" | "en"): string {
  const parts = name.split(" -> ");
  if (parts.length === 2) return parts.map((p) => LAND_COVER_NAMES[p]?.[lang] ?? p).join(" → ");
  return LAND_COVER_NAMES[name]?.[lang] ?? name;
}
