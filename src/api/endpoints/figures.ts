/**
 * @module api/endpoints/figures
 * The official-figures registry over HTTP: list (the CLI's filters), compare sources, revisions,
 * limits and targets; import (analyst) and delete (admin), both audited.
 */
import { z } from "zod";
import { InputError } from "../../domain/errors.ts";
import { CITATION_KINDS, type Figure } from "../../domain/figure.ts";
import { compareSources } from "../../figures/compare.ts";
import { figuresToCsv, parseFigureFile, problemsError } from "../../figures/figure-file.ts";
import { loadPolicyInstruments, type PolicyInstrument } from "../../figures/policy-instruments.ts";
import { loadPublishedRanges } from "../../figures/published-ranges.ts";
import { detectRevisions } from "../../figures/revisions.ts";
import { checkTargets } from "../../figures/targets.ts";
import { sha256 } from "../../io/checksum.ts";
import type { FigureFilter } from "../../store/figure-repository.ts";
import type { Context } from "hono";
import { createResponseCache } from "../response-cache.ts";
import { defineRoute, type AnyRoute, type ApiEnv } from "../route.ts";
import { countryInput, METRICS, year } from "../schemas.ts";
import type { EndpointDeps } from "./deps.ts";

const country = countryInput;

const booleanFlag = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1")
  .describe("true or false");

const filterQuery = z.object({
  country: country.optional(),
  region: z.string().min(1).optional().describe('"national" or a sub-national unit; omitted = every region'),
  source: z.string().min(1).optional().describe("UNODC, ONDCP, INCSR, DEVIDA, ..."),
  sourceFamily: z.enum(["US", "UN", "national"]).optional(),
  metric: z.enum(METRICS).optional(),
  year: year.optional(),
  from: year.optional().describe("first year (inclusive)"),
  to: year.optional().describe("last year (inclusive)"),
  published: z.string().min(4).optional().describe("only this vintage"),
});

const listQuery = filterQuery.extend({
  allVintages: booleanFlag.optional().describe("every vintage instead of the latest one per figure"),
  format: z.enum(["json", "csv"]).default("json"),
});

const figureSchema = z.object({
  country: z.string(),
  region: z.string(),
  regionKind: z.enum(["national", "department", "province", "zone", "valley", "region"]),
  year: z.number().int(),
  metric: z.enum(METRICS),
  value: z.number(),
  unit: z.string(),
  source: z.string(),
  sourceFamily: z.enum(["US", "UN", "national"]),
  sourceTerm: z.string(),
  published: z.string(),
  publicationTitle: z.string(),
  citation: z.string(),
  citationKind: z.enum(CITATION_KINDS).describe("producer (the producing agency's own document), repost (a verbatim copy elsewhere) or secondary"),
  additionalCitations: z
    .array(z.object({ publicationTitle: z.string(), citation: z.string(), citationKind: z.enum(CITATION_KINDS) }))
    .optional()
    .describe("other documents citing the same value (same identity and vintage); absent when there are none"),
  notes: z.string(),
});

const vintageValue = z.object({ value: z.number(), published: z.string(), citation: z.string() });

const comparisonSchema = z.object({
  country: z.string(),
  region: z.string(),
  metric: z.enum(METRICS),
  unit: z.string(),
  base: z.string().optional().describe("the column differences are taken from"),
  columns: z.array(z.object({ key: z.string(), source: z.string(), sourceTerm: z.string(), family: z.enum(["US", "UN", "national"]) })),
  years: z.array(
    z.object({
      year: z.number().int(),
      values: z.record(z.string(), vintageValue.extend({ citationKind: z.enum(CITATION_KINDS) }).nullable()),
      differences: z.record(z.string(), z.object({ absolute: z.number(), relative: z.number().nullable() }).nullable()),
    }),
  ),
});

const revisionSchema = z.object({
  country: z.string(),
  region: z.string(),
  year: z.number().int(),
  metric: z.enum(METRICS),
  unit: z.string(),
  source: z.string(),
  sourceTerm: z.string(),
  from: vintageValue,
  to: vintageValue,
  change: z.number().describe("to.value - from.value, in unit"),
  relativeChange: z.number().nullable(),
});

const rangeSchema = z.object({
  country: z.string(),
  region: z.string(),
  year: z.number().int(),
  metric: z.enum(METRICS),
  source: z.string(),
  value: z.number().describe("the published value the range goes with, in unit"),
  low: z.number().describe("low end of the published range, in unit"),
  high: z.number().describe("high end of the published range, in unit"),
  unit: z.string(),
  citation: z.string(),
  notes: z.string(),
});

const instrumentSchema = z.object({
  id: z.string(),
  kind: z.enum(["legal_limit", "eradication_target", "eradication_share_target"]),
  name: z.string(),
  country: z.string(),
  region: z.string(),
  regionKind: z.string(),
  matchRegions: z.array(z.string()),
  metric: z.enum(["cultivation_ha", "eradication_ha"]),
  value: z.number(),
  unit: z.string(),
  fromYear: z.number().int().nullable(),
  toYear: z.number().int().nullable(),
  citation: z.string(),
  citationKind: z.enum(CITATION_KINDS),
  notes: z.string(),
});

const targetCheckSchema = z.object({
  instrumentId: z.string(),
  instrument: z.string(),
  kind: z.enum(["legal_limit", "eradication_target"]),
  country: z.string(),
  region: z.string(),
  figureRegion: z.string(),
  year: z.number().int(),
  metric: z.enum(["cultivation_ha", "eradication_ha"]),
  unit: z.string(),
  source: z.string(),
  value: z.number(),
  limit: z.number(),
  difference: z.number().describe("value - limit: positive is over a limit or beyond a target"),
  relativeDifference: z.number().nullable(),
  status: z.enum(["over", "within", "met", "short"]),
  published: z.string(),
  citation: z.string(),
  limitCitation: z.string(),
  publishedExcess: z.number().nullable(),
});

/** A figure as sent to POST /v1/figures: the registry's JSON format (as `coca figures export --format json` writes). */
const figureInput = z
  .object({
    country: z.string().min(1),
    region: z.string().min(1).default("national"),
    regionKind: z.string().optional(),
    year: z.number().int(),
    metric: z.string().min(1),
    value: z.number().finite().nonnegative(),
    unit: z.string().min(1),
    source: z.string().min(1),
    sourceFamily: z.string().optional(),
    sourceTerm: z.string().optional(),
    published: z.union([z.string().min(4), z.number().int()]),
    publicationTitle: z.string().optional(),
    citation: z.string().min(1),
    citationKind: z.string().optional(),
    notes: z.string().optional(),
  })
  .loose();

const importBody = z.object({ figures: z.array(figureInput).min(1, "give at least one figure") });

function filterOf(q: z.infer<typeof filterQuery>): FigureFilter {
  return {
    country: q.country,
    region: q.region,
    source: q.source,
    sourceFamily: q.sourceFamily,
    metric: q.metric,
    year: q.year,
    from: q.from,
    to: q.to,
    published: q.published,
  };
}

/** Parse and check incoming figures like `coca figures import`, naming the request body's item or line. */
async function checkedFigures(deps: EndpointDeps, bytes: Uint8Array, format: "csv" | "json"): Promise<Figure[]> {
  const file = format === "csv" ? "request body (CSV)" : "request body (figures)";
  const maxYear = new Date().getUTCFullYear();
  let parsed: { figures: Figure[]; lines: number[] };
  try {
    parsed = parseFigureFile(bytes, { file, format, maxYear });
  } catch (error) {
    if (error instanceof InputError) {
      throw new InputError(error.message, { field: format === "json" ? `body.figures (${error.field ?? "item"})` : `body (${error.field ?? "line"})` });
    }
    throw error;
  }
  const conflicts = await deps.store.figures.conflicts(parsed.figures);
  if (conflicts.length > 0) {
    const what = format === "json" ? "item" : "line";
    const error = problemsError(
      file,
      conflicts.map((c) => ({
        line: parsed.lines[c.index]!,
        reason: `${c.incoming.country} ${c.incoming.region} ${c.incoming.year} ${c.incoming.metric} ${c.incoming.source} published ${c.incoming.published} is already stored with value ${c.existing.value}, not ${c.incoming.value} (a changed value needs a new vintage in 'published')`,
      })),
      what,
    );
    throw new InputError(error.message, { field: format === "json" ? `body.figures (${error.field})` : `body (${error.field})` });
  }
  return parsed.figures;
}

/** Figures answers stay valid while the registry's row count is unchanged, at most 5 s (writes from other processes). */
const FIGURE_CACHE_MAX_AGE_MS = 5_000;

export function figureRoutes(deps: EndpointDeps): AnyRoute[] {
  const { store } = deps;
  const cache = createResponseCache({ maxEntries: 300, maxAgeMs: FIGURE_CACHE_MAX_AGE_MS });
  /** Answer from the cache, or build, answer and keep. */
  const cached = async (c: Context<ApiEnv>, query: unknown, build: () => Promise<{ body: string; headers: Record<string, string> }>): Promise<Response> => {
    if (!deps.config.responseCache) {
      const built = await build();
      return c.body(built.body, 200, built.headers);
    }
    const key = `${c.req.path}?${JSON.stringify(query)}`;
    const stamp = await store.figures.count();
    const hit = cache.get(key, stamp);
    if (hit) return c.body(hit.body, 200, hit.headers);
    const built = await build();
    const kept = cache.set(key, { ...built, stamp });
    return c.body(kept.body, 200, kept.headers);
  };
  const json = (data: unknown) => ({ body: JSON.stringify(data), headers: { "content-type": "application/json" } });
  let instruments: PolicyInstrument[] | undefined;
  const policy = (): PolicyInstrument[] => (instruments ??= loadPolicyInstruments());
  return [
    defineRoute({
      method: "get",
      path: "/v1/figures",
      operationId: "listFigures",
      summary: "Official figures with their source, vintage and citation (latest vintage per figure unless allVintages)",
      tag: "figures",
      query: listQuery,
      responses: {
        200: {
          description: "figures (each with its unit and source); format=csv answers the registry's CSV",
          schema: z.object({ count: z.number().int(), figures: z.array(figureSchema) }),
        },
      },
      handler: (c, { query }) =>
        cached(c, query, async () => {
          const figures = await store.figures.list({ ...filterOf(query), allVintages: query.allVintages ?? false });
          if (query.format === "csv") {
            return {
              body: figuresToCsv(figures),
              headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="official-figures.csv"' },
            };
          }
          return json({ count: figures.length, figures });
        }),
    }),
    defineRoute({
      method: "post",
      path: "/v1/figures",
      operationId: "importFigures",
      summary: "Import figures, all or nothing (analyst). A changed value needs a new vintage (published)",
      description:
        'Body: {"figures": [...]} in the registry\'s JSON form. Rows already stored with the same vintage and value are left alone, ' +
        "except that a citation they do not have yet is added to them (additionalCitations); " +
        "a row stored with the same vintage and another value rejects the whole import (400 naming the item).",
      tag: "figures",
      role: "analyst",
      audit: "figures.import",
      body: importBody,
      responses: {
        201: {
          description: "what was stored",
          schema: z.object({
            rows: z.number().int(),
            inserted: z.number().int(),
            unchanged: z.number().int(),
            citationsAdded: z.number().int().describe("citations added to figures already stored with the same vintage and value"),
            sha256: z.string(),
          }),
        },
      },
      handler: async (c, { body, principal, auditTarget }) => {
        const bytes = new TextEncoder().encode(JSON.stringify(body.figures));
        const figures = await checkedFigures(deps, bytes, "json");
        const checksum = sha256(bytes);
        const result = await store.figures.importFigures(figures, { origin: `api:token ${principal.actor}`, sha256: checksum });
        cache.clear();
        auditTarget(`${figures.length} figures, sha256 ${checksum.slice(0, 16)}`);
        return c.json(
          { rows: figures.length, inserted: result.inserted.length, unchanged: result.unchanged, citationsAdded: result.citationsAdded, sha256: checksum },
          201,
        );
      },
    }),
    defineRoute({
      method: "post",
      path: "/v1/figures/csv",
      operationId: "importFiguresCsv",
      summary: "Import figures from the registry's CSV, all or nothing (analyst)",
      tag: "figures",
      role: "analyst",
      audit: "figures.import",
      body: z.string().min(1, "the CSV body is empty"),
      bodyMediaType: "text/csv",
      responses: {
        201: {
          description: "what was stored",
          schema: z.object({
            rows: z.number().int(),
            inserted: z.number().int(),
            unchanged: z.number().int(),
            citationsAdded: z.number().int().describe("citations added to figures already stored with the same vintage and value"),
            sha256: z.string(),
          }),
        },
      },
      handler: async (c, { body, principal, auditTarget }) => {
        const bytes = new TextEncoder().encode(body);
        const figures = await checkedFigures(deps, bytes, "csv");
        const checksum = sha256(bytes);
        const result = await store.figures.importFigures(figures, { origin: `api:token ${principal.actor}`, sha256: checksum });
        cache.clear();
        auditTarget(`${figures.length} figures, sha256 ${checksum.slice(0, 16)}`);
        return c.json(
          { rows: figures.length, inserted: result.inserted.length, unchanged: result.unchanged, citationsAdded: result.citationsAdded, sha256: checksum },
          201,
        );
      },
    }),
    defineRoute({
      method: "delete",
      path: "/v1/figures",
      operationId: "deleteFigures",
      summary: "Delete every vintage matching the filter (admin); each removed row is logged with the reason",
      tag: "figures",
      role: "admin",
      audit: "figures.delete",
      query: filterQuery.extend({ reason: z.string().min(3, "say why (at least 3 characters)").max(500) }),
      responses: { 200: { description: "the deleted figures", schema: z.object({ deleted: z.number().int(), figures: z.array(figureSchema) }) } },
      handler: async (c, { query, auditTarget }) => {
        const { reason, ...filter } = query;
        const f = filterOf(filter);
        if (Object.values(f).every((v) => v === undefined)) {
          throw new InputError("refusing to delete without a filter: give at least one of country, region, source, metric, year, from, to, published", {
            field: "query",
          });
        }
        auditTarget(JSON.stringify(Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined))));
        const figures = await store.figures.deleteFigures(f, { reason });
        cache.clear();
        return c.json({ deleted: figures.length, figures });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/figures/compare",
      operationId: "compareFigures",
      summary: "Sources side by side for one country, region and metric: per year each source's figure and its difference from the base (UNODC by default)",
      tag: "figures",
      query: z.object({
        country,
        metric: z.enum(METRICS).default("cultivation_ha"),
        region: z.string().min(1).default("national"),
        base: z.string().min(1).optional().describe("source (or column key) to take differences from; default UNODC"),
      }),
      responses: { 200: { description: "comparison; a year a source did not publish is null, never 0", schema: comparisonSchema } },
      handler: (c, { query }) =>
        cached(c, query, async () => {
          const figures = await store.figures.list({ country: query.country, metric: query.metric, region: query.region });
          return json(compareSources(figures, { country: query.country, region: query.region, metric: query.metric, base: query.base }));
        }),
    }),
    defineRoute({
      method: "get",
      path: "/v1/figures/revisions",
      operationId: "figureRevisions",
      summary: "Figures published again with another value: from and to vintages, change in the figure's unit",
      tag: "figures",
      query: filterQuery,
      responses: { 200: { description: "revisions, oldest vintage first", schema: z.object({ revisions: z.array(revisionSchema) }) } },
      handler: (c, { query }) => cached(c, query, async () => json({ revisions: detectRevisions(await store.figures.revisions(filterOf(query))) })),
    }),
    defineRoute({
      method: "get",
      path: "/v1/figures/ranges",
      operationId: "listPublishedRanges",
      summary: "Ranges published around official figures (e.g. UNODC Colombia's potential cocaine production), each with its value, unit and citation",
      tag: "figures",
      query: z.object({ country: country.optional(), metric: z.enum(METRICS).optional() }),
      responses: { 200: { description: "published ranges (data/published-ranges.csv)", schema: z.object({ ranges: z.array(rangeSchema) }) } },
      handler: (c, { query }) =>
        c.json({
          ranges: loadPublishedRanges().filter((r) => (!query.country || r.country === query.country) && (!query.metric || r.metric === query.metric)),
        }),
    }),
    defineRoute({
      method: "get",
      path: "/v1/limits",
      operationId: "listLimits",
      summary: "Legal cultivation limits and eradication targets, with the years they apply to and their citations",
      tag: "limits",
      query: z.object({ country: country.optional() }),
      responses: { 200: { description: "policy instruments", schema: z.object({ instruments: z.array(instrumentSchema) }) } },
      handler: (c, { query }) => c.json({ instruments: policy().filter((i) => !query.country || i.country === query.country) }),
    }),
    defineRoute({
      method: "get",
      path: "/v1/targets",
      operationId: "checkTargets",
      summary: "Each source's figures checked against each limit or target: value, limit, difference and status per year",
      tag: "limits",
      query: z.object({ country: country.optional(), year: year.optional(), source: z.string().min(1).optional() }),
      responses: { 200: { description: "checks sorted by country, instrument, year and source", schema: z.object({ checks: z.array(targetCheckSchema) }) } },
      handler: (c, { query }) =>
        cached(c, query, async () => {
          const figures = await store.figures.list({ country: query.country });
          const checks = checkTargets(
            policy().filter((i) => !query.country || i.country === query.country),
            figures,
          ).filter(
            (ch) =>
              (query.year === undefined || ch.year === query.year) && (query.source === undefined || ch.source.toLowerCase() === query.source.toLowerCase()),
          );
          return json({ checks });
        }),
    }),
  ];
}
