/**
 * @module change/change-config
 * Two years' scenes in one config, classified by one model: a change survey config is a survey config
 * (domain/survey-config.ts) whose `year` and `scenes` are replaced by `years: [{year, scenes}, {year, scenes}]`.
 * Each year is validated as a survey config of its own (paths resolved against the config's folder); the classifier
 * is loaded (`model`) or trained once (`training`, on the first year's scenes) and classifies both years through the
 * survey's own stages (survey/stages/classifier and classify), so both class maps share one legend and one model.
 * The two class maps then take the path of two stored surveys' maps (`coca change survey`).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { InputError } from "../domain/errors.ts";
import type { SurveyConfig } from "../domain/survey-config.ts";
import type { TilePool } from "../imagery/workers/tile-pool.ts";
import { readTextFileSync } from "../io/read-file.ts";
import { MAX_NESTING_DEPTH, nestingDepth } from "../io/nesting-depth.ts";
import { validateSurveyConfig } from "../survey/config.ts";
import { expandScenes } from "../survey/scenes.ts";
import { checkTargetClass, classifierStage } from "../survey/stages/classifier.ts";
import { classifyStage } from "../survey/stages/classify.ts";

export interface ChangeSurveyConfig {
  file: string;
  /** The two years as survey configs, first year first. */
  years: [SurveyConfig, SurveyConfig];
}

const yearsSchema = z
  .array(
    z
      .object({
        year: z.number().int().min(1980).max(2100),
        scenes: z.array(z.unknown()).min(1, "needs at least one scene"),
      })
      .strict(),
  )
  .length(2, "a change survey config names exactly two years");

/** Read a change survey config (YAML or JSON). Errors name the file and the field (`years.1.scenes.0...`). */
export function loadChangeSurveyConfig(file: string): ChangeSurveyConfig {
  const text = readTextFileSync(file, { what: "change survey config" });
  if (nestingDepth(text, MAX_NESTING_DEPTH) > MAX_NESTING_DEPTH) throw new InputError(`${file}: nested more than ${MAX_NESTING_DEPTH} levels deep`);
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (cause) {
    throw new InputError(`${file}: not valid YAML or JSON: ${(cause as Error).message}`, { cause });
  }
  return parseChangeSurveyConfig(raw, file);
}

export function parseChangeSurveyConfig(raw: unknown, file: string): ChangeSurveyConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new InputError(`${file}: a change survey config is a mapping (YAML or JSON object)`);
  const { years, ...rest } = raw as Record<string, unknown>;
  if ("year" in rest || "scenes" in rest) {
    throw new InputError(`${file}: give each year's scenes under years: [{year, scenes}, {year, scenes}], not a top-level year or scenes`, { field: "years" });
  }
  const parsed = yearsSchema.safeParse(years);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new InputError(`invalid change survey config\n${file}: years${i.path.length ? `.${i.path.join(".")}` : ""}: ${i.message}`, { field: "years" });
  }
  const [y1, y2] = parsed.data as [{ year: number; scenes: unknown[] }, { year: number; scenes: unknown[] }];
  if (!(y1.year < y2.year)) throw new InputError(`${file}: years: the first year (${y1.year}) must come before the second (${y2.year})`, { field: "years" });
  const configs = [y1, y2].map((y, k) => {
    try {
      return validateSurveyConfig({ ...rest, year: y.year, scenes: y.scenes }, file);
    } catch (error) {
      if (error instanceof InputError) throw new InputError(error.message.replace(/\n(.*?): scenes/g, `\n$1: years.${k}.scenes`), { field: error.field });
      throw error;
    }
  }) as [SurveyConfig, SurveyConfig];
  return { file, years: configs };
}

export interface ClassifiedYear {
  year: number;
  /** The year's class map (classes.tif in `<outDir>/year-<year>/`). */
  classesPath: string;
  /** Every file the year's scenes read. */
  sceneFiles: string[];
  /** The year's scenes (what a chip of that year is cut from). */
  scenes: { id: string; ref: string; datetime: string | null }[];
}

export interface ClassifiedYears {
  model: { path: string; sha256: string; trained: boolean; classes: string[]; heldOutAccuracy?: number };
  years: [ClassifiedYear, ClassifiedYear];
}

/** Load or train the classifier once and classify both years with it (the survey's classifier and classify stages). */
export async function classifyChangeYears(config: ChangeSurveyConfig, outDir: string, pool: TilePool, signal?: AbortSignal): Promise<ClassifiedYears> {
  const [c1] = config.years;
  const scenes = await Promise.all(config.years.map((c) => expandScenes(c.scenes, config.file)));
  mkdirSync(outDir, { recursive: true });
  const classifier = await classifierStage({ config: { ...c1, outDir }, scene: scenes[0]![0]!.ref });
  checkTargetClass(c1.targetClass, classifier.classes, config.file);
  let sha256 = "";
  const years = [] as unknown as [ClassifiedYear, ClassifiedYear];
  for (let k = 0; k < 2; k++) {
    const c = config.years[k]!;
    mkdirSync(join(outDir, `year-${c.year}`), { recursive: true });
    const classified = await classifyStage({
      scenes: scenes[k]!,
      modelPath: classifier.path,
      outDir: join(outDir, `year-${c.year}`),
      pool,
      grid: c.grid,
      mosaic: c.mosaic,
      signal,
    });
    sha256 = classified.modelSha256;
    years[k] = {
      year: c.year,
      classesPath: classified.classesPath,
      sceneFiles: classified.sceneFiles,
      scenes: scenes[k]!.map((sc) => ({ id: sc.id, ref: sc.ref, datetime: sc.datetime })),
    };
  }
  return {
    model: { path: classifier.path, sha256, trained: classifier.trained, classes: classifier.classes, heldOutAccuracy: classifier.heldOutAccuracy },
    years,
  };
}
