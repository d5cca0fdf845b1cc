/**
 * @module area/csv
 * The area commands read and write CSV with the project's one dialect, `io/csv.ts`; this file only
 * re-exports it for modules that still import it from here (sample-points.ts).
 */
export { csvLine, numberCell, parseCsvTable, requireColumns, type CsvRow, type CsvTable } from "../io/csv.ts";
