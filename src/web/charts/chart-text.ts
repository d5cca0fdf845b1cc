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
