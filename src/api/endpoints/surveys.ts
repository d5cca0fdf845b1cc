/**
 * @module api/endpoints/surveys
 * Stored surveys: list; detail with provenance; estimates per region (ha, with SE and CI);
 * accuracy; production; fields as GeoJSON with a bbox filter and paging; stored artifacts
 * (the class map and its PNG overview among them).
 */
import { z } from "zod";
import { NotFoundError } from "../../domain/errors.ts";
import { FIELD_PROPERTY_NAMES, storedFieldProperties } from "../../domain/field-properties.ts";
import { surveyProvenanceSchema } from "../../domain/provenance.ts";
import { surveyConfigSchema } from "../../domain/survey-config.ts";
import { surveyEstimateRowSchema, surveySummarySchema } from "../../domain/survey-record.ts";
import { surveyAccuracySchema, surveyProductionSchema, surveyResultsSchema, type SurveyResults } from "../../domain/survey-results.ts";
import type { SurveyDetail } from "../../store/survey-repository.ts";
import { readFileSync } from "node:fs";
import { classMapOverview, type ClassMapOverview } from "../../raster/class-map-overview.ts";
import { createResponseCache } from "../response-cache.ts";
import { defineRoute, type AnyRoute } from "../route.ts";
import { departmentsOf, nameKey, surveyRegions } from "../survey-regions.ts";
import { geometryBbox } from "../../survey/geometry-index.ts";
import { BOUNDARIES_PATH } from "./meta.ts";
import { bbox, idParam, limit, offset } from "../schemas.ts";
import type { EndpointDeps } from "./deps.ts";
import { publicPaths } from "../public-paths.ts";

const surveyParams = z.object({ id: idParam.describe("survey id") });

async function getSurvey(store: EndpointDeps["store"], id: number): Promise<SurveyDetail> {
  const survey = await store.surveys.get(id);
  if (!survey) throw new NotFoundError(`no survey with id ${id} (see GET /v1/surveys)`);
  return survey;
}

/** A member of the stored results, or a 404 naming what is missing (a survey stored without it). */
function resultPart<K extends keyof SurveyResults>(survey: SurveyDetail, key: K): NonNullable<SurveyResults[K]> {
  const part = survey.results?.[key];
  if (part === undefined || part === null) throw new NotFoundError(`survey ${survey.id} has no ${key} results`);
  return part;
}

/** The stored class map of a survey: a GeoTIFF artifact, preferring one named like a class map. */
function classMapArtifact(survey: SurveyDetail): SurveyDetail["artifacts"][number] | undefined {
  const tiffs = survey.artifacts.filter((a) => /tiff/i.test(a.mediaType) || /\.tiff?$/i.test(a.name));
  return tiffs.find((a) => /class/i.test(a.name)) ?? tiffs[0];
}

export function surveyRoutes({ store, config }: EndpointDeps): AnyRoute[] {
  // A stored survey's fields never change (the repository has no update), so a page can be kept as it is.
  const fieldPages = createResponseCache({ maxEntries: 500, maxBytes: 64 * 1024 * 1024 });
  let boundaries: { features: { geometry: unknown; properties?: Record<string, unknown> | null }[] } | undefined;
  const overviews = new Map<string, Promise<ClassMapOverview>>();
  const overviewOf = async (id: number): Promise<{ survey: SurveyDetail; overview: ClassMapOverview }> => {
    const survey = await getSurvey(store, id);
    const artifact = classMapArtifact(survey);
    if (!artifact) throw new NotFoundError(`survey ${id} has no class map (no GeoTIFF artifact)`);
    let overview = overviews.get(artifact.sha256);
    if (!overview) {
      overview = (async () => {
        const stored = await store.surveys.artifact(id, artifact.name);
        if (!stored) throw new NotFoundError(`survey ${id} has no artifact named ${artifact.name}`);
        return classMapOverview(stored.bytes);
      })();
      overview.catch(() => overviews.delete(artifact.sha256));
      if (overviews.size > 32) overviews.clear();
      overviews.set(artifact.sha256, overview);
    }
    return { survey, overview: await overview };
  };
  return [
    defineRoute({
      method: "get",
      path: "/v1/surveys",
      operationId: "listSurveys",
      summary: "Stored surveys",
      tag: "surveys",
      responses: { 200: { description: "every stored survey", schema: z.object({ surveys: z.array(surveySummarySchema) }) } },
      handler: async (c) => c.json({ surveys: await store.surveys.list() }),
    }),
    defineRoute({
      method: "get",
      path: "/v1/surveys/:id",
      operationId: "getSurvey",
      summary: "One survey: configuration, provenance (input checksums, parameters, seed, code version), results, estimates, artifacts",
      tag: "surveys",
      params: surveyParams,
      responses: {
        200: {
          description: "the survey",
          schema: surveySummarySchema.extend({
            config: surveyConfigSchema.describe("the resolved survey config"),
            provenance: surveyProvenanceSchema,
            results: surveyResultsSchema,
            estimates: z.array(surveyEstimateRowSchema),
            artifacts: z.array(z.object({ name: z.string(), mediaType: z.string(), sha256: z.string(), sizeBytes: z.number().int() })),
            fieldCount: z.number().int(),
          }),
        },
      },
      // The server's absolute paths stay on the server: other callers see them relative to the data root, or the file name.
      handler: async (c, { params, principal }) => {
        const survey = await getSurvey(store, params.id);
        if (principal.role === "admin") return c.json(survey);
        return c.json({ ...survey, config: publicPaths(survey.config, config.dataRoot), provenance: publicPaths(survey.provenance, config.dataRoot) });
      },
    }),
    defineRoute({
      method: "delete",
      path: "/v1/surveys/:id",
      operationId: "deleteSurvey",
      summary: "Delete a survey (admin); its config, provenance and results are kept in the deletions log with the reason",
      tag: "surveys",
      role: "admin",
      audit: "surveys.delete",
      params: surveyParams,
      query: z.object({ reason: z.string().min(3, "say why (at least 3 characters)").max(500) }),
      responses: { 200: { description: "the deleted survey", schema: z.object({ deleted: surveySummarySchema }) } },
      handler: async (c, { params, query, principal, auditTarget }) => {
        auditTarget(`survey ${params.id}`);
        const removed = await store.surveys.delete(params.id, { reason: query.reason, actor: `api:token ${principal.actor}` });
        if (!removed) throw new NotFoundError(`survey ${params.id} not found`);
        fieldPages.clear();
        return c.json({ deleted: removed });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/surveys/:id/estimates",
      operationId: "getSurveyEstimates",
      summary: "Area estimates per region and class (ha) with standard error, confidence interval and map pixel count",
      tag: "surveys",
      params: surveyParams,
      query: z.object({ region: z.string().optional(), class: z.string().optional() }),
      responses: {
        200: {
          description: "estimates",
          schema: z.object({ surveyId: z.number().int(), unit: z.literal("ha"), source: z.string(), estimates: z.array(surveyEstimateRowSchema) }),
        },
      },
      handler: async (c, { params, query }) => {
        const survey = await getSurvey(store, params.id);
        const estimates = survey.estimates.filter(
          (e) => (query.region === undefined || e.region === query.region) && (query.class === undefined || e.className === query.class),
        );
        return c.json({ surveyId: survey.id, unit: "ha" as const, source: `Coca Monitor survey ${survey.id} (${survey.name})`, estimates });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/surveys/:id/accuracy",
      operationId: "getSurveyAccuracy",
      summary: "Accuracy assessment of the survey's map (error matrix, user's and producer's accuracies with their errors)",
      tag: "surveys",
      params: surveyParams,
      responses: {
        200: {
          description: "accuracy results as stored by the survey runner",
          schema: z.object({ surveyId: z.number().int(), accuracy: surveyAccuracySchema }),
        },
      },
      handler: async (c, { params }) => {
        const survey = await getSurvey(store, params.id);
        return c.json({ surveyId: survey.id, accuracy: resultPart(survey, "accuracy") });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/surveys/:id/production",
      operationId: "getSurveyProduction",
      summary: "Potential production estimated from the survey's area (leaf and cocaine, t) with its distribution",
      tag: "production",
      params: surveyParams,
      responses: {
        200: {
          description: "production results as stored by the survey runner",
          schema: z.object({
            surveyId: z.number().int(),
            production: surveyProductionSchema.nullable().describe("null for a survey stored without its production stage"),
          }),
        },
      },
      handler: async (c, { params }) => {
        const survey = await getSurvey(store, params.id);
        // A survey stored without its production stage answers null (and says so), not a 404.
        if (survey.results?.production === null) return c.json({ surveyId: survey.id, production: null });
        return c.json({ surveyId: survey.id, production: resultPart(survey, "production") });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/surveys/:id/fields",
      operationId: "getSurveyFields",
      summary: "Fields (polygons of the class map) as GeoJSON, filtered by bbox and class, paged",
      description:
        "Answers a FeatureCollection with numberMatched (all matches), numberReturned and links (next/prev) as in OGC API Features. " +
        "A field matches a bbox when its own bounding box intersects it.",
      tag: "surveys",
      params: surveyParams,
      query: z.object({ bbox: bbox.optional(), class: z.string().optional(), limit: limit(1000, 100), offset }),
      responses: {
        200: {
          description: `FeatureCollection of fields (WGS 84); properties ${FIELD_PROPERTY_NAMES.join(", ")} (domain/field-properties.ts; area_ha in ha), as \`survey export\` and \`imagery fields\` write them`,
          mediaType: "application/geo+json",
        },
      },
      handler: async (c, { params, query }) => {
        const key = JSON.stringify([params.id, query]);
        const hit = config.responseCache ? fieldPages.get(key, 0) : undefined;
        if (hit) return c.body(hit.body, 200, hit.headers);
        const page = await store.surveys.fields(params.id, { bbox: query.bbox, className: query.class, limit: query.limit, offset: query.offset });
        // Only an empty answer needs to tell "no such survey" from "no field matches".
        if (page.total === 0) await getSurvey(store, params.id);
        // Fields stored before their class code was kept take it from the survey's legend.
        const classes = page.fields.some((f) => f.classCode == null) ? (await getSurvey(store, params.id)).results.classifier.classes : [];
        const link = (o: number): string => {
          const u = new URL(c.req.url);
          u.searchParams.set("offset", String(o));
          u.searchParams.set("limit", String(query.limit));
          return `${u.pathname}${u.search}`;
        };
        const links: { rel: string; href: string; type: string }[] = [];
        if (query.offset + page.fields.length < page.total) links.push({ rel: "next", href: link(query.offset + query.limit), type: "application/geo+json" });
        if (query.offset > 0) links.push({ rel: "prev", href: link(Math.max(0, query.offset - query.limit)), type: "application/geo+json" });
        const body = {
          type: "FeatureCollection",
          numberMatched: page.total,
          numberReturned: page.fields.length,
          links,
          source: `Coca Monitor survey ${params.id}`,
          features: page.fields.map((f) => ({
            type: "Feature",
            id: f.fieldId,
            bbox: f.bbox,
            geometry: f.geometry,
            properties: storedFieldProperties(f, classes),
          })),
        };
        const headers: Record<string, string> = { "content-type": "application/geo+json" };
        if (links.length > 0) headers.link = links.map((l) => `<${l.href}>; rel="${l.rel}"`).join(", ");
        const text = JSON.stringify(body);
        if (!config.responseCache) return c.body(text, 200, headers);
        // Answer with the bytes as kept, so that this answer and every hit after it are written as they are.
        return c.body(fieldPages.set(key, { body: text, headers, stamp: 0 }).body, 200, headers);
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/surveys/:id/regions",
      operationId: "getSurveyRegions",
      summary: "The survey's regions as GeoJSON with the estimate of the target class (ha, SE, CI, map pixel count), optionally those meeting a bbox",
      description:
        "Geometries come from the survey's stored regions (its regions GeoJSON, kept as geometries: PostGIS on PostgreSQL) when it has them, " +
        "else from the project's department boundaries (OSM, ODbL) matched by name; estimated regions without a geometry are listed in `unmatched`. " +
        "With `bbox`, only the regions meeting it (PostgreSQL: ST_Intersects of the shape on a GiST index; SQLite: the region's bounding box).",
      tag: "surveys",
      params: surveyParams,
      query: z.object({ bbox: bbox.optional() }),
      responses: { 200: { description: "FeatureCollection of regions", mediaType: "application/geo+json" } },
      handler: async (c, { params, query }) => {
        const survey = await getSurvey(store, params.id);
        const candidates: Parameters<typeof surveyRegions>[1] = [];
        const nameField = survey.config?.regions?.nameField ?? "name";
        const stored = await store.surveys.regions(survey.id);
        if (stored.length > 0) {
          candidates.push({
            name: "regions.geojson",
            features: stored.map((r) => ({ geometry: r.geometry, properties: { name: r.name } })),
            nameField: "name",
          });
        } else {
          for (const a of survey.artifacts.filter((x) => /geo\+json|json/i.test(x.mediaType) && /region/i.test(x.name))) {
            const artifact = await store.surveys.artifact(survey.id, a.name);
            if (!artifact) continue;
            try {
              const parsed = JSON.parse(new TextDecoder().decode(artifact.bytes)) as { features?: unknown };
              if (Array.isArray(parsed.features)) candidates.push({ name: a.name, features: parsed.features, nameField });
            } catch {
              // not GeoJSON: not a candidate
            }
          }
        }
        boundaries ??= JSON.parse(readFileSync(BOUNDARIES_PATH, "utf8")) as NonNullable<typeof boundaries>;
        candidates.push({
          name: "data/boundaries/andes-admin-osm.geojson (© OpenStreetMap contributors, ODbL)",
          features: departmentsOf(boundaries, survey.country),
          nameField: "name",
        });
        const collection = surveyRegions(survey, candidates);
        if (query.bbox) {
          const box = query.bbox;
          const meets =
            stored.length > 0 && collection.geometrySource === "regions.geojson"
              ? new Set((await store.surveys.regions(survey.id, { bbox: box })).map((r) => nameKey(r.name)))
              : undefined;
          collection.features = collection.features.filter((f) => {
            if (meets) return meets.has(nameKey(f.properties.name));
            const b = geometryBbox(f.geometry);
            return b !== undefined && b[2] >= box[0] && b[0] <= box[2] && b[3] >= box[1] && b[1] <= box[3];
          });
        }
        return c.body(JSON.stringify(collection), 200, { "content-type": "application/geo+json" });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/surveys/:id/sample",
      operationId: "getSurveySample",
      summary: "The survey's sample points (its design, for interpreters) as GeoJSON, filtered by bbox, paged",
      description:
        "Points in WGS 84 (pixel centres), ordered by unit id, with the properties the design wrote (stratum, map class, inclusion probability). " +
        "numberMatched counts all matches. PostgreSQL answers with ST_Intersects on a GiST index.",
      tag: "surveys",
      params: surveyParams,
      query: z.object({ bbox: bbox.optional(), limit: limit(5000, 1000), offset }),
      responses: { 200: { description: "FeatureCollection of sample points", mediaType: "application/geo+json" } },
      handler: async (c, { params, query }) => {
        const page = await store.surveys.samplePoints(params.id, { bbox: query.bbox, limit: query.limit, offset: query.offset });
        if (page.total === 0) await getSurvey(store, params.id);
        const body = {
          type: "FeatureCollection",
          numberMatched: page.total,
          numberReturned: page.points.length,
          source: `Coca Monitor survey ${params.id}, sample design`,
          features: page.points.map((p) => ({
            type: "Feature",
            id: p.unitId,
            geometry: { type: "Point", coordinates: [p.lon, p.lat] },
            properties: p.properties,
          })),
        };
        return c.body(JSON.stringify(body), 200, { "content-type": "application/geo+json" });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/surveys/:id/tiles",
      operationId: "getSurveyTiles",
      summary: "The tile index of the survey's class map (512-px tiles): each tile's pixel window and WGS 84 footprint, optionally those meeting a bbox",
      tag: "surveys",
      params: surveyParams,
      query: z.object({ bbox: bbox.optional() }),
      responses: { 200: { description: "FeatureCollection of tile footprints", mediaType: "application/geo+json" } },
      handler: async (c, { params, query }) => {
        const tiles = await store.surveys.tiles(params.id, { bbox: query.bbox });
        if (tiles.length === 0) await getSurvey(store, params.id);
        const body = {
          type: "FeatureCollection",
          source: `Coca Monitor survey ${params.id}, class map tile index`,
          features: tiles.map((t) => ({
            type: "Feature",
            id: `${t.tileCol},${t.tileRow}`,
            bbox: t.bbox,
            geometry: t.geometry,
            properties: { tileCol: t.tileCol, tileRow: t.tileRow, window: t.window, unit: "px" },
          })),
        };
        return c.body(JSON.stringify(body), 200, { "content-type": "application/geo+json" });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/surveys/:id/class-map",
      operationId: "getSurveyClassMap",
      summary: "Where to draw the survey's class map: corners in WGS 84, the PNG overview's URL, the classes and their colours",
      tag: "surveys",
      params: surveyParams,
      responses: {
        200: {
          description: "overview description",
          schema: z.object({
            image: z.string(),
            coordinates: z.array(z.tuple([z.number(), z.number()])).describe("top-left, top-right, bottom-right, bottom-left [lon, lat]"),
            widthPx: z.number().int(),
            heightPx: z.number().int(),
            sourceWidthPx: z.number().int(),
            sourceHeightPx: z.number().int(),
            crs: z.string(),
            classes: z.array(z.object({ value: z.number().int(), name: z.string(), color: z.string() })),
          }),
        },
      },
      handler: async (c, { params }) => {
        const { survey, overview } = await overviewOf(params.id);
        const { png: _png, ...rest } = overview;
        return c.json({ image: `/v1/surveys/${survey.id}/class-map.png`, ...rest });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/surveys/:id/class-map.png",
      operationId: "getSurveyClassMapPng",
      summary: "The survey's class map as a PNG overview (at most 1024 px a side, nearest neighbour, code 0 transparent)",
      tag: "surveys",
      params: surveyParams,
      responses: { 200: { description: "PNG image", mediaType: "image/png" } },
      handler: async (c, { params }) => {
        const { overview } = await overviewOf(params.id);
        return c.body(new Uint8Array(overview.png), 200, { "content-type": "image/png", "cache-control": "public, max-age=300" });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/surveys/:id/artifacts/:name",
      operationId: "getSurveyArtifact",
      summary: "A stored artifact of the survey (class map GeoTIFF, PNG overview, reports), with its SHA-256 in the ETag",
      tag: "surveys",
      params: z.object({ id: idParam, name: z.string().min(1).max(200) }),
      responses: { 200: { description: "the artifact's bytes, in its own media type", mediaType: "application/octet-stream" } },
      handler: async (c, { params }) => {
        const artifact = await store.surveys.artifact(params.id, params.name);
        if (!artifact) throw new NotFoundError(`survey ${params.id} has no artifact named ${params.name}`);
        return c.body(new Uint8Array(artifact.bytes), 200, {
          "content-type": artifact.mediaType,
          etag: `"${artifact.sha256}"`,
          "cache-control": "public, max-age=300",
        });
      },
    }),
  ];
}
