/**
 * @module change/eradication-share-target
 * A target stated as a share of the crop: Peru's DEVIDA "intends to eradicate 50 percent of the country's coca
 * crop by 2021" (World Politics Review, "Cocaine Production Is Spiking in Peru and Bolivia, and It Could Keep
 * Going Up", Max Radwin, 9 November 2018), held in data/policy-instruments.json as kind eradication_share_target.
 * A share needs both series, so it is tracked here (and by `coca targets` through figures/targets): for each year, the eradicated area (the registry's
 * eradication figures, and optionally eradication detected or recorded by Coca Monitor) against each source's
 * cultivation figure. "Share of the crop" is read two ways, both shown: eradicated / (cultivation at year end +
 * eradicated), the gross crop of the year (never above 100%, used for the status), and eradicated / cultivation
 * at year end. Pure: figures in, rows out.
 */
import { DataError } from "../domain/errors.ts";
import type { Figure } from "../domain/figure.ts";
import { loadPolicyInstruments, type PolicyInstrument } from "../figures/policy-instruments.ts";

export interface ShareTarget {
  id: string;
  name: string;
  country: string;
  /** Share of the crop to eradicate (0-1). */
  share: number;
  /** Years the target is tracked over: from its announcement to its deadline. */
  fromYear: number;
  toYear: number;
  citation: string;
}

/** The id of Peru's target in data/policy-instruments.json. */
export const PERU_HALF_BY_2021_ID = "PER-devida-eradicate-half-by-2021";

/** A share target from its policy instrument (kind eradication_share_target, value in %). */
export function shareTargetFromInstrument(inst: PolicyInstrument): ShareTarget {
  if (inst.kind !== "eradication_share_target" || inst.fromYear === null || inst.toYear === null) {
    throw new DataError(`policy instrument ${inst.id}: not an eradication share target with a first and a last year`);
  }
  return {
    id: inst.id,
    name: inst.name,
    country: inst.country,
    share: inst.value / 100,
    fromYear: inst.fromYear,
    toYear: inst.toYear,
    citation: inst.citation,
  };
}

/**
 * Peru's target of eradicating half its coca crop by 2021, as data/policy-instruments.json holds it (the one place
 * its figures and citation are written).
 */
export function peruHalfBy2021(instruments: readonly PolicyInstrument[] = loadPolicyInstruments()): ShareTarget {
  const inst = instruments.find((i) => i.id === PERU_HALF_BY_2021_ID);
  if (!inst) throw new DataError(`policy instruments: ${PERU_HALF_BY_2021_ID} is missing`);
  return shareTargetFromInstrument(inst);
}

export interface ShareTargetRow {
  year: number;
  /** Whether the year is within the target's period. */
  inTargetPeriod: boolean;
  cultivationSource: string;
  cultivationHa: number;
  eradicationSource: string;
  eradicationHa: number | null;
  /** eradicated / (cultivation + eradicated). */
  shareOfGrossCrop: number | null;
  /** eradicated / cultivation. */
  shareOfYearEndCrop: number | null;
  /** Against the target, on the gross-crop reading; "no eradication figure" when the year has none. */
  status: "met" | "short" | "no eradication figure" | "outside target period";
}

/** Extra eradication series (detected or recorded by Coca Monitor), by year, ha. */
export interface EradicationSeries {
  source: string;
  haByYear: ReadonlyMap<number, number>;
}

/** Track a share target over `years` (default: the target period with two years either side). */
export function trackShareTarget(
  target: ShareTarget,
  figures: readonly Figure[],
  { extra = [], years }: { extra?: readonly EradicationSeries[]; years?: readonly number[] } = {},
): ShareTargetRow[] {
  const national = figures.filter((f) => f.country === target.country && f.region.toLowerCase() === "national");
  const cultivation = national.filter((f) => f.metric === "cultivation_ha");
  const eradication = national.filter((f) => f.metric === "eradication_ha");
  const span = years ?? Array.from({ length: target.toYear - target.fromYear + 5 }, (_, k) => target.fromYear - 2 + k);
  const eradSources: EradicationSeries[] = [
    ...[...new Set(eradication.map((f) => f.source))].sort().map((source) => ({
      source,
      haByYear: new Map(eradication.filter((f) => f.source === source).map((f) => [f.year, f.value])),
    })),
    ...extra,
  ];
  if (eradSources.length === 0) eradSources.push({ source: "(none in the registry)", haByYear: new Map() });
  const rows: ShareTargetRow[] = [];
  for (const year of span) {
    const inTargetPeriod = year >= target.fromYear && year <= target.toYear;
    for (const c of cultivation.filter((f) => f.year === year).sort((a, b) => a.source.localeCompare(b.source))) {
      for (const e of eradSources) {
        const ha = e.haByYear.get(year) ?? null;
        const gross = ha === null ? null : ha / (c.value + ha);
        rows.push({
          year,
          inTargetPeriod,
          cultivationSource: c.source,
          cultivationHa: c.value,
          eradicationSource: e.source,
          eradicationHa: ha,
          shareOfGrossCrop: gross,
          shareOfYearEndCrop: ha === null || c.value === 0 ? null : ha / c.value,
          status: !inTargetPeriod ? "outside target period" : gross === null ? "no eradication figure" : gross >= target.share ? "met" : "short",
        });
      }
    }
  }
  return rows;
}
