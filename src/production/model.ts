/**
 * @module production/model
 * The production model: area (ha) by region x sun-dried leaf yield (kg/ha/yr, by region or zone,
 * optionally adjusted for young fields) -> leaf (t), minus leaf for traditional and industrial use
 * where the source deducts it -> pure cocaine (t) via kg of leaf per kg of cocaine, alkaloid content x
 * laboratory efficiency, or directly kg of cocaine per hectare.
 *
 * A parameter set and the regions' areas are compiled into numbered slots (one uncertain quantity
 * each); the model is then evaluated over columns of slot values (typed arrays), so the same code
 * gives the point estimate (columns of length 1) and the Monte Carlo draws.
 */
import { InputError } from "../domain/errors.ts";
import type { Parameter, ParameterSet, RegionParameters } from "./parameter-set.ts";

/** One region's area going into the model. */
export interface RegionArea {
  region: string;
  areaHa: number;
  /** Standard error of the area (from an area estimate); omitted or 0 for a published area. */
  areaSeHa?: number;
  /** Where the area comes from (a registry figure's citation, or a survey id). */
  citation?: string;
}

/** One uncertain quantity of the model. */
export interface Slot {
  /** Stable id, e.g. "area:Chapare", "yield:national", "leafKgPerKgCocaine". */
  id: string;
  label: string;
  parameter: Parameter;
}

interface CompiledZone {
  yieldSlot: number;
  /** -1 for the last zone (takes the remainder of the region's area). */
  areaSlot: number;
}

interface CompiledRegion {
  region: string;
  areaSlot: number;
  zones: CompiledZone[];
  youngShareSlot: number;
  youngFactorSlot: number;
}

export interface CompiledModel {
  parameterSet: ParameterSet;
  slots: Slot[];
  regions: CompiledRegion[];
  traditionalSlot: number;
  industrialSlot: number;
  conversion: { kind: "leaf-per-cocaine" | "alkaloid" | "per-hectare"; a: number; b: number };
}

/** Outputs of the model, one value per draw. leafT and netLeafT are NaN for a per-hectare conversion. */
export interface ModelColumns {
  leafT: Float64Array;
  netLeafT: Float64Array;
  cocaineT: Float64Array;
}

/** Lower-case, accents and punctuation stripped: how region names are compared. */
export function normalizeRegionName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/^(dept|zone|province|region):/, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** The parameters for a region: by name or alias, then by prefix, then the "national" entry. */
export function findRegionParameters(set: ParameterSet, region: string): RegionParameters | undefined {
  const key = normalizeRegionName(region);
  const names = (r: RegionParameters): string[] => [r.region, ...(r.aliases ?? [])].map(normalizeRegionName);
  return (
    set.regions.find((r) => names(r).includes(key)) ??
    set.regions.find((r) => names(r).some((n) => key.startsWith(n) || n.startsWith(key))) ??
    set.regions.find((r) => normalizeRegionName(r.region) === "national")
  );
}

/** Build the slots of a model for these regions' areas under a parameter set. */
export function compileModel(set: ParameterSet, regions: readonly RegionArea[]): CompiledModel {
  if (regions.length === 0) throw new InputError("no regions given: the model needs at least one area");
  const slots: Slot[] = [];
  const add = (id: string, label: string, parameter: Parameter): number => slots.push({ id, label, parameter }) - 1;
  const perHectare = set.conversion.kind === "per-hectare";
  const compiled: CompiledRegion[] = regions.map((r, i) => {
    if (!(Number.isFinite(r.areaHa) && r.areaHa >= 0)) {
      throw new InputError(`area of region "${r.region}" must be a number >= 0, got ${r.areaHa}`, { field: `regions[${i}].areaHa` });
    }
    const se = r.areaSeHa ?? 0;
    if (!(Number.isFinite(se) && se >= 0)) {
      throw new InputError(`standard error of region "${r.region}" must be a number >= 0, got ${r.areaSeHa}`, { field: `regions[${i}].areaSeHa` });
    }
    const areaSlot = add(`area:${r.region}`, `coca area, ${r.region}`, {
      value: r.areaHa,
      unit: "ha",
      distribution: se > 0 ? { kind: "normal", sd: se } : { kind: "fixed" },
      bounds: { min: 0 },
      status: se > 0 ? "derived" : "published",
      reason: se > 0 ? "area estimate with its standard error" : "area as given",
      uncertaintyReason: se > 0 ? "normal with the area estimate's standard error, truncated at 0" : "no standard error given",
      citation: r.citation ?? "input",
    });
    const rp = findRegionParameters(set, r.region);
    if (!rp) {
      throw new InputError(`parameter set ${set.name} has no parameters for region "${r.region}" (regions: ${set.regions.map((x) => x.region).join(", ")})`, {
        field: `regions[${i}].region`,
      });
    }
    const zones: CompiledZone[] = [];
    if (!perHectare) {
      if (rp.zones && rp.zones.length > 0) {
        rp.zones.forEach((z, zi) => {
          const last = zi === rp.zones!.length - 1;
          zones.push({
            yieldSlot: add(`yield:${r.region}/${z.zone}`, `leaf yield, ${r.region}, ${z.zone}`, z.yieldKgHa),
            areaSlot: last || !z.areaHa ? -1 : add(`zoneArea:${r.region}/${z.zone}`, `area in ${z.zone}, ${r.region}`, z.areaHa),
          });
        });
      } else if (rp.yieldKgHa) {
        zones.push({ yieldSlot: add(`yield:${r.region}`, `leaf yield, ${r.region}`, rp.yieldKgHa), areaSlot: -1 });
      } else {
        throw new InputError(`parameter set ${set.name}: region "${rp.region}" has no yieldKgHa or zones`);
      }
    }
    return {
      region: r.region,
      areaSlot,
      zones,
      youngShareSlot: rp.youngAreaShare ? add(`youngShare:${r.region}`, `share of young fields, ${r.region}`, rp.youngAreaShare) : -1,
      youngFactorSlot: rp.youngYieldFactor ? add(`youngFactor:${r.region}`, `young-field yield factor, ${r.region}`, rp.youngYieldFactor) : -1,
    };
  });
  const d = set.deductions;
  if (perHectare && (d?.traditionalLeafT || d?.industrialLeafT)) {
    throw new InputError(`parameter set ${set.name}: leaf deductions need a leaf step, but the conversion is per-hectare`);
  }
  const traditionalSlot = d?.traditionalLeafT ? add("traditionalLeafT", "leaf for traditional use", d.traditionalLeafT) : -1;
  const industrialSlot = d?.industrialLeafT ? add("industrialLeafT", "leaf for industrial use", d.industrialLeafT) : -1;
  const c = set.conversion;
  const conversion =
    c.kind === "leaf-per-cocaine"
      ? { kind: c.kind, a: add("leafKgPerKgCocaine", "kg of leaf per kg of cocaine", c.leafKgPerKgCocaine), b: -1 }
      : c.kind === "alkaloid"
        ? {
            kind: c.kind,
            a: add("alkaloidContent", "alkaloid content of leaf", c.alkaloidContent),
            b: add("labEfficiency", "laboratory efficiency", c.labEfficiency),
          }
        : { kind: c.kind, a: add("cocaineKgPerHa", "kg of cocaine per ha", c.cocaineKgPerHa), b: -1 };
  return { parameterSet: set, slots, regions: compiled, traditionalSlot, industrialSlot, conversion };
}

/**
 * Evaluate the model for `n` draws: `columns[s][i]` is slot s in draw i. Writes into `out`.
 * Column-wise loops over typed arrays (one pass per term, as a vectorised array library would),
 * no per-draw objects.
 */
export function evaluateModel(model: CompiledModel, columns: readonly Float64Array[], n: number, out: ModelColumns): void {
  const { regions, conversion } = model;
  const { leafT, netLeafT, cocaineT } = out;
  const convA = columns[conversion.a]!;
  if (conversion.kind === "per-hectare") {
    cocaineT.fill(0, 0, n);
    for (const reg of regions) {
      const area = columns[reg.areaSlot]!;
      for (let i = 0; i < n; i++) cocaineT[i] += area[i]! * convA[i]!;
    }
    for (let i = 0; i < n; i++) cocaineT[i] /= 1000;
    leafT.fill(NaN, 0, n);
    netLeafT.fill(NaN, 0, n);
    return;
  }
  // leafT accumulates kg first; netLeafT serves as scratch for each region's kg.
  leafT.fill(0, 0, n);
  let remaining: Float64Array | null = null;
  for (const reg of regions) {
    const area = columns[reg.areaSlot]!;
    const regionKg = netLeafT;
    regionKg.fill(0, 0, n);
    const zones = reg.zones;
    if (zones.length === 1) {
      const y = columns[zones[0]!.yieldSlot]!;
      for (let i = 0; i < n; i++) regionKg[i] = area[i]! * y[i]!;
    } else {
      remaining ??= new Float64Array(n);
      const rem = remaining;
      rem.set(area.subarray(0, n));
      for (const zone of zones) {
        const y = columns[zone.yieldSlot]!;
        if (zone.areaSlot >= 0) {
          // A zone of fixed area, capped at what is left of the region.
          const za = columns[zone.areaSlot]!;
          for (let i = 0; i < n; i++) {
            const a = za[i]! > 0 ? za[i]! : 0;
            const zoneArea = a < rem[i]! ? a : rem[i]!;
            rem[i] -= zoneArea;
            regionKg[i] += zoneArea * y[i]!;
          }
        } else {
          for (let i = 0; i < n; i++) {
            regionKg[i] += rem[i]! * y[i]!;
            rem[i] = 0;
          }
        }
      }
    }
    if (reg.youngShareSlot >= 0) {
      const share = columns[reg.youngShareSlot]!;
      const factor = reg.youngFactorSlot >= 0 ? columns[reg.youngFactorSlot]! : null;
      for (let i = 0; i < n; i++) regionKg[i] *= 1 - share[i]! * (1 - (factor ? factor[i]! : 0));
    }
    for (let i = 0; i < n; i++) leafT[i] += regionKg[i]!;
  }
  const trad = model.traditionalSlot >= 0 ? columns[model.traditionalSlot]! : null;
  const ind = model.industrialSlot >= 0 ? columns[model.industrialSlot]! : null;
  for (let i = 0; i < n; i++) {
    const leaf = leafT[i]! / 1000;
    leafT[i] = leaf;
    let net = leaf;
    if (trad) net -= trad[i]!;
    if (ind) net -= ind[i]!;
    netLeafT[i] = net < 0 ? 0 : net;
  }
  if (conversion.b >= 0) {
    const convB = columns[conversion.b]!;
    for (let i = 0; i < n; i++) cocaineT[i] = netLeafT[i]! * convA[i]! * convB[i]!;
  } else {
    for (let i = 0; i < n; i++) cocaineT[i] = netLeafT[i]! / convA[i]!;
  }
}

/** The point estimate: every slot at its value. */
export function pointEstimate(model: CompiledModel, overrides?: ReadonlyMap<number, number>): { leafT: number; netLeafT: number; cocaineT: number } {
  const columns = model.slots.map((s, i) => Float64Array.of(overrides?.get(i) ?? s.parameter.value));
  const out: ModelColumns = { leafT: new Float64Array(1), netLeafT: new Float64Array(1), cocaineT: new Float64Array(1) };
  evaluateModel(model, columns, 1, out);
  return { leafT: out.leafT[0]!, netLeafT: out.netLeafT[0]!, cocaineT: out.cocaineT[0]! };
}

/** Per-region point leaf (t) and effective yield (kg/ha), for the report. */
export function regionBreakdown(model: CompiledModel): { region: string; areaHa: number; yieldKgHa: number | null; leafT: number | null }[] {
  return model.regions.map((reg) => {
    const single: CompiledModel = { ...model, regions: [reg], traditionalSlot: -1, industrialSlot: -1 };
    const p = pointEstimate(single);
    const areaHa = model.slots[reg.areaSlot]!.parameter.value;
    const leafT = Number.isNaN(p.leafT) ? null : p.leafT;
    return { region: reg.region, areaHa, yieldKgHa: leafT === null || areaHa === 0 ? null : (leafT * 1000) / areaHa, leafT };
  });
}
