/**
 * @module survey/diff
 * What changed between two stored surveys: inputs (checksums, matched by role, not by position),
 * config values, and results (estimates per region and class, production); and, per region, the
 * target class's estimates side by side with their difference and whether it exceeds the combined
 * standard error sqrt(SE_a^2 + SE_b^2) (the two surveys' samples taken as independent). Surveys of
 * different countries or target classes are not comparable: `comparability` says why.
 */

export interface ValueChange {
  path: string;
  a: unknown;
  b: unknown;
}

export interface EstimateChange {
  region: string;
  className: string;
  aHa: number | null;
  bHa: number | null;
  /** b - a, hectares (null when either is missing). */
  deltaHa: number | null;
}

/** The inputs of one role that differ: checksums (or paths, for inputs without one) only in a, only in b. */
export interface RoleChange {
  role: string;
  onlyInA: string[];
  onlyInB: string[];
}

/** The target class in one region, in both surveys. */
export interface RegionComparison {
  region: string;
  aHa: number | null;
  aSeHa: number | null;
  bHa: number | null;
  bSeHa: number | null;
  deltaHa: number | null;
  /** sqrt(SE_a^2 + SE_b^2), ha. */
  combinedSeHa: number | null;
  /** |b - a| > the combined SE. */
  exceedsCombinedSe: boolean | null;
  /** |b - a| > 1.96 x the combined SE (a difference at the 95% level). */
  exceeds95: boolean | null;
}

export interface SurveyDiff {
  inputs: ValueChange[];
  inputsByRole: RoleChange[];
  regions: RegionComparison[];
  config: ValueChange[];
  estimates: EstimateChange[];
  results: ValueChange[];
  identical: boolean;
}

interface Comparable {
  country?: string;
  config: unknown;
  provenance: unknown;
  results: unknown;
  estimates: { region: string; className: string; areaHa: number; areaSeHa?: number | null }[];
}

const targetOf = (s: Comparable): string | undefined =>
  (s.config as { targetClass?: string } | null)?.targetClass ?? (s.results as { targetClass?: string } | null)?.targetClass;

/** Whether two surveys can be compared (same country, same target class), and if not, why. */
export function comparability(a: Comparable & { id?: number }, b: Comparable & { id?: number }): { comparable: true } | { comparable: false; reason: string } {
  const name = (s: { id?: number }, fallback: string): string => (s.id === undefined ? fallback : `survey ${s.id}`);
  if (a.country !== undefined && b.country !== undefined && a.country !== b.country) {
    return {
      comparable: false,
      reason: `${name(a, "the first survey")} is of ${a.country} and ${name(b, "the second")} of ${b.country}: estimates of different countries are not a change`,
    };
  }
  const [ta, tb] = [targetOf(a), targetOf(b)];
  if (ta !== undefined && tb !== undefined && ta !== tb) {
    return { comparable: false, reason: `${name(a, "the first survey")} estimates "${ta}" and ${name(b, "the second")} "${tb}": different target classes` };
  }
  return { comparable: true };
}

/** Inputs matched by role: what each survey has that the other has not. */
export function inputsByRole(a: unknown, b: unknown): RoleChange[] {
  type Input = { role?: string; path?: string; sha256?: string | null };
  const inputsOf = (p: unknown): Input[] => (p as { inputs?: Input[] } | null)?.inputs ?? [];
  const group = (list: Input[]): Map<string, Set<string>> => {
    const m = new Map<string, Set<string>>();
    for (const i of list) {
      const role = i.role ?? "input";
      const id = i.sha256 ? `sha256:${i.sha256}` : (i.path ?? "");
      m.set(role, (m.get(role) ?? new Set()).add(id));
    }
    return m;
  };
  const [ga, gb] = [group(inputsOf(a)), group(inputsOf(b))];
  const out: RoleChange[] = [];
  for (const role of [...new Set([...ga.keys(), ...gb.keys()])].sort()) {
    const [x, y] = [ga.get(role) ?? new Set<string>(), gb.get(role) ?? new Set<string>()];
    const onlyInA = [...x].filter((v) => !y.has(v)).sort();
    const onlyInB = [...y].filter((v) => !x.has(v)).sort();
    if (onlyInA.length + onlyInB.length > 0) out.push({ role, onlyInA, onlyInB });
  }
  return out;
}

/** The target class per region (and "total") side by side. */
export function compareRegions(a: Comparable, b: Comparable): RegionComparison[] {
  const target = targetOf(a) ?? targetOf(b);
  const rows = (s: Comparable) => new Map(s.estimates.filter((e) => target === undefined || e.className === target).map((e) => [e.region, e]));
  const [ra, rb] = [rows(a), rows(b)];
  return [...new Set([...ra.keys(), ...rb.keys()])].sort().map((region) => {
    const x = ra.get(region);
    const y = rb.get(region);
    const deltaHa = x && y ? y.areaHa - x.areaHa : null;
    const combinedSeHa = x && y && x.areaSeHa != null && y.areaSeHa != null ? Math.sqrt(x.areaSeHa ** 2 + y.areaSeHa ** 2) : null;
    return {
      region,
      aHa: x?.areaHa ?? null,
      aSeHa: x?.areaSeHa ?? null,
      bHa: y?.areaHa ?? null,
      bSeHa: y?.areaSeHa ?? null,
      deltaHa,
      combinedSeHa,
      exceedsCombinedSe: deltaHa === null || combinedSeHa === null ? null : Math.abs(deltaHa) > combinedSeHa,
      exceeds95: deltaHa === null || combinedSeHa === null ? null : Math.abs(deltaHa) > 1.96 * combinedSeHa,
    };
  });
}

/** Flatten nested objects/arrays into path -> leaf value. */
export function flatten(value: unknown, prefix = "", out: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (value !== null && typeof value === "object") {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    if (entries.length === 0) out.set(prefix, Array.isArray(value) ? [] : {});
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, value);
  }
  return out;
}

function changes(a: unknown, b: unknown, ignore: (path: string) => boolean = () => false): ValueChange[] {
  const fa = flatten(a);
  const fb = flatten(b);
  const keys = [...new Set([...fa.keys(), ...fb.keys()])].sort();
  const out: ValueChange[] = [];
  for (const k of keys) {
    if (ignore(k)) continue;
    const va = fa.get(k);
    const vb = fb.get(k);
    if (JSON.stringify(va) !== JSON.stringify(vb)) out.push({ path: k, a: va, b: vb });
  }
  return out;
}

/** Timings, memory and dates differ between any two runs and are not results. */
const VOLATILE = /(^|\.)(stages|createdAt|timings|node|platform|hostname)(\.|$)/;

export function diffSurveys(a: Comparable, b: Comparable): SurveyDiff {
  const inputsOf = (p: unknown): unknown => (p as { inputs?: unknown } | null)?.inputs ?? [];
  const inputs = changes(inputsOf(a.provenance), inputsOf(b.provenance));
  const config = changes(a.config, b.config);
  const results = changes(a.results, b.results, (k) => VOLATILE.test(k));
  const key = (e: { region: string; className: string }): string => `${e.region}\u0000${e.className}`;
  const ea = new Map(a.estimates.map((e) => [key(e), e]));
  const eb = new Map(b.estimates.map((e) => [key(e), e]));
  const estimates: EstimateChange[] = [];
  for (const k of [...new Set([...ea.keys(), ...eb.keys()])].sort()) {
    const x = ea.get(k);
    const y = eb.get(k);
    if (x && y && x.areaHa === y.areaHa) continue;
    const [region, className] = k.split("\u0000") as [string, string];
    estimates.push({
      region,
      className,
      aHa: x?.areaHa ?? null,
      bHa: y?.areaHa ?? null,
      deltaHa: x && y ? y.areaHa - x.areaHa : null,
    });
  }
  return {
    inputs,
    inputsByRole: inputsByRole(a.provenance, b.provenance),
    regions: compareRegions(a, b),
    config,
    estimates,
    results,
    identical: inputsByRole(a.provenance, b.provenance).length + config.length + estimates.length + results.length === 0,
  };
}
