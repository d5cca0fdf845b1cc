/**
 * @module cli/context
 * What every command gets: the store (opened lazily from --db / COCA_DB).
 */
import type { Command } from "commander";
import type { Store } from "../store/store.ts";
import { describeStoreLocation, openStore, resolveStoreLocation, type StoreLocation } from "../store/open-store.ts";

export interface CliContext {
  /** Open the store selected by the global `--db` option or `COCA_DB` (one per process). */
  openStore(): Promise<Store>;
  /** Where `openStore` opens: the SQLite file path, or the PostgreSQL URL without its password. */
  storePath(): string;
  /** The parsed `--db` / `COCA_DB` location (the queue defaults to a PostgreSQL store's database). */
  storeLocation(): StoreLocation;
  /** Close the store if a command opened it. */
  close(): Promise<void>;
}

export function createContext(program: Command): CliContext {
  let store: Promise<Store> | undefined;
  const location = () => resolveStoreLocation(program.opts<{ db?: string }>().db);
  return {
    storePath: () => describeStoreLocation(location()),
    storeLocation: location,
    openStore() {
      store ??= Promise.resolve().then(() => openStore(location()));
      return store;
    },
    async close() {
      if (!store) return;
      const s = await store.catch(() => undefined);
      store = undefined;
      await s?.close();
    },
  };
}
