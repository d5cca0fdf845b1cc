/**
 * @module api/endpoints/change
 * Change between years over HTTP: the SIMULATED change survey with known truth (estimate and truth side by side,
 * computed in memory) and Peru's 50%-by-2021 eradication target tracked against the registry's series.
 */
import { z } from "zod";
import { DEFAULT_DEMO_PARAMS, demoHeadline, runChangeDemo } from "../../change/demo.ts";
import { PERU_HALF_BY_2021, trackShareTarget } from "../../change/eradication-share-target.ts";
import { defineRoute, type AnyRoute } from "../route.ts";
import type { EndpointDeps } from "./deps.ts";

export function changeRoutes({ store }: EndpointDeps): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/v1/change/demo",
      operationId: "changeDemo",
      summary: "SIMULATED change survey with known truth: new, persistent and lost coca, net change and replanting rates with 95% intervals, beside the simulated truth",
      tag: "change",
      query: z.object({
        seed: z.coerce.number().int().default(1),
        sizePx: z.coerce.number().int().min(100).max(800).default(400).describe("side of the simulated area in 10 m pixels"),
        n: z.coerce.number().int().min(60).max(3000).default(DEFAULT_DEMO_PARAMS.sampleSize).describe("sample size"),
      }),
      responses: { 200: { description: "simulated: the headline, the estimate (areas, rates, per stratum), the truth and the simulation's parameters" } },
      handler: (c, { query }) => {
        const d = runChangeDemo({ ...DEFAULT_DEMO_PARAMS, seed: query.seed, sizePx: query.sizePx, sampleSize: query.n, minimumPerStratum: Math.min(DEFAULT_DEMO_PARAMS.minimumPerStratum, Math.floor(query.n / 6)) });
        return c.json({ simulated: true, headline: demoHeadline(d), estimate: d.estimate, truth: d.truth, params: d.params, records: d.records.length });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/change/target",
      operationId: "changeTarget",
      summary: "Peru's target of eradicating 50% of its coca crop by 2021 (World Politics Review, 9 Nov 2018), per year against each source's cultivation figure",
      tag: "change",
      responses: { 200: { description: "the target with its citation, and per year and source the eradicated share of the crop and the status" } },
      handler: async (c) => {
        const target = PERU_HALF_BY_2021;
        return c.json({ target, rows: trackShareTarget(target, await store.figures.list({ country: target.country })) });
      },
    }),
  ];
}
