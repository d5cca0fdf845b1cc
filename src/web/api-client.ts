/**
 * @module web/api-client
 * Fetching from the same server's /v1: JSON, problem+json turned into readable errors, and the
 * optional API token (needed only when the server runs with --private-reads), kept in sessionStorage.
 */
const TOKEN_KEY = "coca-monitor.token";

export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string): void {
  try {
    sessionStorage.setItem(TOKEN_KEY, token.trim());
  } catch {
    // storage unavailable: the token is not kept
  }
}

const cache = new Map<string, Promise<unknown>>();

/** GET a JSON document from the API (cached for the page's life). */
export function getJson<T>(path: string): Promise<T> {
  let hit = cache.get(path);
  if (!hit) {
    hit = fetchJson(path);
    hit.catch(() => cache.delete(path));
    cache.set(path, hit);
  }
  return hit as Promise<T>;
}

async function fetchJson(path: string): Promise<unknown> {
  const headers: Record<string, string> = { accept: "application/json, application/geo+json, application/problem+json" };
  const token = storedToken();
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(path, { headers });
  if (!res.ok) {
    let detail = `${res.status} ${res.statusText}`;
    try {
      const problem = (await res.json()) as { title?: string; detail?: string };
      if (problem.detail) detail = `${problem.title ?? res.status}: ${problem.detail}`;
    } catch {
      // not problem+json
    }
    throw new ApiError(res.status, detail);
  }
  return res.json();
}

/** GET a JSON document afresh (not cached): what changes while the page is open, such as a job's progress. */
export function getFreshJson<T>(path: string): Promise<T> {
  return fetchJson(path) as Promise<T>;
}

export function clearCache(): void {
  cache.clear();
}
