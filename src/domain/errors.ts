/**
 * @module domain/errors
 * The few error classes of Coca Monitor. Each shell maps them in one place:
 * `cli/main.ts` to exit codes, `api/error-handler.ts` to HTTP statuses.
 */

/** The caller's input is wrong (bad flag, malformed CSV row, invalid config): exit 2 / HTTP 400. */
export class InputError extends Error {
  override name = "InputError";
  /** Optional pointer to the field or line at fault (e.g. "line 7: value", "design.n"). */
  readonly field?: string;
  constructor(message: string, options?: { cause?: unknown; field?: string }) {
    super(message, options);
    this.field = options?.field;
  }
}

/** A data file cannot be used (corrupt TIFF, unknown CRS, grids that do not line up): exit 3 / HTTP 422. */
export class DataError extends Error {
  override name = "DataError";
}

/** A requested thing does not exist (survey id, model file): exit 4 / HTTP 404. */
export class NotFoundError extends Error {
  override name = "NotFoundError";
}

/** The store refuses the operation (store newer than the code, conflicting write): exit 5 / HTTP 409. */
export class ConflictError extends Error {
  override name = "ConflictError";
}

/** Exit code for an error, used by the CLI. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof InputError) return 2;
  if (error instanceof DataError) return 3;
  if (error instanceof NotFoundError) return 4;
  if (error instanceof ConflictError) return 5;
  return 1;
}
