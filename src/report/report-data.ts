/**
 * @module report/report-data
 * Everything the annual report of a stored survey is made of, read from the store and the project's
 * data files: the survey and last year's, the registry's figures of the country, its legal limits and
 * targets, the cultivation trend, the US/UN reconciliation, the parameter set with its citations, the
 * class map as a PNG and the fields binned into 1 km cells.
 */
import { classMapOverview } from "../raster/class-map-overview.ts";
import { NotFoundError } from "../domain/errors.ts";
import { ensureSeeded } from "../figures/seed.ts";
import { loadPolicyInstruments } from "../figures/policy-instruments.ts";
import { loadPublishedRanges } from "../figures/published-ranges.ts";
import { loadMethodologyBreaks, loadParameterSets } from "../production/parameter-set-loader.ts";
import { reconcileYear, type Decomposition } from "../production/reconcile.ts";
import { seriesTrend, type SeriesTrend } from "../production/series-trend.ts";
import type { Store } from "../store/store.ts";
import type { SurveyDetail } from "../store/survey-repository.ts";
import { densityCells } from "../web/charts/density-chart.ts";
import { codeVersion } from "../survey/code-version.ts";
import type { RegistryReportInput, ReportInput } from "./report-model.ts";
import type { ReportLang } from "./report-text.ts";

/** About 1 km in degrees of latitude. */
export const DENSITY_CELL_DEG = 0.009;

const COUNTRY_NAMES: Record<string, Record<ReportLang, string>> = {
  PER: { es: "Perú", en: "Peru" },
  BOL: { es: "Bolivia", en: "Bolivia" },
  COL: { es: "Colombia", en: "Colombia" },
};

export interface ReportDataOptions {
  surveyId: number;
  /** Last year's survey; default: the newest stored survey of the same country and the year before, if any. */
  previousId?: number;
  lang: ReportLang;
}

async function getSurvey(store: Store, id: number, what: string): Promise<SurveyDetail> {
  const s = await store.surveys.get(id);
  if (!s) throw new NotFoundError(`no ${what} with id ${id} in the store (coca survey list shows the stored surveys)`);
  return s;
}

function centroid(geometry: unknown): [number, number] | undefined {
  let sx = 0;
  let sy = 0;
  let n = 0;
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === "number" && typeof c[1] === "number") {
      sx += c[0];
      sy += c[1];
      n++;
    } else if (Array.isArray(c)) c.forEach(walk);
  };
  walk((geometry as { coordinates?: unknown } | null)?.coordinates);
  return n > 0 ? [sx / n, sy / n] : undefined;
}

/** What a registry-only report (a country and a year, no stored survey) is made of. */
export async function gatherRegistryInput(
  store: Store,
  { country, year, lang }: { country: string; year: number; lang: ReportLang },
): Promise<RegistryReportInput> {
  await ensureSeeded(store);
  const figures = await store.figures.list({ country });
  if (!figures.some((f) => f.year === year || f.year === year - 1))
    throw new NotFoundError(`the registry has no figures for ${country} in ${year - 1} or ${year} (coca figures list --country ${country})`);
  let trend: SeriesTrend | undefined;
  try {
    trend = seriesTrend(
      figures.filter((f) => f.year <= year),
      await loadMethodologyBreaks(),
      { country, metric: "cultivation_ha", horizon: 3 },
    );
  } catch {
    trend = undefined;
  }
  let reconciliation: Decomposition | undefined;
  for (let y = year; y >= year - 3 && !reconciliation; y--) {
    try {
      reconciliation = reconcileYear(figures, country, y);
    } catch {
      reconciliation = undefined;
    }
  }
  return {
    lang,
    country,
    year,
    countryName: COUNTRY_NAMES[country]?.[lang] ?? country,
    figures: figures.filter((f) => f.year <= year),
    instruments: loadPolicyInstruments().filter((i) => i.country === country),
    trend,
    reconciliation,
    ranges: loadPublishedRanges().filter((r) => r.country === country),
    codeVersion: codeVersion(),
  };
}

export async function gatherReportInput(store: Store, { surveyId, previousId, lang }: ReportDataOptions): Promise<ReportInput> {
  const survey = await getSurvey(store, surveyId, "survey");
  let previous: SurveyDetail | undefined;
  if (previousId !== undefined) previous = await getSurvey(store, previousId, "previous survey");
  else {
    const before = (await store.surveys.list()).filter((s) => s.country === survey.country && s.year === survey.year - 1).sort((a, b) => b.id - a.id)[0];
    if (before) previous = await getSurvey(store, before.id, "previous survey");
  }
  await ensureSeeded(store);
  const figures = await store.figures.list({ country: survey.country });
  const instruments = loadPolicyInstruments().filter((i) => i.country === survey.country);
  let trend: SeriesTrend | undefined;
  try {
    trend = seriesTrend(figures, await loadMethodologyBreaks(), { country: survey.country, metric: "cultivation_ha", horizon: 3 });
  } catch {
    trend = undefined; // too few points after the last break: no bands
  }
  let reconciliation: Decomposition | undefined;
  for (let y = survey.year; y >= survey.year - 3 && !reconciliation; y--) {
    try {
      reconciliation = reconcileYear(figures, survey.country, y);
    } catch {
      reconciliation = undefined;
    }
  }
  const sets = await loadParameterSets();
  const parameterSet = sets.find((s) => s.name === survey.results.production?.parameterSet);

  let classMap: ReportInput["classMap"];
  const tiff = survey.artifacts.filter((a) => /tiff/i.test(a.mediaType) || /\.tiff?$/i.test(a.name));
  const artifact = tiff.find((a) => /class/i.test(a.name)) ?? tiff[0];
  if (artifact) {
    const stored = await store.surveys.artifact(survey.id, artifact.name);
    if (stored) {
      const overview = await classMapOverview(stored.bytes, { maxSizePx: 800 });
      classMap = {
        dataUrl: `data:image/png;base64,${Buffer.from(overview.png).toString("base64")}`,
        classes: overview.classes.map((c) => ({ name: c.name, color: c.color })),
      };
    }
  }
  // A mosaic of several scenes keeps which scene each pixel came from (sources.tif): the scene index map.
  let sceneIndex: ReportInput["sceneIndex"];
  if (survey.artifacts.some((a) => a.name === "sources.tif")) {
    const stored = await store.surveys.artifact(survey.id, "sources.tif");
    if (stored) {
      const overview = await classMapOverview(stored.bytes, { maxSizePx: 800 });
      sceneIndex = {
        dataUrl: `data:image/png;base64,${Buffer.from(overview.png).toString("base64")}`,
        classes: overview.classes.map((c) => ({ name: c.name, color: c.color })),
      };
    }
  }
  const { fields } = await store.surveys.fields(survey.id, { limit: 1_000_000, offset: 0, className: survey.results.targetClass });
  const points = fields.flatMap((f) => {
    const c = centroid(f.geometry);
    return c ? [{ lon: c[0], lat: c[1], areaHa: f.areaHa }] : [];
  });
  return {
    lang,
    survey,
    previous,
    figures,
    instruments,
    trend,
    reconciliation,
    parameterSet,
    ranges: loadPublishedRanges().filter((r) => r.country === survey.country),
    classMap,
    sceneIndex,
    density: { cells: densityCells(points, DENSITY_CELL_DEG), cellDeg: DENSITY_CELL_DEG },
    countryName: COUNTRY_NAMES[survey.country]?.[lang] ?? survey.country,
  };
}
