/**
 * @module imagery/read/band-names
 * Sensor band names (Sentinel-2 "B8A", Landsat "SR_B4", descriptions like "B1_dn") to canonical
 * names (STAC eo common names, red-edge numbered): coastal, blue, green, red, rededge1-3, nir,
 * nir08, nir09, swir16, swir22, lwir; plus the quality bands "scl" and "qa_pixel".
 */

export type Sensor = "sentinel-2" | "landsat-tm" | "landsat-oli" | "generic";

const SENTINEL2: Record<string, string> = {
  B1: "coastal",
  B2: "blue",
  B3: "green",
  B4: "red",
  B5: "rededge1",
  B6: "rededge2",
  B7: "rededge3",
  B8: "nir",
  B8A: "nir08",
  B9: "nir09",
  B11: "swir16",
  B12: "swir22",
  SCL: "scl",
};

/** Landsat 4-5 TM and 7 ETM+. */
const LANDSAT_TM: Record<string, string> = { B1: "blue", B2: "green", B3: "red", B4: "nir", B5: "swir16", B6: "lwir", B7: "swir22", QA_PIXEL: "qa_pixel" };
/** Landsat 8-9 OLI/TIRS. */
const LANDSAT_OLI: Record<string, string> = {
  B1: "coastal",
  B2: "blue",
  B3: "green",
  B4: "red",
  B5: "nir",
  B6: "swir16",
  B7: "swir22",
  B10: "lwir",
  QA_PIXEL: "qa_pixel",
};

const CANONICAL = new Set([
  "coastal",
  "blue",
  "green",
  "red",
  "rededge1",
  "rededge2",
  "rededge3",
  "nir",
  "nir08",
  "nir09",
  "swir16",
  "swir22",
  "lwir",
  "scl",
  "qa_pixel",
]);
/** STAC common names that differ from ours. */
const ALIASES: Record<string, string> = {
  swir1: "swir16",
  swir2: "swir22",
  nir1: "nir",
  lwir11: "lwir",
  thermal: "lwir",
  rededge: "rededge1",
  "qa-pixel": "qa_pixel",
  qa: "qa_pixel",
};

/** Normalise "B02", "b2", "SR_B2", "B2_dn", "B02_10m" to "B2"; "B8A" stays "B8A"; other names upper-cased. */
export function sensorBandKey(name: string): string {
  const n = name.trim().toUpperCase();
  const m = /(?:^|[_\-.])?(?:SR_|ST_)?B(\d{1,2}A?)(?:_DN|_\d+M)?$/.exec(n);
  if (m) return `B${m[1]!.replace(/^0(?=\d)/, "")}`;
  if (/QA_PIXEL$/.test(n)) return "QA_PIXEL";
  if (/(^|_)SCL(_\d+M)?$/.test(n)) return "SCL";
  return n;
}

/** Guess the sensor from a scene's band names (and optionally its file names). */
export function guessSensor(names: readonly string[], hint = ""): Sensor {
  const keys = names.map(sensorBandKey);
  const h = hint.toUpperCase();
  if (/(^|[^A-Z])(S2[AB]|S2C|SENTINEL-?2|MSIL2A)/.test(h) || keys.includes("B8A") || keys.includes("SCL")) return "sentinel-2";
  if (/(^|[^A-Z0-9])L[CO]0?[89]/.test(h) || /LANDSAT[-_ ]?0?[89]\b/.test(h)) return "landsat-oli";
  if (/LANDSAT[-_ ]?0?[457]\b/.test(h)) return "landsat-tm";
  if (/(^|[^A-Z0-9])L[TE]0?[457]/.test(h)) return "landsat-tm";
  if (keys.includes("B12") || keys.includes("B11")) return "sentinel-2";
  // Zero-padded band numbers (B02, B08) are Sentinel-2's; Landsat writes B2, B8.
  if (names.some((n) => /(^|[_\-.])B0\d($|[_\-.])/i.test(n))) return "sentinel-2";
  if (names.every((n) => CANONICAL.has(n.toLowerCase()) || ALIASES[n.toLowerCase()])) return "generic";
  if (keys.includes("B10")) return "landsat-oli";
  if (keys.length > 0 && keys.length <= 7 && keys.every((k) => /^B[1-7]$/.test(k))) return "landsat-tm";
  return "generic";
}

/** The canonical name of a band, or undefined when it has none. */
export function canonicalBandName(name: string, sensor: Sensor): string | undefined {
  const lower = name.trim().toLowerCase();
  if (CANONICAL.has(lower)) return lower;
  if (ALIASES[lower]) return ALIASES[lower];
  const key = sensorBandKey(name);
  const table = sensor === "sentinel-2" ? SENTINEL2 : sensor === "landsat-oli" ? LANDSAT_OLI : sensor === "landsat-tm" ? LANDSAT_TM : undefined;
  if (key === "QA_PIXEL") return "qa_pixel";
  if (key === "SCL") return "scl";
  return table?.[key];
}
