/**
 * @module imagery/read/stac-file
 * Reading STAC JSON: one Item (file or URL), or an ItemCollection (the saved result of a catalogue search,
 * `type: "FeatureCollection"`) whose items are named `COLLECTION.json#ITEM_ID`, so a scene reference stays a
 * plain string (tile jobs are plain data). `listStacItems` expands a collection into such references with
 * each item's date and cloud cover, for provenance and the mosaic's ordering.
 */
import { DataError, NotFoundError } from "../../domain/errors.ts";
import { readTextFile } from "../../io/read-file.ts";
import { isUrl } from "../../raster/read/byte-source.ts";
import type { StacItem } from "./stac-item.ts";

/** Largest STAC JSON read (an ItemCollection of a few thousand items fits). */
const MAX_JSON_BYTES = 64 * 1024 * 1024;

export interface StacItemRef {
  /** `file#id` for an item of a collection, the file itself for a lone Item. */
  ref: string;
  id: string;
  /** ISO date-time of the item (`properties.datetime`), or null. */
  datetime: string | null;
  /** `eo:cloud_cover` in percent, or null. */
  cloudCoverPct: number | null;
  platform: string | null;
}

async function readJson(file: string, signal?: AbortSignal): Promise<unknown> {
  let text: string;
  if (isUrl(file)) {
    const r = await fetch(file, { signal });
    if (r.status === 404) throw new NotFoundError(`${file}: not found (HTTP 404)`);
    if (!r.ok) throw new DataError(`${file}: HTTP ${r.status}`);
    text = await r.text();
  } else {
    text = await readTextFile(file, { unreadable: "data" });
  }
  if (text.length > MAX_JSON_BYTES) throw new DataError(`${file}: STAC JSON of ${text.length} bytes is larger than ${MAX_JSON_BYTES}`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DataError(`${file}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
}

function splitRef(ref: string): { file: string; id: string | undefined } {
  const hash = ref.lastIndexOf("#");
  return hash > 0 && /\.json$/i.test(ref.slice(0, hash))
    ? { file: ref.slice(0, hash), id: decodeURIComponent(ref.slice(hash + 1)) }
    : { file: ref, id: undefined };
}

/** The Item a scene reference names: a lone Item file, or `collection.json#id`. */
export async function readStacItem(ref: string, signal?: AbortSignal): Promise<{ item: StacItem; file: string }> {
  const { file, id } = splitRef(ref);
  const doc = (await readJson(file, signal)) as { type?: string; features?: StacItem[] } & StacItem;
  if (doc?.type === "FeatureCollection") {
    const features = Array.isArray(doc.features) ? doc.features : [];
    if (id === undefined)
      throw new DataError(`${file}: an ItemCollection of ${features.length} items; name one as ${file}#ITEM_ID, or list it as the survey's scenes`);
    const item = features.find((f) => f?.id === id);
    if (!item)
      throw new DataError(
        `${file}: no item with id "${id}" (items: ${features
          .slice(0, 5)
          .map((f) => f?.id)
          .join(", ")}${features.length > 5 ? ", ..." : ""})`,
      );
    return { item, file };
  }
  if (id !== undefined && doc?.id !== id) throw new DataError(`${file}: the Item's id is "${String(doc?.id)}", not "${id}"`);
  return { item: doc, file };
}

/** Every Item of a STAC file: one for a lone Item, all for an ItemCollection. */
export async function listStacItems(file: string, signal?: AbortSignal): Promise<StacItemRef[]> {
  const doc = (await readJson(file, signal)) as { type?: string; features?: StacItem[] } & StacItem;
  const describe = (item: StacItem, ref: string): StacItemRef => {
    const p = item.properties ?? {};
    const cc = p["eo:cloud_cover"];
    return {
      ref,
      id: String(item.id ?? ""),
      datetime: typeof p.datetime === "string" ? p.datetime : null,
      cloudCoverPct: typeof cc === "number" ? cc : null,
      platform: typeof p.platform === "string" ? p.platform : null,
    };
  };
  if (doc?.type === "FeatureCollection") {
    const features = Array.isArray(doc.features) ? doc.features : [];
    if (features.length === 0) throw new DataError(`${file}: an ItemCollection with no items`);
    const ids = new Set<string>();
    return features.map((f, i) => {
      if (!f || f.type !== "Feature" || typeof f.id !== "string" || f.id === "") throw new DataError(`${file}: feature ${i} is not a STAC Item with an id`);
      if (ids.has(f.id)) throw new DataError(`${file}: two items share the id "${f.id}"`);
      ids.add(f.id);
      return describe(f, `${file}#${encodeURIComponent(f.id)}`);
    });
  }
  if (doc?.type !== "Feature") throw new DataError(`${file}: neither a STAC Item nor an ItemCollection`);
  return [describe(doc, file)];
}
