/**
 * @module cli/commands/serve
 * `coca serve`: the HTTP API and the dashboard on one port, until SIGINT/SIGTERM.
 */
import { Command, Option } from "commander";
import { DEFAULT_RATE_LIMIT } from "../../api/config.ts";
import { DEFAULT_HOST, portFromEnv, startServer, waitForStopSignal } from "../../api/server.ts";
import { intFlag, parseFlags } from "../flags.ts";
import type { CliContext } from "../context.ts";
import { printJson } from "../output.ts";
import { resolveQueueUrl } from "../../queue/queue-location.ts";
import { createQueueTilePool } from "../../queue/queue-tile-pool.ts";
import { openTileQueue } from "../../queue/tile-queue.ts";

interface ServeOptions {
  port?: string;
  host: string;
  publicReads: boolean;
  cors: string[];
  basemapUrl?: string;
  rateLimit: string;
  trustProxy?: boolean;
  dataRoot?: string;
  json?: boolean;
}

/** `--port`: a TCP port, 0 for any free one. */
export const PORT_FLAG = intFlag("--port", { min: 0, max: 65535 });

export function register(program: Command, ctx: CliContext): void {
  program
    .command("serve")
    .description("serve the HTTP API (/v1, /openapi.json) and the dashboard until interrupted")
    .option("--port <n>", "TCP port (default: $PORT or 8080; 0 = any free port)")
    .option("--host <addr>", "interface to listen on (0.0.0.0 = every interface)", DEFAULT_HOST)
    .option("--public-reads", "anyone may read (default)", true)
    .option("--private-reads", "reads need a viewer token or better")
    .option("--cors <origin>", "allow this browser origin (repeatable; * = any)", (v: string, all: string[]) => [...all, v], [])
    .option("--basemap-url <url>", "MapLibre style URL drawn under the data (default: none, fully offline)")
    .addOption(new Option("--rate-limit <n>", "requests per minute per client (0 = no limit)").default(String(DEFAULT_RATE_LIMIT.max)))
    .option("--trust-proxy", "take the client address from X-Forwarded-For (behind a reverse proxy)")
    .option("--data-root <dir>", "the only folder POST /v1/surveys may read (default: none, config runs refused)")
    .option("--queue [url]", "survey runs (POST /v1/surveys) classify on `coca worker` machines (default URL: $COCA_QUEUE, or the PostgreSQL store)")
    .option("--json", "print the address as JSON")
    .action(async (opts: ServeOptions & { privateReads?: boolean; queue?: string | boolean }) => {
      const { port = portFromEnv(), rateLimit: rate } = parseFlags(opts, {
        port: PORT_FLAG,
        rateLimit: intFlag("--rate-limit", { min: 0, default: DEFAULT_RATE_LIMIT.max }),
      });
      const queueUrl = opts.queue ? resolveQueueUrl(typeof opts.queue === "string" ? opts.queue : undefined, process.env, ctx.storeLocation) : undefined;
      const store = await ctx.openStore();
      const queue = queueUrl ? await openTileQueue(queueUrl) : undefined;
      // The demo (POST /v1/surveys/demo) classifies through the queue too; a config run goes wholly to the workers.
      const tilePool = queue ? createQueueTilePool(queue) : undefined;
      const log = opts.json ? () => {} : (line: string) => process.stderr.write(`coca serve: ${line}\n`);
      const server = await startServer({
        store,
        port,
        host: opts.host,
        log,
        tilePool,
        queue,
        config: {
          publicReads: !opts.privateReads,
          corsOrigins: opts.cors,
          basemapUrl: opts.basemapUrl,
          rateLimit: rate === 0 ? false : { windowMs: 60_000, max: rate },
          trustProxy: opts.trustProxy ?? false,
          dataRoot: opts.dataRoot,
        },
      });
      if (opts.json) printJson({ url: server.url, port: server.port, host: server.host, store: store.location, publicReads: !opts.privateReads });
      else
        process.stdout.write(
          `Coca Monitor is serving ${store.location} at ${server.url}  (dashboard ${server.url}/, API ${server.url}/v1, OpenAPI ${server.url}/openapi.json)\n`,
        );
      const signal = await waitForStopSignal();
      log(`${signal}: stopping`);
      await server.close();
      await tilePool?.close();
      await queue?.close();
    });
}
