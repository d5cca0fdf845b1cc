/**
 * @module api/problem
 * RFC 9457 problem details: the one shape of every error the API returns
 * (`application/problem+json`), and `HttpProblem`, an error carrying an HTTP status
 * for conditions that belong to HTTP itself (401, 403, 413, 429).
 */

export const PROBLEM_MEDIA_TYPE = "application/problem+json";

export interface FieldIssue {
  /** Where the problem is: "query.bbox", "body.rows[3].value", "params.id", "body". */
  field: string;
  detail: string;
}

export interface Problem {
  /** A URI naming the kind of problem (urn:coca-monitor:problem:<slug>). */
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The request path. */
  instance: string;
  /** The first field at fault, when the request named one. */
  field?: string;
  /** Every field at fault, for validation failures. */
  errors?: FieldIssue[];
  /** Quote it when reporting a 500. */
  requestId?: string;
}

export const PROBLEM_TYPES = {
  400: ["invalid-input", "Invalid input"],
  401: ["unauthenticated", "Authentication required"],
  403: ["forbidden", "Not allowed for this role"],
  404: ["not-found", "Not found"],
  405: ["method-not-allowed", "Method not allowed"],
  409: ["conflict", "Conflict"],
  413: ["payload-too-large", "Request body too large"],
  415: ["unsupported-media-type", "Unsupported media type"],
  422: ["unusable-data", "Unusable data"],
  429: ["rate-limited", "Too many requests"],
  500: ["internal", "Internal error"],
} as const satisfies Record<number, readonly [string, string]>;

export function problemType(status: number): { type: string; title: string } {
  const known = (PROBLEM_TYPES as Record<number, readonly [string, string]>)[status];
  if (!known) return { type: "about:blank", title: `HTTP ${status}` };
  return { type: `urn:coca-monitor:problem:${known[0]}`, title: known[1] };
}

/** An error that is answered with its own HTTP status and optional extra headers. */
export class HttpProblem extends Error {
  override name = "HttpProblem";
  readonly status: number;
  readonly field?: string;
  readonly headers: Record<string, string>;
  constructor(status: number, message: string, options: { field?: string; headers?: Record<string, string>; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.status = status;
    this.field = options.field;
    this.headers = options.headers ?? {};
  }
}

/** A validation failure naming every field at fault (answered 400). */
export class ValidationProblem extends Error {
  override name = "ValidationProblem";
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[]) {
    super(issues.map((i) => `${i.field}: ${i.detail}`).join("; "));
    this.issues = issues;
  }
}
