/**
 * @module api/endpoints/report
 * `GET /v1/surveys/{id}/report?lang=es|en&format=pdf|html`: the annual report of a stored survey (the
 * same file as `coca report`), and `GET /v1/change/analyses/{id}/report`, the report of a stored change
 * analysis (`coca report --change`), laid out in headless Chromium on the server. A stored survey or
 * analysis never changes, so each (survey or analysis, language, format) is rendered once and kept (while the registry's figure
 * count is unchanged); renders run one at a time.
 */
import { z } from "zod";
import { writeReportBytes } from "../../report/report.ts";
import { REPORT_LANGS } from "../../report/report-text.ts";
import { defineRoute, type AnyRoute } from "../route.ts";
import { idParam } from "../schemas.ts";
import type { EndpointDeps } from "./deps.ts";

/** Reports kept in memory (a PDF is a few hundred kB). */
const MAX_KEPT = 24;

export function reportRoutes({ store }: EndpointDeps): AnyRoute[] {
  const kept = new Map<string, Promise<Uint8Array>>();
  let queue: Promise<unknown> = Promise.resolve();
  const render = async (
    c: Parameters<AnyRoute["handler"]>[0],
    key: string,
    options: Parameters<typeof writeReportBytes>[1],
    filename: string,
  ): Promise<Response> => {
    const full = `${key}|${options.lang}|${options.format}|${await store.figures.count()}`;
    let bytes = kept.get(full);
    if (!bytes) {
      const job = queue.then(() => writeReportBytes(store, options));
      queue = job.catch(() => undefined);
      bytes = job;
      bytes.catch(() => kept.delete(full));
      if (kept.size >= MAX_KEPT) kept.delete(kept.keys().next().value!);
      kept.set(full, bytes);
    }
    const body = await bytes;
    return c.body(new Uint8Array(body), 200, {
      "content-type": options.format === "pdf" ? "application/pdf" : "text/html; charset=utf-8",
      "content-disposition": `inline; filename="${filename}-${options.lang}.${options.format}"`,
      "cache-control": "public, max-age=300",
    });
  };
  const query = z.object({ lang: z.enum(REPORT_LANGS).default("es"), format: z.enum(["pdf", "html"]).default("pdf") });
  return [
    defineRoute({
      method: "get",
      path: "/v1/change/analyses/:id/report",
      operationId: "getChangeReport",
      summary:
        "The report of a stored change analysis (key figures of both dates, new/persistent/lost/net coca and replanting rates with CIs, the change map with the eradication sites) as PDF or self-contained HTML",
      tag: "change",
      params: z.object({ id: idParam }),
      query,
      responses: { 200: { description: "the report: application/pdf, or text/html (one file, no external resources)", mediaType: "application/pdf" } },
      handler: (c, { params, query: q }) =>
        render(c, `change|${params.id}`, { changeId: params.id, lang: q.lang, format: q.format }, `coca-change-${params.id}`),
    }),
    defineRoute({
      method: "get",
      path: "/v1/surveys/:id/report",
      operationId: "getSurveyReport",
      summary: "The survey's annual report (key figures, regions, maps, production, official figures, methodology, provenance) as PDF or self-contained HTML",
      tag: "surveys",
      params: z.object({ id: idParam }),
      query,
      responses: { 200: { description: "the report: application/pdf, or text/html (one file, no external resources)", mediaType: "application/pdf" } },
      handler: (c, { params, query: q }) =>
        render(c, `survey|${params.id}`, { surveyId: params.id, lang: q.lang, format: q.format }, `coca-survey-${params.id}`),
    }),
  ];
}
