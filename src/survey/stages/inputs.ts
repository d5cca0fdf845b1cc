/**
 * @module survey/stages/inputs
 * Stage "inputs": every input file of a survey with its SHA-256 and size, for the provenance.
 * URLs are recorded without a checksum (they are read later, by the stage that needs them).
 */
import { statSync } from "node:fs";
import { NotFoundError } from "../../domain/errors.ts";
import type { InputRecord } from "../../domain/provenance.ts";
import type { SurveyConfig } from "../../domain/survey-config.ts";
import { sha256File } from "../../io/checksum.ts";
import { isUrl } from "../../raster/read/byte-source.ts";

export interface InputsContext {
  config: SurveyConfig;
  /** The config file (recorded too), if the config came from one; named in messages. */
  configPath?: string;
  /** Entries recorded first (e.g. the demo's synthesis parameters). */
  extraInputs?: readonly InputRecord[];
}

/** One input: its checksum and size, or a NotFoundError naming the config, the role and the file. */
export async function inputRecord(role: string, path: string, configPath?: string): Promise<InputRecord> {
  if (isUrl(path)) return { role, path, sha256: null, sizeBytes: null };
  let sizeBytes: number;
  try {
    sizeBytes = statSync(path).size;
  } catch (cause) {
    throw new NotFoundError(
      `${configPath ? `${configPath}: ` : ""}${role} file ${path} cannot be read (${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message})`,
      { cause },
    );
  }
  return { role, path, sha256: await sha256File(path), sizeBytes };
}

/** The inputs named by the config, in a fixed order. The scene files are added after "classify". */
export async function inputsStage({ config, configPath, extraInputs = [] }: InputsContext): Promise<InputRecord[]> {
  const list: InputRecord[] = [...extraInputs];
  if (configPath) list.push(await inputRecord("config", configPath, configPath));
  if (config.model) list.push(await inputRecord("model", config.model, configPath));
  if (config.training) list.push(await inputRecord("training labels", config.training.labels, configPath));
  list.push(await inputRecord("regions", config.regions.path, configPath));
  if (config.labels) list.push(await inputRecord("reference labels", config.labels, configPath));
  const strata = config.design.strata;
  if (typeof strata === "object" && "raster" in strata) list.push(await inputRecord("strata raster", strata.raster, configPath));
  return list;
}
