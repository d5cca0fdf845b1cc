/**
 * @module web/views/interpret-io
 * What the Interpret views share at their edge: API calls with the stored token, image chips fetched
 * once per unit, composite and date (object URLs), and the offline queue in local storage.
 */
import { storedToken } from "../api-client.ts";
import type { PendingLabel } from "./interpret-model.ts";

export async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = storedToken();
  if (token) headers.set("authorization", `Bearer ${token}`);
  return fetch(path, { ...init, headers });
}

const chipCache = new Map<string, Promise<string | null>>();

/** An object URL of the chip at `path` (fetched with the token, once), or null when the server has none. */
export function chipUrlAt(path: string): Promise<string | null> {
  let hit = chipCache.get(path);
  if (!hit) {
    hit = api(path)
      .then(async (r) => (r.ok ? URL.createObjectURL(await r.blob()) : null))
      .catch(() => null);
    chipCache.set(path, hit);
  }
  return hit;
}

export function readQueue(key: string): PendingLabel[] {
  try {
    return JSON.parse(localStorage.getItem(key) ?? "[]") as PendingLabel[];
  } catch {
    return [];
  }
}

export function writeQueue(key: string, queue: readonly PendingLabel[]): void {
  try {
    if (queue.length === 0) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(queue));
  } catch {
    // storage unavailable
  }
}
