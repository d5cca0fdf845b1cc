/**
 * @module cli/context
 * What every command gets: the store (opened lazily from --db / COCA_DB).
 */
import type { Command } from "commander";
import type { Store } from "../store/store.ts";
import { openSqliteStore, resolveStorePath } from "../store/sqlite-store.ts";

export interface CliContext {
  /** Open the store selected by the global `--db` option or `COCA_DB` (one per process). */
  openStore(): Promise<Store>;
  /** The store path that `openStore` uses. */
  storePath(): string;
  /** Close the store if a command opened it. */
  close(): Promise<void>;
}

export function createContext(program: Command): CliContext {
  let store: Promise<Store> | undefined;
  const storePath = (): string => resolveStorePath(program.opts<{ db?: string }>().db);
  return {
    storePath,
    openStore() {
      store ??= openSqliteStore(storePath());
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
