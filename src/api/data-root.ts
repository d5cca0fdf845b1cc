/**
 * @module api/data-root
 * The server's data root (`coca serve --data-root DIR`): the only folder a survey run through the API may read.
 * Every path of a survey config must lie inside it, after symbolic links are resolved; a path outside is refused
 * before anything reads it, and refusals name the config field and the path as given (relative to the root),
 * never the server's absolute paths or any file content.
 */
import { existsSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { InputError } from "../domain/errors.ts";
import type { SurveyConfig } from "../survey/config.ts";

/** The data root as an absolute real path; an InputError when it is not an existing directory. */
export function resolveDataRoot(dir: string): string {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(`--data-root ${dir} is not a directory`, { field: "data-root" });
  return realpathSync(dir);
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

/** Every file path a survey config names, with its field. */
export function configPaths(config: SurveyConfig): { field: string; path: string }[] {
  const out: { field: string; path: string }[] = [];
  config.scenes.forEach((s, i) => {
    if (typeof s === "string") out.push({ field: `scenes.${i}`, path: s });
    else if ("path" in s) out.push({ field: `scenes.${i}.path`, path: s.path });
    else out.push({ field: `scenes.${i}.stac`, path: s.stac });
  });
  if (config.model !== undefined) out.push({ field: "model", path: config.model });
  if (config.training) out.push({ field: "training.labels", path: config.training.labels });
  out.push({ field: "regions.path", path: config.regions.path });
  const strata = config.design.strata;
  if (typeof strata === "object" && "raster" in strata) out.push({ field: "design.strata.raster", path: strata.raster });
  if (config.labels !== undefined) out.push({ field: "labels", path: config.labels });
  return out;
}

/**
 * Refuse (InputError naming the field) any path of `config` outside `root`: paths resolved against the root,
 * symbolic links followed; http(s) URLs are not server files and pass; other URL schemes (file:) are refused.
 */
export function checkConfigUnderDataRoot(config: SurveyConfig, root: string): void {
  for (const { field, path } of configPaths(config)) {
    if (/^https?:\/\//i.test(path)) continue;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path))
      throw new InputError(`${field}: only paths under the data root and http(s) URLs are read`, { field: `body.config.${field}` });
    const abs = resolve(root, path);
    const shown = inside(root, abs) ? relative(root, abs) : "a path";
    if (!inside(root, abs)) throw new InputError(`${field}: ${shown} outside the server's data root is not read`, { field: `body.config.${field}` });
    if (!existsSync(abs)) throw new InputError(`${field}: ${shown} does not exist under the server's data root`, { field: `body.config.${field}` });
    if (!inside(root, realpathSync(abs)))
      throw new InputError(`${field}: ${shown} links outside the server's data root and is not read`, { field: `body.config.${field}` });
  }
}
