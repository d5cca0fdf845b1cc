/**
 * @module api/schemas
 * Zod schemas shared by several endpoints: ids, paging, bounding boxes, country codes, years.
 */
import { z } from "zod";
import { normalizeCountry } from "../domain/country.ts";
import { METRIC_UNITS, type Metric } from "../domain/figure.ts";

/** The registry's metric vocabulary, as a zod enum list. */
export const METRICS = Object.keys(METRIC_UNITS) as [Metric, ...Metric[]];

/** A country as users write it (PE, PER, Peru; any case), normalised to ISO alpha-3, or AND. */
export const countryInput = z
  .string()
  .min(1)
  .transform((text, ctx) => {
    try {
      return normalizeCountry(text);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
      return z.NEVER;
    }
  })
  .describe("ISO 3166-1 code or name (PE, PER, Peru), or AND for the Andean total");

/** A positive integer id in a path. */
export const idParam = z.coerce.number().int().positive();

export const COUNTRY_CODES = ["PER", "BOL", "COL", "AND"] as const;
export const countryCode = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.enum(COUNTRY_CODES))
  .describe("ISO 3166-1 alpha-3 (PER, BOL, COL) or AND for the Andean total");

export const year = z.coerce.number().int().min(1980).max(2100);

export const limit = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback).describe(`page size, 1 to ${max} (default ${fallback})`);
export const offset = z.coerce.number().int().min(0).default(0).describe("items to skip (default 0)");

/** "minLon,minLat,maxLon,maxLat" in WGS 84 degrees. */
export const bbox = z
  .string()
  .describe("minLon,minLat,maxLon,maxLat in WGS 84 degrees")
  .transform((text, ctx) => {
    const parts = text.split(",").map((p) => Number(p.trim()));
    if (parts.length !== 4 || parts.some((p) => !Number.isFinite(p))) {
      ctx.addIssue({ code: "custom", message: `expected four numbers minLon,minLat,maxLon,maxLat, got "${text}"` });
      return z.NEVER;
    }
    const [w, s, e, n] = parts as [number, number, number, number];
    if (w < -180 || e > 180 || s < -90 || n > 90) {
      ctx.addIssue({ code: "custom", message: `bbox ${text} is outside -180..180 longitude or -90..90 latitude` });
      return z.NEVER;
    }
    if (w > e || s > n) {
      ctx.addIssue({ code: "custom", message: `bbox ${text} has min greater than max (expected minLon,minLat,maxLon,maxLat)` });
      return z.NEVER;
    }
    return [w, s, e, n] as [number, number, number, number];
  });
