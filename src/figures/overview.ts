/**
 * @module figures/overview
 * What `coca start` prints for now: the US-vs-UN comparison of coca cultivation for Peru and Bolivia
 * (for Peru also against DEVIDA from 2017, when UNODC's series stops), and Bolivia's legal-limit check.
 */
import type { Store } from "../store/store.ts";
import { compareSources, type Comparison } from "./compare.ts";
import { loadPolicyInstruments } from "./policy-instruments.ts";
import { renderComparison, renderTargetChecks } from "./report.ts";
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

/** Print the overview as readable tables on `out` (default stdout). */
export async function printFiguresOverview(store: Store, out: NodeJS.WritableStream = process.stdout): Promise<FiguresOverview> {
  const overview = await figuresOverview(store);
  out.write("Coca Monitor: official figures, US (ONDCP, INCSR, CNC) vs UN (UNODC) and national sources\n\n");
  for (const c of overview.comparisons) out.write(`${renderComparison(c)}\n`);
  out.write("Bolivia: coca cultivation against the legal limits (Law 1008: 12,000 ha; Law 906 of 2017: 22,000 ha)\n");
  out.write(renderTargetChecks(overview.boliviaLimits));
  out.write("\nEvery figure with its citation: coca figures list --json; vintages: coca figures revisions\n");
  return overview;
}
