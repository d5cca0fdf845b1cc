/**
 * @module api/endpoints/change
 * Change between years over HTTP: the SIMULATED change survey with known truth (estimate and truth side by side,
 * computed in memory), Peru's 50%-by-2021 eradication target tracked against the registry's series, and stored
 * change analyses (coca change demo --store | estimate --store | survey, and coca start): transitions, rates, fields
 * with their history, SIMCI-style categories, per-region history, and the two years' maps as PNG overviews.
 */
import { z } from "zod";
import { DEFAULT_DEMO_PARAMS, demoHeadline, runChangeDemo } from "../../change/demo.ts";
import { peruHalfBy2021, trackShareTarget } from "../../change/eradication-share-target.ts";
import {
  changeAnalysisDetailSchema,
  changeAnalysisSummarySchema,
  fieldHistorySchema,
  mappedTransitionSchema,
  estimateOf,
  regionHistorySchema,
  type ChangeAnalysisDetail,
} from "../../change/analysis-record.ts";
import { NotFoundError } from "../../domain/errors.ts";
import { classMapOverview, type ClassMapOverview } from "../../raster/class-map-overview.ts";
import { defineRoute, type AnyRoute } from "../route.ts";
import { idParam, limit, offset } from "../schemas.ts";
import type { EndpointDeps } from "./deps.ts";
import { publicPaths } from "../public-paths.ts";

const analysisParams = z.object({ id: idParam.describe("change analysis id") });
/** The maps a stored analysis may hold, by the names the dashboard asks for. */
const MAP_NAMES = ["map-year1", "map-year2", "transitions", "truth-year1", "truth-year2"] as const;

const areaSchema = z.object({ estimateHa: z.number(), seHa: z.number(), ciHa: z.tuple([z.number(), z.number()]) });
const ratioSchema = z.object({
  ratio: z.number().nullable(),
  se: z.number().nullable(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
  denominatorHa: z.number(),
  units: z.number().int(),
});

export function changeRoutes({ store, config }: EndpointDeps): AnyRoute[] {
  const getAnalysis = async (id: number): Promise<ChangeAnalysisDetail> => {
    const a = await store.changes.get(id);
    if (!a) throw new NotFoundError(`no change analysis with id ${id} (see GET /v1/change/analyses)`);
    return a;
  };
  const overviews = new Map<string, Promise<ClassMapOverview>>();
  const overviewOf = async (id: number, name: string): Promise<ClassMapOverview> => {
    const a = await getAnalysis(id);
    const info = a.artifacts.find((f) => f.name === `${name}.tif`);
    if (!info) throw new NotFoundError(`change analysis ${id} has no map ${name} (it has ${a.artifacts.map((f) => f.name).join(", ") || "no artifacts"})`);
    let o = overviews.get(info.sha256);
    if (!o) {
      o = (async () => classMapOverview((await store.changes.artifact(id, info.name))!.bytes))();
      o.catch(() => overviews.delete(info.sha256));
      if (overviews.size > 32) overviews.clear();
      overviews.set(info.sha256, o);
    }
    return o;
  };
  return [
    defineRoute({
      method: "get",
      path: "/v1/change/analyses",
      operationId: "listChangeAnalyses",
      summary: "Stored change analyses (the demo is marked simulated)",
      tag: "change",
      responses: { 200: { description: "every stored change analysis, oldest first", schema: z.object({ analyses: z.array(changeAnalysisSummarySchema) }) } },
      handler: async (c) => c.json({ analyses: await store.changes.list() }),
    }),
    defineRoute({
      method: "get",
      path: "/v1/change/analyses/:id",
      operationId: "getChangeAnalysis",
      summary:
        "One stored change analysis: provenance (command, code version, seed, inputs with checksums), the estimate, mapped transitions, fields, categories, regions, artifacts",
      tag: "change",
      params: analysisParams,
      responses: { 200: { description: "the analysis", schema: changeAnalysisDetailSchema } },
      // The server's absolute paths stay on the server (api/public-paths); admins see them as stored.
      handler: async (c, { params, principal }) => {
        const a = await getAnalysis(params.id);
        return c.json(principal.role === "admin" ? a : publicPaths(a, config.dataRoot));
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/change/analyses/:id/transitions",
      operationId: "getChangeTransitions",
      summary: "Estimated area of every reference transition (ha, SE, CI) beside the mapped (pixel-count) hectares of the transition map",
      tag: "change",
      params: analysisParams,
      responses: {
        200: {
          description: "transitions",
          schema: z.object({
            simulated: z.boolean(),
            estimated: z.array(areaSchema.extend({ fromClass: z.string(), toClass: z.string() })),
            mapped: z.array(mappedTransitionSchema).nullable(),
            areas: z.record(z.string(), z.unknown()).describe("new, persistent, lost, stable other, net change, first and second date (ha with SE and CI)"),
          }),
        },
      },
      handler: async (c, { params }) => {
        const a = await getAnalysis(params.id);
        const { abandonedShare: _rate, ...areas } = estimateOf(a).areas;
        return c.json({ simulated: a.simulated, estimated: estimateOf(a).transitions, mapped: a.result.mappedTransitions, areas });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/change/analyses/:id/rates",
      operationId: "getChangeRates",
      summary:
        "Rates as ratio estimators with SE and CI: share of first-date coca abandoned, share of eradicated area replanted (overall and by eradication kind)",
      tag: "change",
      params: analysisParams,
      responses: {
        200: {
          description: "rates (proportions 0-1)",
          schema: z.object({
            simulated: z.boolean(),
            confidence: z.number(),
            abandonedShare: ratioSchema,
            replanted: z.object({ overall: ratioSchema, byKind: z.array(ratioSchema.extend({ kind: z.string() })) }).nullable(),
            truth: z
              .object({ abandonedShare: z.number(), replantedShare: z.number().nullable(), replantedShareByKind: z.record(z.string(), z.number().nullable()) })
              .nullable()
              .describe("the simulated truth (demo only)"),
          }),
        },
      },
      handler: async (c, { params }) => {
        const a = await getAnalysis(params.id);
        const e = estimateOf(a);
        const t = a.result.truth as { abandonedShare: number; replantedShare: number | null; replantedShareByKind: Record<string, number | null> } | null;
        return c.json({
          simulated: a.simulated,
          confidence: e.confidence,
          abandonedShare: e.areas.abandonedShare,
          replanted: e.replanted,
          truth: t ? { abandonedShare: t.abandonedShare, replantedShare: t.replantedShare, replantedShareByKind: t.replantedShareByKind } : null,
        });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/change/analyses/:id/fields",
      operationId: "getChangeFields",
      summary: "Fields with their history: area at each date and what happened to each (persistent, abandoned, new, eradicated and replanted or not)",
      tag: "change",
      params: analysisParams,
      query: z.object({
        fate: z.string().max(60).optional().describe("only fields with this fate"),
        region: z.string().max(200).optional().describe("only fields of this region"),
        limit: limit(5000, 500),
        offset,
      }),
      responses: {
        200: {
          description: "a page of fields and the count by fate",
          schema: z.object({ total: z.number().int(), byFate: z.record(z.string(), z.number().int()), fields: z.array(fieldHistorySchema) }),
        },
      },
      handler: async (c, { params, query }) => {
        const a = await getAnalysis(params.id);
        if (!a.result.fields)
          throw new NotFoundError(`change analysis ${a.id} has no fields (only the demo and change surveys with field matching store them)`);
        const all = a.result.fields.filter(
          (f) => (query.fate === undefined || f.fate === query.fate) && (query.region === undefined || f.region === query.region),
        );
        const byFate: Record<string, number> = {};
        for (const f of a.result.fields) byFate[f.fate] = (byFate[f.fate] ?? 0) + 1;
        return c.json({ total: all.length, byFate, fields: all.slice(query.offset, query.offset + query.limit) });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/change/analyses/:id/categories",
      operationId: "getChangeCategories",
      summary: "SIMCI-style 1 km cell categories (permanent, intermittent, abandoned, new) and dispersion measures, with their thresholds",
      tag: "change",
      params: analysisParams,
      responses: { 200: { description: "categories", schema: z.object({ simulated: z.boolean(), categories: z.record(z.string(), z.unknown()) }) } },
      handler: async (c, { params }) => {
        const a = await getAnalysis(params.id);
        if (!a.result.categories) throw new NotFoundError(`change analysis ${a.id} has no cell categories`);
        return c.json({ simulated: a.simulated, categories: a.result.categories });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/change/analyses/:id/regions",
      operationId: "getChangeRegions",
      summary: "Each region's history: mapped and estimated coca at each date (ha, CI), and its estimated net change with its share of the whole",
      tag: "change",
      params: analysisParams,
      responses: {
        200: {
          description: "regions",
          schema: z.object({
            simulated: z.boolean(),
            dates: z.array(z.string()),
            regions: z.array(regionHistorySchema),
            netChange: z.array(z.object({ region: z.string(), netChangeHa: areaSchema, shareOfNetChange: ratioSchema })),
          }),
        },
      },
      handler: async (c, { params }) => {
        const a = await getAnalysis(params.id);
        return c.json({
          simulated: a.simulated,
          dates: [a.fromLabel, a.toLabel],
          regions: a.result.regions ?? [],
          netChange: estimateOf(a).byRegion.map((r) => ({ region: r.region, netChangeHa: r.netChangeHa, shareOfNetChange: r.shareOfNetChange })),
        });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/change/analyses/:id/maps/:name",
      operationId: "getChangeMap",
      summary:
        "Where to draw one of the analysis's maps (map-year1, map-year2, transitions, truth-year1, truth-year2): corners in WGS 84, the PNG's URL, classes and colours",
      tag: "change",
      params: z.object({ id: idParam, name: z.enum(MAP_NAMES) }),
      responses: {
        200: {
          description: "overview description",
          schema: z.object({
            image: z.string(),
            coordinates: z.array(z.tuple([z.number(), z.number()])),
            widthPx: z.number().int(),
            heightPx: z.number().int(),
            crs: z.string(),
            classes: z.array(z.object({ value: z.number().int(), name: z.string(), color: z.string() })),
          }),
        },
      },
      handler: async (c, { params }) => {
        const { png: _png, ...rest } = await overviewOf(params.id, params.name);
        return c.json({ image: `/v1/change/analyses/${params.id}/maps/${params.name}/png`, ...rest });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/change/analyses/:id/maps/:name/png",
      operationId: "getChangeMapPng",
      summary: "One of the analysis's maps as a PNG overview (at most 1024 px a side, code 0 transparent)",
      tag: "change",
      params: z.object({ id: idParam, name: z.enum(MAP_NAMES) }),
      responses: { 200: { description: "PNG image", mediaType: "image/png" } },
      handler: async (c, { params }) => {
        const o = await overviewOf(params.id, params.name);
        return c.body(new Uint8Array(o.png), 200, { "content-type": "image/png", "cache-control": "public, max-age=300" });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/change/analyses/:id/artifacts/:name",
      operationId: "getChangeArtifact",
      summary: "A stored artifact of the analysis (the maps as GeoTIFF, the sample, the eradication records), with its SHA-256 in the ETag",
      tag: "change",
      params: z.object({ id: idParam, name: z.string().min(1).max(200) }),
      responses: { 200: { description: "the artifact's bytes, in its own media type", mediaType: "application/octet-stream" } },
      handler: async (c, { params }) => {
        const f = await store.changes.artifact(params.id, params.name);
        if (!f) throw new NotFoundError(`change analysis ${params.id} has no artifact named ${params.name}`);
        return c.body(new Uint8Array(f.bytes), 200, { "content-type": f.mediaType, etag: `"${f.sha256}"`, "cache-control": "public, max-age=300" });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/change/demo",
      operationId: "changeDemo",
      summary:
        "SIMULATED change survey with known truth: new, persistent and lost coca, net change and replanting rates with 95% intervals, beside the simulated truth",
      tag: "change",
      query: z.object({
        seed: z.coerce.number().int().default(1),
        sizePx: z.coerce.number().int().min(100).max(800).default(400).describe("side of the simulated area in 10 m pixels"),
        n: z.coerce.number().int().min(60).max(3000).default(DEFAULT_DEMO_PARAMS.sampleSize).describe("sample size"),
      }),
      responses: { 200: { description: "simulated: the headline, the estimate (areas, rates, per stratum), the truth and the simulation's parameters" } },
      handler: (c, { query }) => {
        const d = runChangeDemo({
          ...DEFAULT_DEMO_PARAMS,
          seed: query.seed,
          sizePx: query.sizePx,
          sampleSize: query.n,
          minimumPerStratum: Math.min(DEFAULT_DEMO_PARAMS.minimumPerStratum, Math.floor(query.n / 6)),
        });
        return c.json({ simulated: true, headline: demoHeadline(d), estimate: d.estimate, truth: d.truth, params: d.params, records: d.records.length });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/change/target",
      operationId: "changeTarget",
      summary:
        "Peru's target of eradicating 50% of its coca crop by 2021 (World Politics Review, 9 Nov 2018), per year against each source's cultivation figure",
      tag: "change",
      responses: { 200: { description: "the target with its citation, and per year and source the eradicated share of the crop and the status" } },
      handler: async (c) => {
        const target = peruHalfBy2021();
        return c.json({ target, rows: trackShareTarget(target, await store.figures.list({ country: target.country })) });
      },
    }),
  ];
}
