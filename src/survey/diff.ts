/**
 * @module survey/diff
 * What changed between two stored surveys: inputs (checksums), config values,
 * and results (estimates per region and class, production).
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

export interface SurveyDiff {
  inputs: ValueChange[];
  config: ValueChange[];
  estimates: EstimateChange[];
  results: ValueChange[];
  identical: boolean;
}

interface Comparable {
  config: unknown;
  provenance: unknown;
  results: unknown;
  estimates: { region: string; className: string; areaHa: number }[];
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
    config,
    estimates,
    results,
    identical: inputs.length + config.length + estimates.length + results.length === 0,
  };
}
