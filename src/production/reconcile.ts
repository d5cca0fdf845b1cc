/**
 * @module production/reconcile
 * Why the US and the UN disagree on production: with P = A x k (area times cocaine per hectare,
 * k = yield x conversion), ln(P_us / P_un) = ln(A_us / A_un) + ln(k_us / k_un), an exact additive
 * split of the log-ratio into an area effect and a per-hectare effect. Across years, the change in
 * the gap splits the same way, which says which effect moved.
 */
import { NotFoundError } from "../domain/errors.ts";
import type { Figure } from "../domain/figure.ts";
import { citeFigure, latestVintages } from "./figure-series.ts";

export interface SideFigures {
  source: string;
  areaHa: number;
  cocaineT: number;
  /** cocaineT x 1000 / areaHa. */
  cocaineKgPerHa: number;
  citations: { area: string; cocaine: string };
}

export interface Decomposition {
  country: string;
  year: number;
  us: SideFigures;
  un: SideFigures;
  /** Natural-log ratios US/UN; total = area + perHectare. */
  logRatio: { total: number; area: number; perHectare: number };
  /** Ratios minus one, in percent (US relative to UN). */
  percent: { cocaine: number; area: number; perHectare: number };
  sentence: string;
}

export interface GapChange {
  from: number;
  to: number;
  /** Change of each log-ratio term between the two years; total = area + perHectare. */
  change: { total: number; area: number; perHectare: number };
  drivenBy: "area" | "per-hectare";
  sentence: string;
}

/** A year with figures from one side or both, but not the four a decomposition needs, and what is missing. */
export interface UnreconciledYear {
  year: number;
  /** What each side published that year, e.g. ["area (ONDCP)", "cocaine (ONDCP)"]. */
  us: string[];
  un: string[];
  reason: string;
}

export interface Reconciliation {
  country: string;
  years: Decomposition[];
  changes: GapChange[];
  /** Every other year with a US or UN area or cocaine figure, and why it cannot be decomposed. */
  unreconciled: UnreconciledYear[];
}

const pct = (x: number): number => (Math.exp(x) - 1) * 100;

function moreLess(p: number, what: string): string {
  const word = p >= 0 ? "more" : "less";
  return `${Math.abs(p).toFixed(0)}% ${word} ${what}`;
}

/** Decompose one country-year from the two sides' area and cocaine figures. */
export function decompose(country: string, year: number, us: SideFigures, un: SideFigures): Decomposition {
  const total = Math.log(us.cocaineT) - Math.log(un.cocaineT);
  const area = Math.log(us.areaHa) - Math.log(un.areaHa);
  const perHectare = Math.log(us.cocaineKgPerHa) - Math.log(un.cocaineKgPerHa);
  const p = { cocaine: pct(total), area: pct(area), perHectare: pct(perHectare) };
  const link = Math.sign(area) === Math.sign(perHectare) ? "and" : "but";
  const sentence =
    `In ${year} the US (${us.source}) counts ${moreLess(p.area, "coca")} ${link} assumes ${moreLess(p.perHectare, "cocaine per hectare")} ` +
    `than the UN (${un.source}): ${us.areaHa.toLocaleString("en-US")} vs ${un.areaHa.toLocaleString("en-US")} ha and ` +
    `${us.cocaineKgPerHa.toFixed(2)} vs ${un.cocaineKgPerHa.toFixed(2)} kg/ha, so it reports ${moreLess(p.cocaine, "cocaine")} ` +
    `(${us.cocaineT.toLocaleString("en-US")} t vs ${un.cocaineT.toLocaleString("en-US")} t).`;
  return { country, year, us, un, logRatio: { total, area, perHectare }, percent: p, sentence };
}

/** The (area, cocaine) pair of one source family for a country-year, from the latest vintages. */
function sidePair(figures: readonly Figure[], family: "US" | "UN"): SideFigures | undefined {
  const bySource = new Map<string, { area?: Figure; cocaine?: Figure }>();
  for (const f of figures) {
    if (f.sourceFamily !== family) continue;
    const s = bySource.get(f.source) ?? {};
    if (f.metric === "cultivation_ha") s.area = f;
    if (f.metric === "cocaine_t") s.cocaine = f;
    bySource.set(f.source, s);
  }
  const complete = [...bySource.values()].filter((s): s is { area: Figure; cocaine: Figure } => !!s.area && !!s.cocaine);
  if (complete.length === 0) return undefined;
  // Several sources of one family (e.g. ONDCP and INCSR): take the most recently published pair.
  complete.sort((a, b) => (b.cocaine.published > a.cocaine.published ? 1 : b.cocaine.published < a.cocaine.published ? -1 : 0));
  const { area, cocaine } = complete[0]!;
  return {
    source: area.source,
    areaHa: area.value,
    cocaineT: cocaine.value,
    cocaineKgPerHa: (cocaine.value * 1000) / area.value,
    citations: { area: citeFigure(area), cocaine: citeFigure(cocaine) },
  };
}

/** Every year of a country with both US and UN area and cocaine figures, decomposed, and the changes between them. */
export function reconcileCountry(figures: readonly Figure[], country: string): Reconciliation {
  const national = latestVintages(figures.filter((f) => f.country === country && f.region === "national"));
  const years = [...new Set(national.map((f) => f.year))].sort((a, b) => a - b);
  const decomps: Decomposition[] = [];
  const unreconciled: UnreconciledYear[] = [];
  for (const year of years) {
    const fy = national.filter((f) => f.year === year);
    const us = sidePair(fy, "US");
    const un = sidePair(fy, "UN");
    if (us && un) decomps.push(decompose(country, year, us, un));
    else {
      const held = (family: "US" | "UN"): string[] =>
        [
          ...new Set(
            fy
              .filter((f) => f.sourceFamily === family && (f.metric === "cultivation_ha" || f.metric === "cocaine_t"))
              .map((f) => `${f.metric === "cultivation_ha" ? "area" : "cocaine"} (${f.source})`),
          ),
        ].sort();
      const usHeld = held("US");
      const unHeld = held("UN");
      if (usHeld.length + unHeld.length > 0) {
        const lack = (name: string, list: string[], pair: SideFigures | undefined): string | undefined =>
          pair
            ? undefined
            : list.length === 0
              ? `the ${name} published neither area nor cocaine`
              : `the ${name} published only ${list.join(", ")} (no area and cocaine pair from one source)`;
        const reason = [lack("US", usHeld, us), lack("UN", unHeld, un)].filter((x): x is string => x !== undefined).join("; ");
        unreconciled.push({ year, us: usHeld, un: unHeld, reason });
      }
    }
  }
  const changes: GapChange[] = [];
  for (let i = 1; i < decomps.length; i++) {
    const a = decomps[i - 1]!;
    const b = decomps[i]!;
    const change = {
      total: b.logRatio.total - a.logRatio.total,
      area: b.logRatio.area - a.logRatio.area,
      perHectare: b.logRatio.perHectare - a.logRatio.perHectare,
    };
    const drivenBy = Math.abs(change.area) >= Math.abs(change.perHectare) ? "area" : "per-hectare";
    const gapChange = Math.abs(b.logRatio.total) - Math.abs(a.logRatio.total);
    const movement = Math.abs(gapChange) < 0.01 ? "barely moved" : gapChange > 0 ? "moved apart" : "moved closer";
    const offset = Math.sign(change.area) !== Math.sign(change.perHectare) && Math.min(Math.abs(change.area), Math.abs(change.perHectare)) >= 0.05;
    const lp = (x: number): string => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)}`;
    const sentence =
      `From ${a.year} to ${b.year} the two production series ${movement} (US/UN ${pct(a.logRatio.total).toFixed(0)}% to ${pct(b.logRatio.total).toFixed(0)}%); ` +
      `the area term changed by ${lp(change.area)} log-points and the per-hectare term by ${lp(change.perHectare)}: ` +
      (offset
        ? `the two effects largely offset, the ${drivenBy === "area" ? "area" : "per-hectare (yield x conversion)"} effect moving more.`
        : `mostly the ${drivenBy === "area" ? "area" : "per-hectare (yield x conversion)"} effect.`);
    changes.push({ from: a.year, to: b.year, change, drivenBy, sentence });
  }
  return { country, years: decomps, changes, unreconciled };
}

/** The decomposition of one country-year; NotFoundError when either side lacks area or cocaine. */
export function reconcileYear(figures: readonly Figure[], country: string, year: number): Decomposition {
  const rec = reconcileCountry(
    figures.filter((f) => f.year === year),
    country,
  );
  const d = rec.years[0];
  if (!d) {
    const why = reconcileCountry(figures, country).unreconciled.find((u) => u.year === year);
    throw new NotFoundError(`no year ${year} for ${country} with both US and UN area and cocaine figures in the registry${why ? `: ${why.reason}` : ""}`);
  }
  return d;
}
