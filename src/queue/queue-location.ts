/**
 * @module queue/queue-location
 * Which PostgreSQL holds the tile queue: `--queue URL`, then `COCA_QUEUE`, then the store itself when the
 * store is PostgreSQL (one service for store and queue). SQLite cannot hold the queue.
 */
import { InputError } from "../domain/errors.ts";
import { parseStoreLocation, type StoreLocation } from "../store/open-store.ts";

/** The queue's postgres:// URL. @throws InputError when none is given or it is not a postgres URL. */
export function resolveQueueUrl(explicit: string | undefined, env: NodeJS.ProcessEnv, store: () => StoreLocation): string {
  const [raw, from] = explicit ? [explicit, "--queue"] : env.COCA_QUEUE ? [env.COCA_QUEUE, "COCA_QUEUE"] : [undefined, "--queue"];
  if (raw === undefined) {
    const s = store();
    if (s.kind === "postgres") return s.url;
    throw new InputError("the tile queue needs PostgreSQL: give --queue postgres://... (or COCA_QUEUE), or use a postgres:// store (--db / COCA_DB)", {
      field: "--queue",
    });
  }
  const parsed = parseStoreLocation(raw, from);
  if (parsed.kind !== "postgres") throw new InputError(`${from} must be a postgres:// URL (the tile queue lives in PostgreSQL), got '${raw}'`, { field: from });
  return parsed.url;
}
