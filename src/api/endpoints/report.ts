/**
 * @module api/endpoints/report
 * `GET /v1/surveys/{id}/report?lang=es|en&format=pdf|html`: the annual report of a stored survey (the
 * same file as `coca report`), laid out in headless Chromium on the server. A stored survey never
 * changes, so each (survey, language, format) is rendered once and kept (while the registry's figure
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
  return [
    defineRoute({
      method: "get",
      path: "/v1/surveys/:id/report",
      operationId: "getSurveyReport",
      summary: "The survey's annual report (key figures, regions, maps, production, official figures, methodology, provenance) as PDF or self-contained HTML",
      tag: "surveys",
      params: z.object({ id: idParam }),
      query: z.object({ lang: z.enum(REPORT_LANGS).default("es"), format: z.enum(["pdf", "html"]).default("pdf") }),
      responses: { 200: { description: "the report: application/pdf, or text/html (one file, no external resources)", mediaType: "application/pdf" } },
      handler: async (c, { params, query }) => {
        const key = `${params.id}|${query.lang}|${query.format}|${await store.figures.count()}`;
        let bytes = kept.get(key);
        if (!bytes) {
          const job = queue.then(() => writeReportBytes(store, { surveyId: params.id, lang: query.lang, format: query.format }));
          queue = job.catch(() => undefined);
          bytes = job;
          bytes.catch(() => kept.delete(key));
          if (kept.size >= MAX_KEPT) kept.delete(kept.keys().next().value!);
          kept.set(key, bytes);
        }
        const body = await bytes;
        return c.body(new Uint8Array(body), 200, {
          "content-type": query.format === "pdf" ? "application/pdf" : "text/html; charset=utf-8",
          "content-disposition": `inline; filename="coca-survey-${params.id}-${query.lang}.${query.format}"`,
          "cache-control": "public, max-age=300",
        });
      },
    }),
  ];
}
