/**
 * @module store/batches
 * Rows in slices for multi-row INSERTs (and IN lists): SQLite caps the variables of one statement, and a statement of
 * thousands of rows costs more than a few of hundreds.
 */

/** How many rows one INSERT takes. */
export const INSERT_BATCH = 200;

/** `rows` in consecutive slices of at most `size` (none for no rows). */
export function* batches<T>(rows: readonly T[], size = INSERT_BATCH): Generator<readonly T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}
