/**
 * @module figures/overview
 * What `coca start` shows for now (printed by cli/tables/figures.ts): the US-vs-UN comparison of coca cultivation for Peru and Bolivia
 * (for Peru also against DEVIDA from 2017, when UNODC's series stops), and Bolivia's legal-limit check.
 */
import type { Store } from "../store/store.ts";
import { compareSources, type Comparison } from "./compare.ts";
import { loadPolicyInstruments } from "./policy-instruments.ts";
import { ensureSeeded } from "./seed.ts";
import { checkTargets, type TargetCheck } from "./targets.ts";

export interface FiguresOverview {
  comparisons: Comparison[];
  boliviaLimits: TargetCheck[];
}

/** Compute the overview (seeding the store first if needed). */
export async function figuresOverview(store: Store): Promise<FiguresOverview> {
  await ensureSeeded(store);
  const comparisons: Comparison[] = [];
  for (const country of ["PER", "BOL"]) {
    const figures = await store.figures.list({ country, region: "national", metric: "cultivation_ha" });
    comparisons.push(compareSources(figures, { country, region: "national", metric: "cultivation_ha" }));
    if (country === "PER") {
      // UNODC's Peru series stops in 2017; DEVIDA (its partner in the Peru survey) carries it on.
      const since2017 = figures.filter((f) => f.year >= 2017);
      comparisons.push(compareSources(since2017, { country, region: "national", metric: "cultivation_ha", base: "DEVIDA" }));
    }
  }
  const instruments = loadPolicyInstruments().filter((i) => i.country === "BOL");
  const bolivia = await store.figures.list({ country: "BOL" });
  return { comparisons, boliviaLimits: checkTargets(instruments, bolivia) };
}
