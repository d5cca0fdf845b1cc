/**
 * @module api/endpoints/production
 * Production and trends over HTTP, computed by the pure functions of src/production from the
 * registry's figures: implied ratios (kg/ha), US-vs-UN reconciliation, a Monte Carlo production
 * estimate for a country-year, and series trends honest about methodology breaks.
 */
import { z } from "zod";
import { areasFromFigures } from "../../production/areas-from-figures.ts";
import { DEFAULT_DRAWS, estimateProduction, productionSeed } from "../../production/estimate.ts";
import { impliedRatios, impliedTrends } from "../../production/implied.ts";
import type { MethodologyBreak } from "../../production/methodology-breaks.ts";
import { chooseParameterSet } from "../../production/parameter-set-choice.ts";
import { loadMethodologyBreaks, loadParameterSets } from "../../production/parameter-set-loader.ts";
import type { ParameterSet } from "../../production/parameter-set.ts";
import { reconcileCountry, reconcileYear } from "../../production/reconcile.ts";
import { seriesTrend } from "../../production/series-trend.ts";
import { createRandom } from "../../stats/random.ts";
import { defineRoute, type AnyRoute } from "../route.ts";
import { countryInput, METRICS, year } from "../schemas.ts";
import type { EndpointDeps } from "./deps.ts";

const country = countryInput;

export function productionRoutes({ store }: EndpointDeps): AnyRoute[] {
  let sets: Promise<ParameterSet[]> | undefined;
  let breaks: Promise<MethodologyBreak[]> | undefined;
  return [
    defineRoute({
      method: "get",
      path: "/v1/production/implied",
      operationId: "impliedRatios",
      summary:
        "Implied ratios of the official figures per country, year and source: cocaine kg/ha, leaf yield kg/ha, leaf kg per kg cocaine; with their trends",
      tag: "production",
      query: z.object({ country: country.optional() }),
      responses: { 200: { description: "rows and log-linear trends (% per year with 95% interval)" } },
      handler: async (c, { query }) => {
        const rows = impliedRatios(await store.figures.list({ country: query.country }), { country: query.country });
        return c.json({ rows, trends: impliedTrends(rows) });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/production/reconcile",
      operationId: "reconcile",
      summary: "US against UN production for a country: the gap split into area and per-hectare (yield x conversion) effects",
      tag: "production",
      query: z.object({ country, year: year.optional() }),
      responses: { 200: { description: "per year the log-ratio decomposition, and what drove each change of the gap" } },
      handler: async (c, { query }) => {
        const figures = await store.figures.list({ country: query.country });
        return c.json(query.year === undefined ? reconcileCountry(figures, query.country) : reconcileYear(figures, query.country, query.year));
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/production/estimate",
      operationId: "estimateProduction",
      summary: "Potential production (leaf and pure cocaine, t) for a country-year by Monte Carlo over the parameter set, from a given area or the registry's",
      tag: "production",
      query: z.object({
        country,
        year,
        areaHa: z.coerce.number().positive().optional().describe("national area in ha; default: the registry's figure from the parameter set's source"),
        areaSeHa: z.coerce.number().nonnegative().optional().describe("standard error of areaHa, ha"),
        source: z.string().min(1).optional().describe("source of the registry area and of the parameter set"),
        params: z.string().min(1).optional().describe("parameter set name (default: chosen by country, year and source)"),
        draws: z.coerce.number().int().min(1000).max(200_000).default(DEFAULT_DRAWS),
        seed: z.coerce.number().int().optional().describe("Monte Carlo seed; default derived from country and year (productionSeed), as the CLI's"),
      }),
      responses: { 200: { description: "point estimate, distribution summaries (median, intervals, histogram), sensitivity, parameters with citations" } },
      handler: async (c, { query }) => {
        sets ??= loadParameterSets();
        const params = chooseParameterSet(await sets, { country: query.country, year: query.year, source: query.source, name: query.params });
        const regions =
          query.areaHa !== undefined
            ? [{ region: "national", areaHa: query.areaHa, areaSeHa: query.areaSeHa, citation: "area given in the request" }]
            : areasFromFigures(await store.figures.list({ country: query.country, year: query.year, metric: "cultivation_ha" }), params, {
                year: query.year,
                source: query.source,
              }).regions;
        const estimate = estimateProduction({
          country: query.country,
          year: query.year,
          regions,
          params,
          draws: query.draws,
          random: createRandom(query.seed ?? productionSeed(query.country, query.year)),
        });
        return c.json(estimate);
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/trends",
      operationId: "seriesTrend",
      summary: "Trend and short forecast of an official series, fitted after the last methodology break unless acrossBreaks",
      tag: "production",
      query: z.object({
        country,
        metric: z.enum(METRICS).default("cultivation_ha"),
        source: z
          .string()
          .min(1)
          .optional()
          .describe("a source (UNODC, ONDCP, DEVIDA) or family (UN, US, national); default: the source with the most recent data"),
        region: z.string().min(1).default("national"),
        acrossBreaks: z
          .enum(["true", "false"])
          .default("false")
          .transform((v) => v === "true"),
        horizon: z.coerce.number().int().min(1).max(10).default(3),
      }),
      responses: { 200: { description: "fitted series, excluded points, breaks, chosen model, forecast with intervals" } },
      handler: async (c, { query }) => {
        breaks ??= loadMethodologyBreaks();
        const figures = await store.figures.list({ country: query.country, metric: query.metric, region: query.region });
        return c.json(
          seriesTrend(figures, await breaks, {
            country: query.country,
            metric: query.metric,
            source: query.source,
            region: query.region,
            acrossBreaks: query.acrossBreaks,
            horizon: query.horizon,
          }),
        );
      },
    }),
  ];
}
