/**
 * @module production/parameter-set
 * A production parameter set: the yields, leaf deductions and conversion factors one source uses
 * for one country and period, every parameter with its value, uncertainty, citation and status.
 * Parameter sets are data (data/parameter-sets/*.json); this file only describes their shape.
 */

/** How sure we are of a parameter, as a distribution around its value. */
export type Distribution =
  | { kind: "fixed" }
  /** Normal with mean `value` and standard deviation `sd` (in the parameter's unit). */
  | { kind: "normal"; sd: number }
  /** Lognormal with median `value` and standard deviation of ln(x) `sdLog`. */
  | { kind: "lognormal"; sdLog: number }
  /** Triangular on [min, max] with its mode at `mode` (defaults to `value`). */
  | { kind: "triangular"; min: number; max: number; mode?: number }
  /** Uniform on [min, max]. */
  | { kind: "uniform"; min: number; max: number };

export type DistributionKind = Distribution["kind"];

/** Published by the source, assumed by us (say why), or derived by us from published figures (say how). */
export type ParameterStatus = "published" | "assumption" | "derived";

export interface Parameter {
  /** The point value, in `unit`: the published figure, our assumption, or the derived value. */
  value: number;
  unit: string;
  distribution: Distribution;
  /** Draws outside [min, max] are redrawn (truncation). */
  bounds?: { min?: number; max?: number };
  status: ParameterStatus;
  /** Why this value and status (for a derived value: how it was derived). */
  reason: string;
  /** Why this spread. */
  uncertaintyReason: string;
  /** Citation keys and full citations of the figures the value rests on. */
  citation: string;
  /** For derived parameters: the published figures they were derived from. */
  derivation?: Derivation;
}

/** How a derived parameter was computed from published pairs, so a test can recompute it. */
export interface Derivation {
  method: "geometric-mean-of-ratios";
  /** Which ratio: cocaine kg per ha (cocaine_t / cultivation_ha), leaf kg per kg of cocaine (leaf_t / cocaine_t) or leaf kg per ha (leaf_t / cultivation_ha). */
  ratio: "cocaine_kg_per_ha" | "leaf_kg_per_kg_cocaine" | "leaf_yield_kg_ha";
  source: string;
  country: string;
  years: number[];
}

/** A part of a region with its own yield: a fixed area (capped at the region's area), or the rest. */
export interface Zone {
  zone: string;
  yieldKgHa: Parameter;
  /** Area of this zone inside the region; omitted on the last zone, which takes the remainder. */
  areaHa?: Parameter;
}

export interface RegionParameters {
  /** Region name; "national" applies to any region not listed. */
  region: string;
  /** Other names of the region in the registry (matched case- and accent-insensitively). */
  aliases?: string[];
  /** Sun-dried leaf yield; absent when the set converts area directly (conversion "per-hectare"). */
  yieldKgHa?: Parameter;
  /** Alternatively, zones with different yields. */
  zones?: Zone[];
  /**
   * Optional field-age adjustment: share of the area in its first year, which yields only
   * `youngYieldFactor` of a mature field (new fields yield little; repeated eradication cuts yield).
   */
  youngAreaShare?: Parameter;
  youngYieldFactor?: Parameter;
}

export type Conversion =
  /** Kilograms of sun-dried leaf per kilogram of pure cocaine. */
  | { kind: "leaf-per-cocaine"; leafKgPerKgCocaine: Parameter }
  /** Alkaloid content of the leaf (fraction) times laboratory efficiency (fraction). */
  | { kind: "alkaloid"; alkaloidContent: Parameter; labEfficiency: Parameter }
  /** Pure cocaine per hectare directly (no leaf step): used where no yield is published. */
  | { kind: "per-hectare"; cocaineKgPerHa: Parameter };

export interface ParameterSet {
  /** Unique kebab-case name, e.g. "unodc-per-2016". */
  name: string;
  /** Source whose method the set describes (UNODC, ONDCP, ...). */
  source: string;
  sourceFamily: "US" | "UN" | "national";
  /** ISO 3166-1 alpha-3. */
  country: string;
  /** Years the set applies to, inclusive. */
  period: { from: number; to: number };
  description: string;
  regions: RegionParameters[];
  /** Leaf deducted before conversion, where the source deducts it (tonnes per year). */
  deductions?: { traditionalLeafT?: Parameter; industrialLeafT?: Parameter };
  conversion: Conversion;
}
