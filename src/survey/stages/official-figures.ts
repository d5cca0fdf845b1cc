/**
 * @module survey/stages/official-figures
 * Stage "compare": the official national figures (cultivation, cocaine) of the survey's
 * country and year in the registry, to set beside the survey's own.
 */
import type { OfficialFigureRef } from "../../domain/survey-results.ts";
import { ensureSeeded } from "../../figures/seed.ts";
import type { Store } from "../../store/store.ts";

export interface OfficialFiguresContext {
  store: Store;
  /** ISO 3166-1 alpha-3. */
  country: string;
  year: number;
}

export async function officialFiguresStage({ store, country, year }: OfficialFiguresContext): Promise<OfficialFigureRef[]> {
  await ensureSeeded(store);
  const figs = await store.figures.list({ country, year, region: "national" });
  return figs
    .filter((f) => f.metric === "cultivation_ha" || f.metric === "cocaine_t")
    .map((f) => ({ metric: f.metric, source: f.source, region: f.region, value: f.value, unit: f.unit, published: f.published, citation: f.citation }));
}
