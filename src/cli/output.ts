/**
 * @module cli/output
 * Printing results: JSON for machines (`--json`), aligned tables for people.
 */

/** Print `data` as JSON (2-space indented) on stdout. */
export function printJson(data: unknown): void {
  process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
}

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | null | undefined;
  align?: "left" | "right";
}

/** Render rows as a plain-text table with a header line. Missing values print as "—". */
export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((r) =>
    columns.map((c) => {
      const v = c.value(r);
      return v === null || v === undefined || (typeof v === "number" && Number.isNaN(v)) ? "—" : String(v);
    }),
  );
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => row[i]!.length)));
  const pad = (s: string, i: number): string => (columns[i]!.align === "right" ? s.padStart(widths[i]!) : s.padEnd(widths[i]!));
  const lines = [columns.map((c, i) => pad(c.header, i)).join("  "), widths.map((w) => "-".repeat(w)).join("  ")];
  for (const row of cells)
    lines.push(
      row
        .map((s, i) => pad(s, i))
        .join("  ")
        .trimEnd(),
    );
  return `${lines.join("\n")}\n`;
}

/** Format a number with thousands separators and at most `digits` decimals. */
export function fmt(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}
