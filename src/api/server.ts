/**
 * @module api/server
 * `startServer`: the one way to run the API and the dashboard on a port, used by `coca serve` and
 * `coca start` (npm start). Builds the dashboard first when it is missing or stale.
 */
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { ConflictError, InputError } from "../domain/errors.ts";
import type { Store } from "../store/store.ts";
import { createApp } from "./app.ts";
import type { TileQueue } from "../queue/tile-queue.ts";
import type { TilePool } from "../imagery/workers/tile-pool.ts";
import type { ApiConfig } from "./config.ts";
import { ensureSeeded } from "../figures/seed.ts";
import { ensureDashboardBuilt } from "../web-build/web-build.ts";

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = "127.0.0.1";

export interface StartServerOptions {
  store: Store;
  /** TCP port; 0 picks a free one. Default: $PORT, else 8080. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1 (this machine only); 0.0.0.0 for every interface. */
  host?: string;
  config?: Partial<ApiConfig>;
  /** Build the dashboard if missing or stale, and serve it (default true). */
  dashboard?: boolean;
  /** Load the official-figures seed into the store first if it is not there yet (default true). */
  seedFigures?: boolean;
  /** Progress lines (building, listening); default: none. */
  log?: (line: string) => void;
  /** Where survey runs classify their tiles (threads, or the queue); default inline. The caller closes it. */
  tilePool?: TilePool;
  /** The job queue (survey runs on `coca worker` machines); the caller closes it. */
  queue?: TileQueue;
}

export interface RunningServer {
  /** e.g. http://localhost:8080 */
  url: string;
  port: number;
  host: string;
  close(): Promise<void>;
}

/** The port from `PORT`, or the default; a bad value is an InputError naming PORT. */
export function portFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  if (env.PORT === undefined || env.PORT === "") return DEFAULT_PORT;
  const port = Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InputError(`invalid PORT ${env.PORT} (expected an integer 0..65535)`, { field: "PORT" });
  }
  return port;
}

export async function startServer({
  store,
  port = portFromEnv(),
  host = DEFAULT_HOST,
  config = {},
  dashboard = true,
  seedFigures = true,
  log = () => {},
  tilePool,
  queue,
}: StartServerOptions): Promise<RunningServer> {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InputError(`invalid port ${port} (expected an integer 0..65535)`, { field: "port" });
  }
  if (seedFigures) {
    const seeded = await ensureSeeded(store);
    if (seeded.loaded) log(`official figures seeded: ${seeded.inserted} added`);
  }
  let webRoot = config.webRoot;
  if (dashboard && webRoot === undefined) {
    try {
      webRoot = await ensureDashboardBuilt({ log });
    } catch (error) {
      log(`dashboard not available: ${(error as Error).message}; serving the API only`);
    }
  }
  const { app } = createApp({ store, config: { ...config, webRoot }, tilePool, queue });
  const server = await new Promise<ServerType>((resolvePromise, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: host });
    s.once("listening", () => resolvePromise(s));
    s.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        reject(new ConflictError(`port ${port} on ${host} is already in use (choose another with --port or PORT)`, { cause: error }));
      } else if (error.code === "EACCES") {
        reject(new InputError(`not allowed to listen on port ${port} on ${host} (use a port above 1023)`, { cause: error, field: "port" }));
      } else {
        reject(error);
      }
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = ["127.0.0.1", "::1", "0.0.0.0", "::", "localhost"].includes(host) ? "localhost" : host.includes(":") ? `[${host}]` : host;
  const url = `http://${shownHost}:${address.port}`;
  log(`listening on ${url}`);
  return {
    url,
    port: address.port,
    host,
    close: () =>
      new Promise<void>((resolvePromise, reject) => {
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolvePromise()));
      }),
  };
}

/** Resolve with the signal's name when the process is asked to stop (SIGINT or SIGTERM). */
export function waitForStopSignal(): Promise<string> {
  return new Promise((resolvePromise) => {
    const stop = (signal: string): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolvePromise(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
