/**
 * @module imagery/compute/masks
 * Per-pixel quality masks from the Sentinel-2 scene classification layer (SCL) or the Landsat
 * Collection 2 QA_PIXEL bit field, as one code per pixel: 0 clear, 1 nodata, 2 cloud, 3 cloud shadow, 4 snow.
 */

export const MASK_CLEAR = 0;
export const MASK_NODATA = 1;
export const MASK_CLOUD = 2;
export const MASK_SHADOW = 3;
export const MASK_SNOW = 4;
export const MASK_NAMES = ["clear", "nodata", "cloud", "cloud shadow", "snow"] as const;

/**
 * Sentinel-2 L2A SCL (ESA L2A Product Format Specification): 0 no data, 1 saturated or defective,
 * 2 dark area / topographic shadow, 3 cloud shadow, 4 vegetation, 5 not vegetated, 6 water, 7 unclassified,
 * 8 cloud medium probability, 9 cloud high probability, 10 thin cirrus, 11 snow or ice.
 */
const SCL_TO_MASK = new Uint8Array([
  MASK_NODATA,
  MASK_NODATA,
  MASK_CLEAR,
  MASK_SHADOW,
  MASK_CLEAR,
  MASK_CLEAR,
  MASK_CLEAR,
  MASK_CLEAR,
  MASK_CLOUD,
  MASK_CLOUD,
  MASK_CLOUD,
  MASK_SNOW,
]);

/** Mask codes from SCL values; values outside 0..11 count as nodata. */
export function maskFromScl(scl: ArrayLike<number>, n = scl.length, out: Uint8Array = new Uint8Array(n)): Uint8Array {
  for (let i = 0; i < n; i++) {
    const v = scl[i]!;
    out[i] = v >= 0 && v <= 11 ? SCL_TO_MASK[v]! : MASK_NODATA;
  }
  return out;
}

/**
 * Mask codes from Landsat Collection 2 QA_PIXEL (USGS LSDS-1619/1328): bit 0 fill, 1 dilated cloud,
 * 2 cirrus (OLI), 3 cloud, 4 cloud shadow, 5 snow. Fill wins over cloud, cloud over shadow, shadow over snow.
 */
export function maskFromQaPixel(qa: ArrayLike<number>, n = qa.length, out: Uint8Array = new Uint8Array(n)): Uint8Array {
  for (let i = 0; i < n; i++) {
    const v = qa[i]!;
    out[i] = v & 1 ? MASK_NODATA : v & 0b1110 ? MASK_CLOUD : v & 0b10000 ? MASK_SHADOW : v & 0b100000 ? MASK_SNOW : MASK_CLEAR;
  }
  return out;
}

/** Mark as nodata every pixel where any of `bands` is NaN (nodata after scaling). */
export function maskNaN(bands: readonly Float32Array[], n: number, mask: Uint8Array): Uint8Array {
  for (const b of bands) {
    for (let i = 0; i < n; i++) if (b[i] !== b[i]) mask[i] = MASK_NODATA;
  }
  return mask;
}

/** 1 where the mask is clear, 0 elsewhere (the `valid` input of computeFeatures). */
export function validFromMask(mask: Uint8Array, n = mask.length, out = new Uint8Array(n)): Uint8Array {
  for (let i = 0; i < n; i++) out[i] = mask[i] === MASK_CLEAR ? 1 : 0;
  return out;
}

/** Pixel counts per mask code. */
export function countMask(mask: Uint8Array, n = mask.length): Record<(typeof MASK_NAMES)[number], number> {
  const c = new Float64Array(MASK_NAMES.length);
  for (let i = 0; i < n; i++) c[mask[i]!]!++;
  return Object.fromEntries(MASK_NAMES.map((name, k) => [name, c[k]!])) as Record<(typeof MASK_NAMES)[number], number>;
}
