/**
 * @module api/chip-response
 * A unit's image chip as a PNG answer, for the survey and the change-survey label endpoints alike: cut once per
 * key and kept (a design and its scenes do not change; the cache is cleared past 2,000 chips), the scene it was cut
 * from named in `x-coca-scene`.
 */
import type { Context } from "hono";
import { encodePngRgba } from "../raster/write/png.ts";

export interface CutChip {
  rgba: Uint8Array;
  sizePx: number;
  scene: { id: string; datetime: string | null };
}

export type ChipCache = Map<string, Promise<{ png: Uint8Array; scene: string }>>;

const MAX_CHIPS = 2000;

export async function chipResponse(c: Context, chips: ChipCache, key: string, cut: () => Promise<CutChip>): Promise<Response> {
  let chip = chips.get(key);
  if (!chip) {
    chip = cut().then((x) => ({
      png: encodePngRgba(x.rgba, x.sizePx, x.sizePx),
      scene: x.scene.datetime ? `${x.scene.id} (${x.scene.datetime})` : x.scene.id,
    }));
    chip.catch(() => chips.delete(key));
    if (chips.size > MAX_CHIPS) chips.clear();
    chips.set(key, chip);
  }
  const { png, scene } = await chip;
  return c.body(new Uint8Array(png), 200, {
    "content-type": "image/png",
    "cache-control": "private, max-age=86400",
    "x-coca-scene": encodeURIComponent(scene),
  });
}
