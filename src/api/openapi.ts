/**
 * @module api/openapi
 * The OpenAPI 3.1 document, generated from the same route declarations (and zod schemas) that
 * `mountRoutes` serves, so that what the document says is what the server checks.
 */
import { z } from "zod";
import type { AnyRoute } from "./route.ts";

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const out = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  delete out.$schema;
  return out;
}

const PROBLEM_SCHEMA: JsonSchema = {
  type: "object",
  description: "RFC 9457 problem details",
  required: ["type", "title", "status", "detail", "instance"],
  properties: {
    type: { type: "string", description: "urn:coca-monitor:problem:<slug>" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string", description: "what went wrong, naming the value at fault" },
    instance: { type: "string", description: "the request path" },
    field: { type: "string", description: "the first field at fault, e.g. query.bbox or body.rows[3].value" },
    errors: {
      type: "array",
      items: { type: "object", required: ["field", "detail"], properties: { field: { type: "string" }, detail: { type: "string" } } },
    },
    requestId: { type: "string", description: "for 500s: quote it to the operator" },
  },
};

function problemResponse(description: string): JsonSchema {
  return { description, content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } };
}

function parameters(schema: z.ZodType | undefined, location: "path" | "query"): JsonSchema[] {
  if (!schema) return [];
  const object = jsonSchema(schema, "input");
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, s]) => {
    const { description, ...rest } = s;
    return {
      name,
      in: location,
      required: location === "path" ? true : required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

export interface OpenApiInfo {
  title: string;
  version: string;
  description: string;
}

/** The OpenAPI 3.1 document for `routes`. */
export function openApiDocument(routes: readonly AnyRoute[], info: OpenApiInfo): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, "{$1}");
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      const mediaType = spec.mediaType ?? "application/json";
      responses[status] = {
        description: spec.description,
        content: { [mediaType]: spec.schema ? { schema: jsonSchema(spec.schema, "output") } : {} },
      };
    }
    if (route.query || route.params || route.body) responses["400"] ??= problemResponse("invalid input; `field` names the parameter or body member at fault");
    if (route.role) {
      responses["401"] ??= problemResponse("no valid API token");
      responses["403"] ??= problemResponse(`the token's role is below ${route.role}`);
    }
    if (route.params) responses["404"] ??= problemResponse("no such resource");
    if (route.body) {
      responses["413"] ??= problemResponse("request body too large");
      responses["415"] ??= problemResponse("wrong content-type");
    }
    responses["429"] ??= problemResponse("rate limit exceeded");
    responses["500"] ??= problemResponse("internal error (no details are sent; quote the request id)");
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      parameters: [...parameters(route.params, "path"), ...parameters(route.query, "query")],
      responses,
      security: route.role ? [{ bearerToken: [] }] : [{}, { bearerToken: [] }],
      ...(route.role ? { "x-required-role": route.role } : {}),
      ...(route.audit ? { "x-audit-action": route.audit } : {}),
    };
    if (route.body) {
      const mediaType = route.bodyMediaType ?? "application/json";
      operation.requestBody = { required: true, content: { [mediaType]: { schema: jsonSchema(route.body, "input") } } };
    }
    (paths[path] ??= {})[route.method] = operation;
  }
  return {
    openapi: "3.1.0",
    info: { ...info, license: { name: "MIT", identifier: "MIT" } },
    servers: [{ url: "/" }],
    paths,
    components: {
      schemas: { Problem: PROBLEM_SCHEMA },
      securitySchemes: {
        bearerToken: {
          type: "http",
          scheme: "bearer",
          description: "an API token from `coca token create --role viewer|analyst|admin`",
        },
      },
    },
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
  };
}
