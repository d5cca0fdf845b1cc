/**
 * @module cli/commands/start
 * `coca start` (what `npm start` runs): load the official figures on first run and
 * print the US-vs-UN comparison; run the demo survey if the store holds no survey
 * and print its headline; store the SIMULATED change demo if no change analysis is stored, and the routes demo if none is
 * stored; then serve the API and the dashboard until Ctrl-C.
 */
import type { Command } from "commander";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { figuresOverview } from "../../figures/overview.ts";
import { printFiguresOverview } from "../tables/figures.ts";
import { ensureSeeded } from "../../figures/seed.ts";
import { runDemoSurvey } from "../../survey/demo.ts";
import { storeChangeDemo } from "../../change/demo-files.ts";
import { runRoutesDemo } from "../../routes/demo.ts";
import { ROUTES_DEMO_NAME, routeAnalysisOfDemo } from "../../routes/stored-analysis.ts";
import { withTilePool } from "../../imagery/workers/tile-pool.ts";
import { portFromEnv, startServer } from "../../api/server.ts";
import type { CliContext } from "../context.ts";
import { printJson } from "../output.ts";
import { PORT_FLAG } from "./serve.ts";
import { stageReporter } from "./survey-run.ts";

interface StartOptions {
  json?: boolean;
  demo: boolean;
  serve: boolean;
  port?: string;
  host: string;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command("start")
    .description("the main job: official figures (US vs UN), the demo survey if none is stored, then the API and dashboard")
    .option("--no-demo", "do not run the demo survey when the store holds none")
    .option("--no-serve", "print and exit instead of serving the API and dashboard")
    .option("--port <n>", "port to serve on (default: $PORT or 8080)")
    .option("--host <addr>", "interface to listen on", "127.0.0.1")
    .option("--json", "print as JSON (then exits after printing unless serving)")
    .action(async (opts: StartOptions) => {
      const store = await ctx.openStore();
      await ensureSeeded(store);
      const out: Record<string, unknown> = {};
      if (opts.json) out.figures = await figuresOverview(store);
      else await printFiguresOverview(store);

      if (opts.demo && (await store.surveys.count()) === 0) {
        const quiet = Boolean(opts.json) || !process.stderr.isTTY;
        if (!opts.json) process.stdout.write("\nNo survey stored yet: running the demo survey on a simulated scene (about a minute)…\n");
        const outDir = mkdtempSync(join(tmpdir(), "coca-demo-"));
        const demo = await withTilePool({}, (pool) => runDemoSurvey({ store, outDir, pool, ...stageReporter(quiet) }));
        out.demo = { surveyId: demo.surveyId, headline: demo.headline };
        if (!opts.json) process.stdout.write(`\n${demo.headline}\nStored as survey ${demo.surveyId}.\n`);
      }
      if (opts.demo && (await store.changes.count()) === 0) {
        if (!opts.json)
          process.stdout.write("\nNo change analysis stored yet: running the change demo on two simulated years (random forest on synthesised scenes)…\n");
        const outDir = mkdtempSync(join(tmpdir(), "coca-change-demo-"));
        const change = await withTilePool({}, (pool) =>
          storeChangeDemo(store, { outDir, pool, classifier: "forest", command: "coca start (change demo, seed 1, --classifier forest)" }),
        );
        out.changeDemo = { analysisId: change.id, headline: change.headline };
        if (!opts.json) process.stdout.write(`\n${change.headline}\nStored as change analysis ${change.id}.\n`);
      }
      if (!opts.json && out.demo === undefined) {
        const surveys = await store.surveys.list();
        const last = surveys[surveys.length - 1];
        if (last) {
          const detail = await store.surveys.get(last.id);
          const headline = detail?.results.headline;
          if (headline) process.stdout.write(`\nLatest survey (${last.id}): ${headline}\n`);
        }
      }

      // Routes demo: on a store with no stored routes demo, the route analysis on the real Ecuador terrain (simulated fields and crossings).
      if (opts.demo && !(await store.routes.list()).some((r) => r.name === ROUTES_DEMO_NAME)) {
        if (!opts.json)
          process.stdout.write("\nNo route analysis stored yet: running the routes demo on the southern Ecuador terrain (about half a minute)…\n");
        const routesDemo = await runRoutesDemo({ outDir: mkdtempSync(join(tmpdir(), "coca-routes-demo-")) });
        const routesId = await store.routes.save(await routeAnalysisOfDemo(routesDemo, { name: ROUTES_DEMO_NAME }));
        out.routesDemo = { routeAnalysisId: routesId, rounds: routesDemo.game.length - 1 };
        if (!opts.json) process.stdout.write(`Stored as route analysis ${routesId} (SIMULATED fields, crossings and interdiction on real terrain).\n`);
      }

      if (!opts.serve) {
        if (opts.json) printJson(out);
        return;
      }
      const port = PORT_FLAG.parse(opts.port) ?? portFromEnv();
      const server = await startServer({ store, port, host: opts.host, log: (l) => process.stderr.write(`${l}\n`) });
      if (opts.json) printJson({ ...out, url: server.url });
      else process.stdout.write(`\nCoca Monitor is serving the API and dashboard at ${server.url} (Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => resolve();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      await server.close();
    });
}
