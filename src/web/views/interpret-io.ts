/**
 * @module web/views/interpret-io
 * What the Interpret views share at their edge: API calls with the stored token, image chips fetched
 * once per unit, composite and date (object URLs), the offline queue in local storage, and the
 * confidence / comment / reason inputs both views draw.
 */
import { storedToken } from "../api-client.ts";
import { h } from "../dom.ts";
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

/** The confidence choice (none, 50-100%), `current` selected; and the comment and correction-reason inputs. */
export function labelInputs(current: { confidence?: number | null; comment?: string } | null | undefined): {
  confidence: HTMLSelectElement;
  comment: HTMLInputElement;
  reason: HTMLInputElement;
} {
  const confidence = h(
    "select",
    { id: "interpret-confidence" },
    ...[
      ["", "—"],
      ["0.5", "50%"],
      ["0.7", "70%"],
      ["0.9", "90%"],
      ["1", "100%"],
    ].map(([v, label]) => h("option", { value: v!, selected: current?.confidence !== null && String(current?.confidence) === v }, label!)),
  ) as HTMLSelectElement;
  const comment = h("input", { id: "interpret-comment", type: "text", size: 40, value: current?.comment ?? "" }) as HTMLInputElement;
  const reason = h("input", { id: "interpret-reason", type: "text", size: 40 }) as HTMLInputElement;
  return { confidence, comment, reason };
}

export type PostOutcome = { outcome: "stored"; labelIds: number[] } | { outcome: "refused" | "kept"; detail: string };

/**
 * POST the queued labels to `path` (a survey's or a change design's labels). "stored" with the new labels' ids;
 * "refused" when the server answered that they are wrong (400, 404, 409, 422: sending them again would be refused
 * again, so the caller drops them and shows why); "kept" when nothing was decided (offline, an expired token, rate
 * limiting or a server error): the queue stays in local storage for the next try, so no label is lost.
 */
export async function postQueued(path: string, designSha256: string, queue: readonly PendingLabel[]): Promise<PostOutcome> {
  const r = await api(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ designSha256, labels: queue }),
  }).catch(() => undefined);
  if (!r) return { outcome: "kept", detail: "" };
  const answer = (await r.json().catch(() => ({}))) as { detail?: string; labelIds?: number[] };
  if (r.ok) return { outcome: "stored", labelIds: answer.labelIds ?? [] };
  const detail = answer.detail ?? String(r.status);
  return [400, 404, 409, 422].includes(r.status) ? { outcome: "refused", detail } : { outcome: "kept", detail };
}
