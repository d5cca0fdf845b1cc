/**
 * @module domain/survey-config
 * The survey config's shape: what a survey run needs (scenes, classifier, regions, design,
 * labels, production, confidence), as a zod schema with the type inferred from it. Reading a
 * file and resolving relative paths is survey/config.ts; the resolved config is stored with
 * each survey (store/survey-repository.ts) and answered by the API.
 */
import { z } from "zod";

const pathOrUrl = z.string().min(1, "must be a file path or URL");

/**
 * A scene: a GeoTIFF/COG/VRT, a band folder, a Landsat MTL, a STAC Item, or a STAC ItemCollection
 * (every item of it is a scene); `date` breaks ties between overlapping scenes (later first).
 */
const sceneSchema = z.union([
  pathOrUrl,
  z
    .object({
      path: pathOrUrl,
      date: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}/, "must be an ISO date")
        .optional(),
    })
    .strict(),
  z.object({ stac: pathOrUrl, bands: z.array(z.string()).optional() }).strict(),
]);

/** The survey grid several scenes are mosaicked onto: an EPSG code, a cell size in metres, optional bounds in that CRS. */
const gridSchema = z
  .object({
    epsg: z.number().int().positive(),
    resolutionM: z.number().positive(),
    bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
  })
  .strict();

const allocationSchema = z.string().regex(/^(proportional|equal|neyman|min:\d+)$/, "must be proportional, equal, neyman or min:N");

export const surveyConfigSchema = z
  .object({
    name: z.string().min(1).optional(),
    country: z.string().min(2, "must be an ISO 3166-1 code or country name"),
    year: z.number().int().min(1980).max(2100),
    seed: z.number().int(),
    scenes: z.array(sceneSchema).min(1, "needs at least one scene"),
    /** With several scenes: the grid of the mosaic (default: the first scene's CRS and cell size over all scenes). */
    grid: gridSchema.optional(),
    /** With several scenes: which scene a pixel comes from where they overlap (default least-cloudy, then latest). */
    mosaic: z
      .object({ order: z.enum(["least-cloudy", "given"]) })
      .strict()
      .optional(),
    model: pathOrUrl.optional(),
    training: z
      .object({
        labels: pathOrUrl,
        classField: z.string().min(1),
        trees: z.number().int().positive().optional(),
        maxDepth: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    regions: z.object({ path: pathOrUrl, nameField: z.string().min(1).default("name") }).strict(),
    targetClass: z.string().min(1).default("coca"),
    fields: z
      .object({ minAreaHa: z.number().min(0).default(0.1), simplifyM: z.number().min(0).default(0) })
      .strict()
      .default({ minAreaHa: 0.1, simplifyM: 0 }),
    design: z
      .object({
        n: z.number().int().positive().optional(),
        targetSe: z.number().positive().optional(),
        allocation: allocationSchema.default("proportional"),
        /** For targetSe: anticipated user's accuracy of the target class's stratum, and its share in the other strata. */
        anticipatedUsersAccuracy: z.number().gt(0).max(1).default(0.7),
        anticipatedOmission: z.number().gt(0).max(1).default(0.01),
        /**
         * Strata: "map" (the map classes, default), a strata raster on the map's grid
         * ({raster: path}, e.g. map classes x regions), or the map classes plus a buffer stratum
         * of non-target pixels within bufferPx of mapped target pixels, where omission hides.
         */
        strata: z
          .union([z.literal("map"), z.object({ raster: pathOrUrl }).strict(), z.object({ bufferPx: z.number().int().min(1).max(1000) }).strict()])
          .default("map"),
      })
      .strict()
      .refine((d) => (d.n === undefined) !== (d.targetSe === undefined), {
        message: "give exactly one of n or targetSe",
      }),
    labels: pathOrUrl.optional(),
    /**
     * Named interpreters: the design gives every unit to one of them (balanced, seeded from the survey seed's "assignment"
     * stream, as `coca survey assign` does) and a share of the units (`double`, e.g. 0.2) to a second one; each gets a blind
     * sheet of their own (NAME.sheet.csv), and the stored survey keeps the assignments, so that an interpreter writing to
     * another's units is refused.
     */
    interpreters: z
      .object({
        names: z.array(z.string().trim().min(1, "must be a name")).min(1, "name at least one interpreter"),
        double: z.number().min(0).max(1).default(0),
      })
      .strict()
      .optional(),
    /**
     * The production stage: a parameter set (default: the country's for the year) and Monte Carlo draws, or `false` to
     * store the survey without it (also skipped, with a warning, when the target class is not coca).
     */
    production: z
      .union([
        z.literal(false),
        z
          .object({
            params: z.string().min(1).optional(),
            draws: z.number().int().min(1000).max(10_000_000).default(100_000),
          })
          .strict(),
      ])
      .default({ draws: 100_000 }),
    confidence: z.number().gt(0).lt(1).default(0.95),
    outDir: z.string().min(1).default("survey-out"),
  })
  .strict()
  .refine((c) => c.model !== undefined || c.training !== undefined, {
    message: "give a classifier `model` or `training` labels to train one",
    path: ["model"],
  });

export type SurveyConfig = z.infer<typeof surveyConfigSchema>;
