/**
 * @module imagery/compute/indices
 * Spectral indices over surface-reflectance bands (unitless, 0..1), one flat Float32Array per band.
 * A pixel whose inputs are NaN (masked) gives NaN; a zero denominator gives 0.
 *
 * NDVI  (nir - red) / (nir + red)                              Rouse et al. (1974)
 * EVI   2.5 (nir - red) / (nir + 6 red - 7.5 blue + 1)         Huete et al. (2002)
 * NDMI  (nir - swir16) / (nir + swir16)                        Gao (1996), "NDWI" of Gao; the moisture index
 * NDWI  (green - nir) / (green + nir)                          McFeeters (1996), open water
 * SAVI  1.5 (nir - red) / (nir + red + 0.5)                    Huete (1988), L = 0.5
 * NBR   (nir - swir22) / (nir + swir22)                        Key & Benson (2006)
 */

export type IndexName = "ndvi" | "evi" | "ndmi" | "ndwi" | "savi" | "nbr";

export const INDEX_NAMES: readonly IndexName[] = ["ndvi", "evi", "ndmi", "ndwi", "savi", "nbr"];

/** Canonical bands each index needs. */
export const INDEX_BANDS: Readonly<Record<IndexName, readonly string[]>> = {
  ndvi: ["nir", "red"],
  evi: ["nir", "red", "blue"],
  ndmi: ["nir", "swir16"],
  ndwi: ["green", "nir"],
  savi: ["nir", "red"],
  nbr: ["nir", "swir22"],
};

/** Normalised difference (a - b) / (a + b) of n pixels into `out` (from `offset`). */
export function normalizedDifference(a: Float32Array, b: Float32Array, n: number, out: Float32Array, offset = 0): void {
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const s = x + y;
    out[offset + i] = s === 0 ? 0 : (x - y) / s;
  }
}

/** Compute one index for n pixels into `out` starting at `offset`. */
export function computeIndex(name: IndexName, bands: Readonly<Record<string, Float32Array>>, n: number, out: Float32Array, offset = 0): void {
  const need = (b: string): Float32Array => {
    const a = bands[b];
    if (!a) throw new RangeError(`index ${name} needs band "${b}", which is missing`);
    if (a.length < n) throw new RangeError(`band "${b}" has ${a.length} pixels, expected ${n}`);
    return a;
  };
  switch (name) {
    case "ndvi":
      return normalizedDifference(need("nir"), need("red"), n, out, offset);
    case "ndmi":
      return normalizedDifference(need("nir"), need("swir16"), n, out, offset);
    case "ndwi":
      return normalizedDifference(need("green"), need("nir"), n, out, offset);
    case "nbr":
      return normalizedDifference(need("nir"), need("swir22"), n, out, offset);
    case "savi": {
      const nir = need("nir");
      const red = need("red");
      for (let i = 0; i < n; i++) {
        const d = nir[i]! + red[i]! + 0.5;
        out[offset + i] = d === 0 ? 0 : (1.5 * (nir[i]! - red[i]!)) / d;
      }
      return;
    }
    case "evi": {
      const nir = need("nir");
      const red = need("red");
      const blue = need("blue");
      for (let i = 0; i < n; i++) {
        const d = nir[i]! + 6 * red[i]! - 7.5 * blue[i]! + 1;
        out[offset + i] = d === 0 ? 0 : (2.5 * (nir[i]! - red[i]!)) / d;
      }
      return;
    }
  }
}

/** NDVI of n pixels as a new Float32Array (convenience for callers and benchmarks). */
export function ndvi(nir: Float32Array, red: Float32Array, n = nir.length): Float32Array {
  const out = new Float32Array(n);
  normalizedDifference(nir, red, n, out);
  return out;
}
