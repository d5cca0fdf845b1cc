/**
 * @module figures/targets
 * Checking figures against limits and targets: for each instrument, each year it applies to and each
 * source that published a figure for its regions, the figure, the limit and the difference. Share targets
 * (eradicate a share of the crop) need two series and are tracked by `checkShareTargets`.
 * Pure: instruments and figures come in as arguments.
 */
import type { Figure } from "../domain/figure.ts";
import type { PolicyInstrument } from "./policy-instruments.ts";
import {
  shareTargetFromInstrument,
  trackShareTarget,
  type EradicationSeries,
  type ShareTarget,
  type ShareTargetRow,
} from "../change/eradication-share-target.ts";

export interface TargetCheck {
  instrumentId: string;
  instrument: string;
  kind: "legal_limit" | "eradication_target";
  country: string;
  /** The instrument's region; `figureRegion` is the region of the figure checked. */
  region: string;
  figureRegion: string;
  year: number;
  metric: PolicyInstrument["metric"];
  unit: string;
  source: string;
  value: number;
  limit: number;
  /** value - limit, in `unit`: positive is over a limit, or beyond a target. */
  difference: number;
  /** difference / limit (null when the limit is 0). */
  relativeDifference: number | null;
  /** legal_limit: "over" or "within"; eradication_target: "met" or "short". */
  status: "over" | "within" | "met" | "short";
  published: string;
  citation: string;
  limitCitation: string;
  /** The source's own published "above the limit" figure for that year, when there is one. */
  publishedExcess: number | null;
}

function applies(inst: PolicyInstrument, year: number): boolean {
  return (inst.fromYear === null || year >= inst.fromYear) && (inst.toYear === null || year <= inst.toYear);
}

/**
 * Check the latest figures against every instrument.
 * @param figures latest vintages (cultivation, eradication and cultivation_above_limit_ha figures)
 * @returns checks sorted by country, instrument order, year and source.
 */
export function checkTargets(instruments: readonly PolicyInstrument[], figures: readonly Figure[]): TargetCheck[] {
  const excess = new Map<string, number>();
  for (const f of figures) {
    if (f.metric === "cultivation_above_limit_ha") excess.set(JSON.stringify([f.country, f.region, f.year, f.source]), f.value);
  }
  const out: TargetCheck[] = [];
  instruments.forEach((inst) => {
    if (inst.kind === "eradication_share_target") return; // checkShareTargets
    const regions = new Set(inst.matchRegions.map((r) => r.toLowerCase()));
    const matching = figures
      .filter((f) => f.country === inst.country && f.metric === inst.metric && regions.has(f.region.toLowerCase()) && applies(inst, f.year))
      .sort((a, b) => a.year - b.year || a.source.localeCompare(b.source) || a.region.localeCompare(b.region));
    for (const f of matching) {
      const difference = f.value - inst.value;
      const status = inst.kind === "legal_limit" ? (difference > 0 ? "over" : "within") : difference >= 0 ? "met" : "short";
      out.push({
        instrumentId: inst.id,
        instrument: inst.name,
        kind: inst.kind as TargetCheck["kind"],
        country: inst.country,
        region: inst.region,
        figureRegion: f.region,
        year: f.year,
        metric: inst.metric,
        unit: inst.unit,
        source: f.source,
        value: f.value,
        limit: inst.value,
        difference,
        relativeDifference: inst.value === 0 ? null : difference / inst.value,
        status,
        published: f.published,
        citation: f.citation,
        limitCitation: inst.citation,
        publishedExcess: excess.get(JSON.stringify([f.country, f.region, f.year, f.source])) ?? null,
      });
    }
  });
  return out;
}

/** A share target tracked year by year: eradication of each source against each source's cultivation. */
export interface ShareTargetCheck {
  instrumentId: string;
  target: ShareTarget;
  rows: ShareTargetRow[];
}

/**
 * Track every eradication share target (data/policy-instruments.json) against the registry's national cultivation
 * and eradication series of its country (change/eradication-share-target), plus `extra` eradication series.
 */
export function checkShareTargets(
  instruments: readonly PolicyInstrument[],
  figures: readonly Figure[],
  extra: readonly EradicationSeries[] = [],
): ShareTargetCheck[] {
  return instruments
    .filter((i) => i.kind === "eradication_share_target")
    .map((inst) => {
      const target = shareTargetFromInstrument(inst);
      return { instrumentId: inst.id, target, rows: trackShareTarget(target, figures, { extra }) };
    });
}
