/**
 * @module survey/scenes
 * The scenes of a survey config, expanded: a STAC ItemCollection (the saved result of a catalogue
 * search) becomes one scene per item, named `COLLECTION.json#ITEM_ID`; a STAC Item keeps its date and
 * cloud cover; a file or URL is one scene with the config's date, if any. Errors name the config.
 */
import { basename } from "node:path";
import { InputError } from "../domain/errors.ts";
import type { SurveyConfig } from "../domain/survey-config.ts";
import { listStacItems } from "../imagery/read/stac-file.ts";

export interface SurveyScene {
  ref: string;
  id: string;
  /** ISO date or date-time, or null. */
  datetime: string | null;
  /** The catalogue's cloud cover (percent), or null. */
  cloudCoverPct: number | null;
  /** A metadata file the scene is read through (STAC JSON), recorded in the provenance. */
  metadataFile: string | null;
}

const isStacJson = (ref: string): boolean => /\.json$/i.test(ref);

/** Every scene of `scenes`, in the config's order (a collection's items in their order). */
export async function expandScenes(scenes: SurveyConfig["scenes"], configPath?: string): Promise<SurveyScene[]> {
  const out: SurveyScene[] = [];
  for (const entry of scenes) {
    const ref = typeof entry === "string" ? entry : "path" in entry ? entry.path : entry.stac;
    const date = typeof entry === "object" && "date" in entry ? (entry.date ?? null) : null;
    if (isStacJson(ref) || (typeof entry === "object" && "stac" in entry)) {
      const items = await listStacItems(ref);
      for (const item of items) out.push({ ref: item.ref, id: item.id, datetime: item.datetime, cloudCoverPct: item.cloudCoverPct, metadataFile: ref });
    } else {
      out.push({ ref, id: basename(ref), datetime: date, cloudCoverPct: null, metadataFile: null });
    }
  }
  const seen = new Set<string>();
  for (const s of out) {
    if (seen.has(s.ref)) throw new InputError(`${configPath ?? "config"}: scenes: ${s.ref} is listed twice`, { field: "scenes" });
    seen.add(s.ref);
  }
  if (out.length > 255) throw new InputError(`${configPath ?? "config"}: scenes: ${out.length} scenes; at most 255 per survey run`, { field: "scenes" });
  return out;
}
