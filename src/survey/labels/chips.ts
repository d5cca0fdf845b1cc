/**
 * @module survey/labels/chips
 * Image chips for interpreters, cut from a survey's scenes around a unit: true colour (red, green,
 * blue) or a false-colour composite (near infrared, red, green), each band stretched linearly
 * between its 2nd and 98th percentile over the chip, the unit's pixel at the centre (outside the
 * scene: transparent). The chip is imagery only: nothing of the map's class. RGBA, for a PNG.
 */
import { DataError } from "../../domain/errors.ts";
import { fromWgs84Transform, mapToPixel, type PixelWindow } from "../../domain/raster-grid.ts";
import type { Scene } from "../../imagery/read/scene.ts";

export type ChipComposite = "true-colour" | "false-colour";

export const CHIP_BANDS: Record<ChipComposite, readonly [string, string, string]> = {
  "true-colour": ["red", "green", "blue"],
  "false-colour": ["nir", "red", "green"],
};

/** Linear stretch of `v` between the 2nd and 98th percentiles of its finite values, to 0..255 (NaN stays NaN). */
export function stretch(v: Float32Array): Float32Array {
  const finite = Array.from(v)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const out = new Float32Array(v.length).fill(NaN);
  if (finite.length === 0) return out;
  const lo = finite[Math.floor(0.02 * (finite.length - 1))]!;
  const hi = finite[Math.ceil(0.98 * (finite.length - 1))]!;
  const span = hi > lo ? hi - lo : 1;
  for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i]!)) out[i] = Math.max(0, Math.min(255, ((v[i]! - lo) / span) * 255));
  return out;
}

/** A chip of `sizePx` x `sizePx` scene pixels centred on (lon, lat), as RGBA. */
export async function chipRgba(
  scene: Scene,
  { lon, lat, sizePx = 64, composite = "true-colour" }: { lon: number; lat: number; sizePx?: number; composite?: ChipComposite },
): Promise<Uint8Array> {
  const bands = CHIP_BANDS[composite];
  const missing = bands.filter((b) => !scene.bandNames.includes(b));
  if (missing.length > 0)
    throw new DataError(`scene ${scene.ref} has no ${missing.join(", ")} band for a ${composite} chip (bands: ${scene.bandNames.join(", ")})`);
  const [x, y] = fromWgs84Transform(scene.grid.crs, `scene ${scene.ref}`)([lon, lat]);
  const [fc, fr] = mapToPixel(scene.grid, x, y);
  const col0 = Math.floor(fc) - Math.floor(sizePx / 2);
  const row0 = Math.floor(fr) - Math.floor(sizePx / 2);
  // The part of the chip inside the scene.
  const c0 = Math.max(0, col0);
  const r0 = Math.max(0, row0);
  const c1 = Math.min(scene.grid.width, col0 + sizePx);
  const r1 = Math.min(scene.grid.height, row0 + sizePx);
  const channels = bands.map(() => new Float32Array(sizePx * sizePx).fill(NaN));
  if (c1 > c0 && r1 > r0) {
    const window: PixelWindow = { x0: c0, y0: r0, x1: c1, y1: r1 };
    const w = c1 - c0;
    const read = await scene.readBands(window, bands);
    bands.forEach((b, k) => {
      const src = read[b]!;
      for (let r = 0; r < r1 - r0; r++) {
        for (let c = 0; c < w; c++) channels[k]![(r + r0 - row0) * sizePx + (c + c0 - col0)] = src[r * w + c]!;
      }
    });
  }
  const stretched = channels.map(stretch);
  const rgba = new Uint8Array(sizePx * sizePx * 4);
  for (let i = 0; i < sizePx * sizePx; i++) {
    const ok = stretched.every((ch) => Number.isFinite(ch[i]!));
    for (let k = 0; k < 3; k++) rgba[i * 4 + k] = ok ? Math.round(stretched[k]![i]!) : 0;
    rgba[i * 4 + 3] = ok ? 255 : 0;
  }
  return rgba;
}
