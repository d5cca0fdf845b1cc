/**
 * @module survey/config
 * Reading the survey config (YAML or JSON), validated against domain/survey-config.ts.
 * Errors name the file and the field at fault. Relative paths are resolved
 * against the config file's directory, and the resolved config is what gets
 * stored with the survey's provenance.
 */
import { dirname, isAbsolute, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { InputError } from "../domain/errors.ts";
import { readTextFileSync } from "../io/read-file.ts";
import { MAX_NESTING_DEPTH, nestingDepth } from "../io/nesting-depth.ts";
import { surveyConfigSchema, type SurveyConfig } from "../domain/survey-config.ts";

export { surveyConfigSchema, type SurveyConfig };

/** Turn zod issues into one message naming the file and each field. */
function describeIssues(file: string, error: z.ZodError): InputError {
  const lines = error.issues.map((i) => `${file}: ${i.path.length ? i.path.join(".") : "(top level)"}: ${i.message}`);
  return new InputError(`invalid survey config\n${lines.join("\n")}`, { field: error.issues[0]?.path.join(".") });
}

/** Validate an already-parsed config object; `file` is used in messages and to resolve relative paths. */
export function validateSurveyConfig(raw: unknown, file: string): SurveyConfig {
  const parsed = surveyConfigSchema.safeParse(raw);
  if (!parsed.success) throw describeIssues(file, parsed.error);
  const base = dirname(resolve(file));
  const abs = (p: string): string => (/^[a-z]+:\/\//i.test(p) || isAbsolute(p) ? p : resolve(base, p));
  const c = parsed.data;
  return {
    ...c,
    scenes: c.scenes.map((s) => (typeof s === "string" ? abs(s) : "path" in s ? { ...s, path: abs(s.path) } : { ...s, stac: abs(s.stac) })),
    model: c.model === undefined ? undefined : abs(c.model),
    training: c.training && { ...c.training, labels: abs(c.training.labels) },
    regions: { ...c.regions, path: abs(c.regions.path) },
    design: typeof c.design.strata === "object" && "raster" in c.design.strata ? { ...c.design, strata: { raster: abs(c.design.strata.raster) } } : c.design,
    labels: c.labels === undefined ? undefined : abs(c.labels),
    outDir: abs(c.outDir),
  };
}

/** Read and validate a survey config file (YAML or JSON). */
export function loadSurveyConfig(file: string): SurveyConfig {
  const text = readTextFileSync(file, { what: "survey config" });
  // A config nested deeper than any real one would overflow the YAML parser's stack: refuse it first.
  if (nestingDepth(text, MAX_NESTING_DEPTH) > MAX_NESTING_DEPTH) {
    throw new InputError(`${file}: nested more than ${MAX_NESTING_DEPTH} levels deep; a survey config is a few levels deep`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (cause) {
    throw new InputError(`${file}: not valid YAML or JSON: ${(cause as Error).message}`, { cause });
  }
  return validateSurveyConfig(raw, file);
}
