/**
 * @module imagery/synth/spectra
 * Simulated surface reflectance of each land-cover class in ten Sentinel-2 bands, with variation between
 * parcels (vigour, a soil fraction: young or pruned coca and cacao show soil) and between pixels, so that
 * coca, other crops and regrowth overlap as they do in real imagery. Values are typical of published
 * tropical spectra (forest NIR ~0.3, red ~0.03; bare soil SWIR ~0.3), not measurements.
 */
import { CLASS } from "./legend.ts";
import { hash3, unit } from "./landscape.ts";

/** Band descriptions in file order (the 10 m and 20 m Sentinel-2 bands). */
export const SYNTH_BANDS = ["B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12"] as const;

/** Mean reflectance per class code (index = code) and band. */
const MEAN: readonly (readonly number[])[] = [
  [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  /* primary forest */ [0.02, 0.045, 0.025, 0.07, 0.23, 0.29, 0.31, 0.32, 0.14, 0.06],
  /* secondary regrowth */ [0.025, 0.055, 0.03, 0.085, 0.26, 0.33, 0.35, 0.36, 0.17, 0.075],
  /* pasture */ [0.04, 0.075, 0.06, 0.115, 0.24, 0.29, 0.31, 0.32, 0.25, 0.14],
  /* other crops */ [0.032, 0.065, 0.045, 0.1, 0.25, 0.31, 0.33, 0.34, 0.2, 0.1],
  /* coca */ [0.03, 0.062, 0.04, 0.095, 0.26, 0.32, 0.34, 0.35, 0.19, 0.092],
  /* bare soil and roads */ [0.09, 0.12, 0.15, 0.18, 0.21, 0.23, 0.24, 0.25, 0.32, 0.25],
  /* settlement */ [0.1, 0.12, 0.13, 0.15, 0.17, 0.18, 0.19, 0.195, 0.23, 0.2],
  /* water */ [0.05, 0.07, 0.055, 0.05, 0.04, 0.035, 0.03, 0.028, 0.015, 0.01],
];
const SOIL = MEAN[CLASS.bare]!;
const CLOUD = [0.45, 0.46, 0.47, 0.48, 0.49, 0.5, 0.5, 0.5, 0.4, 0.3];
/** Largest soil fraction a parcel of each class may show. */
const SOIL_MIX = [0, 0, 0.15, 0.25, 0.35, 0.45, 0, 0.1, 0];

/**
 * Fill `out[b][k]` (DN, Sentinel-2 L2A baseline >= 04.00: DN = reflectance * 10000 + 1000) for the pixels
 * of a window given their classes, sky codes (0 clear, 1 cloud, 2 shadow) and parcel ids.
 */
export function synthesizePixels(
  classes: Uint8Array,
  sky: Uint8Array,
  parcelIds: Int32Array,
  x0: number,
  y0: number,
  width: number,
  salt: number,
  out: Uint16Array[],
): void {
  const n = classes.length;
  const nb = SYNTH_BANDS.length;
  const px = new Float64Array(nb);
  for (let k = 0; k < n; k++) {
    const c = classes[k]!;
    const x = x0 + (k % width);
    const y = y0 + Math.floor(k / width);
    const pid = parcelIds[k]!;
    const hp = hash3(pid, c, 8, salt);
    const vigour = 1 + 0.12 * (unit(hp) - 0.5) * 2;
    const soil = SOIL_MIX[c]! * unit(hash3(pid, c, 9, salt));
    const mean = MEAN[c]!;
    for (let b = 0; b < nb; b++) {
      let r = mean[b]! * (b >= 4 && b <= 7 ? vigour : 2 - vigour) * (1 - soil) + SOIL[b]! * soil;
      const h = hash3(x, y, b + 16, salt);
      // Triangular noise from two 16-bit halves: sd about 0.41 * amplitude.
      const e = ((h & 0xffff) + (h >>> 16)) / 65536 - 1;
      r += e * (0.008 + 0.08 * r);
      px[b] = r;
    }
    const s = sky[k]!;
    if (s === 1) {
      const t = 0.6 + 0.4 * unit(hash3(x >> 3, y >> 3, 10, salt));
      for (let b = 0; b < nb; b++) px[b] = px[b]! * (1 - t) + CLOUD[b]! * t;
    } else if (s === 2) {
      for (let b = 0; b < nb; b++) px[b] = px[b]! * 0.35;
    }
    for (let b = 0; b < nb; b++) {
      const dn = Math.round(px[b]! * 10000 + 1000);
      out[b]![k] = dn < 1 ? 1 : dn > 65535 ? 65535 : dn;
    }
  }
}

/** Sentinel-2 SCL code for a class and sky code: 9 cloud (high probability), 3 shadow, 6 water, 4 vegetation, 5 not vegetated. */
export function sclFor(cls: number, sky: number): number {
  if (sky === 1) return 9;
  if (sky === 2) return 3;
  if (cls === CLASS.water) return 6;
  if (cls === CLASS.bare || cls === CLASS.settlement) return 5;
  return 4;
}
