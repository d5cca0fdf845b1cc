/**
 * @module api/error-handler
 * The API's one mapping point from errors to HTTP answers: the domain errors of
 * `domain/errors.ts` (InputError 400, DataError 422, NotFoundError 404, ConflictError 409),
 * validation failures (400 naming each field), HTTP conditions (401, 403, 413, 429) and anything
 * else (500, logged on the server with a request id; no stack or message reaches the client).
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { ConflictError, DataError, InputError, NotFoundError } from "../domain/errors.ts";
import { HttpProblem, PROBLEM_MEDIA_TYPE, ValidationProblem, problemType, type Problem } from "./problem.ts";

export interface ProblemFor {
  status: number;
  problem: Problem;
  headers: Record<string, string>;
}

/** The status and problem document for an error thrown while answering `path`. */
export function problemFor(error: unknown, path: string, requestId?: string): ProblemFor {
  const make = (status: number, detail: string, extra: Partial<Problem> = {}, headers: Record<string, string> = {}): ProblemFor => ({
    status,
    problem: { ...problemType(status), status, detail, instance: path, ...extra },
    headers,
  });
  if (error instanceof ValidationProblem) {
    return make(400, error.message, { field: error.issues[0]?.field, errors: error.issues });
  }
  if (error instanceof InputError) {
    return make(400, error.message, error.field ? { field: error.field, errors: [{ field: error.field, detail: error.message }] } : {});
  }
  if (error instanceof DataError) return make(422, error.message);
  if (error instanceof NotFoundError) return make(404, error.message);
  if (error instanceof ConflictError) return make(409, error.message);
  if (error instanceof HttpProblem) return make(error.status, error.message, error.field ? { field: error.field } : {}, error.headers);
  if (error instanceof HTTPException && error.status < 500) {
    return make(error.status, error.message || problemType(error.status).title.toLowerCase());
  }
  return make(500, `internal error while answering ${path}; quote request id ${requestId ?? "?"} to the operator`, { requestId });
}

/** A problem+json response. */
export function problemResponse(c: Context, p: ProblemFor): Response {
  return c.newResponse(JSON.stringify(p.problem), p.status as 400, { ...p.headers, "content-type": PROBLEM_MEDIA_TYPE });
}

/** Hono `onError` handler. */
export function handleError(error: Error, c: Context): Response {
  const requestId = (c.get("requestId" as never) as string | undefined) ?? undefined;
  const p = problemFor(error, c.req.path, requestId);
  if (p.status >= 500) {
    // Logged for the operator only; the client gets the request id, never the stack.
    console.error(`[${new Date().toISOString()}] ${requestId ?? "-"} ${c.req.method} ${c.req.path}: ${error.stack ?? error.message}`);
  }
  return problemResponse(c, p);
}
