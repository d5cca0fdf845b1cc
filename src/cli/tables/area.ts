/**
 * @module cli/tables/area
 * Readable tables of designs and estimates for the terminal (the `--json`
 * output is the objects themselves). Every number says its unit.
 */
import { fmt, renderTable } from "../output.ts";
import type { AreaEstimate } from "../../stats/area-estimate.ts";
import type { SegmentEstimate } from "../../stats/segment-estimator.ts";
import type { FrameStratum } from "../../area/sample-points.ts";

const INTERVAL_WORDS: Record<AreaEstimate["interval"], string> = {
  score: "stratified score (Wilson-type) for areas and overall accuracy, Wilson with the effective sample size for user's and producer's accuracy",
  t: "estimate ± t·SE with Satterthwaite's degrees of freedom (Wilson for user's and producer's accuracy)",
  normal: "estimate ± z·SE (accuracies clipped to [0, 1])",
  bootstrap: "stratified bootstrap percentiles (999 replicates, fixed seed)",
};

const pm = (v: number | null, se: number | null, digits = 3): string => (v === null || se === null ? "—" : `${v.toFixed(digits)} ± ${se.toFixed(digits)}`);

/** Strata of a design: size, sample size and inclusion probability. */
export function renderDesignStrata(strata: readonly FrameStratum[]): string {
  return renderTable(strata, [
    { header: "stratum", value: (s) => s.stratum },
    { header: "size px", value: (s) => fmt(s.sizePx), align: "right" },
    { header: "size ha", value: (s) => fmt(s.sizeHa, 2), align: "right" },
    { header: "sample n", value: (s) => s.sampleSize, align: "right" },
    { header: "inclusion prob.", value: (s) => s.inclusionProbability.toPrecision(4), align: "right" },
  ]);
}

/** Area and accuracy per class, overall accuracy, z and warnings. */
export function renderEstimate(e: AreaEstimate): string {
  const rows = e.classes.map((c, k) => ({ c, k }));
  const level = `${+(e.confidence * 100).toFixed(2)}%`;
  const table = renderTable(rows, [
    { header: "class", value: (r) => r.c },
    { header: `mapped ha${e.mappedAreaEstimated ? " (est.)" : ""}`, value: (r) => fmt(e.mappedAreaHa[r.k], 2), align: "right" },
    { header: "estimated ha", value: (r) => fmt(e.areaHa[r.k], 2), align: "right" },
    { header: "SE ha", value: (r) => fmt(e.areaSeHa[r.k], 2), align: "right" },
    {
      header: `${level} CI ha`,
      value: (r) => `${fmt(e.areaCiHa[r.k]![0], 2)} – ${fmt(e.areaCiHa[r.k]![1], 2)}${e.areaCiLowerBelowZero[r.k] ? " (!)" : ""}`,
      align: "right",
    },
    { header: "user's acc. ± SE", value: (r) => pm(e.usersAccuracy[r.k]!, e.usersAccuracySe[r.k]!), align: "right" },
    { header: "producer's acc. ± SE", value: (r) => pm(e.producersAccuracy[r.k]!, e.producersAccuracySe[r.k]!), align: "right" },
  ]);
  const lines = [
    `${e.estimator} estimator, ${e.sampleSize} sample units in ${e.strata.length} ${e.strata.length === 1 ? "stratum" : "strata"}, total ${fmt(e.totalAreaHa, 2)} ha`,
    table.trimEnd(),
    `overall accuracy ${pm(e.overallAccuracy, e.overallAccuracySe)} (${level} CI ${e.overallAccuracyCi[0].toFixed(3)} – ${e.overallAccuracyCi[1].toFixed(3)})`,
    `intervals: ${INTERVAL_WORDS[e.interval]} with z = ${e.z.toPrecision(7)} (${level}); finite-population correction ${e.fpc ? "applied" : "not applied"}`,
    "",
    "error matrix, proportion of area ± SE (rows map class, columns reference class):",
    renderTable(rows, [
      { header: "map \\ reference", value: (r) => r.c },
      ...e.classes.map((c, j) => ({
        header: c,
        value: (r: { k: number }) => `${e.errorMatrixProportions[r.k]![j]!.toFixed(4)} ± ${e.errorMatrixProportionsSe[r.k]![j]!.toFixed(4)}`,
        align: "right" as const,
      })),
    ]).trimEnd(),
  ];
  if (e.warnings.length > 0) lines.push("", "warnings:", ...e.warnings.map((w) => `  - ${w}`));
  return `${lines.join("\n")}\n`;
}

/** A segment-survey total. */
export function renderSegmentEstimate(e: SegmentEstimate): string {
  const level = `${+(e.confidence * 100).toFixed(2)}%`;
  const lines = [
    `${e.estimator} estimator from ${e.sampleSize} sampled segments`,
    renderTable(e.strata, [
      { header: "stratum", value: (s) => s.id },
      { header: "segments", value: (s) => fmt(s.segments), align: "right" },
      { header: "sampled", value: (s) => s.sampled, align: "right" },
      { header: "mean coca ha/segment", value: (s) => fmt(s.meanCocaHa, 3), align: "right" },
      { header: "expanded ha", value: (s) => fmt(s.expandedHa, 2), align: "right" },
    ]).trimEnd(),
    `total coca ${fmt(e.totalHa, 2)} ha, SE ${fmt(e.seHa, 2)} ha, ${level} CI ${fmt(e.ciHa[0], 2)} – ${fmt(e.ciHa[1], 2)} ha${e.ciLowerBelowZero ? " (!)" : ""}`,
    `z = ${e.z.toPrecision(7)} (${level}); finite-population correction ${e.fpc ? "applied" : "not applied"}${e.ratio !== undefined ? `; ratio ${e.ratio.toPrecision(6)} coca ha per auxiliary unit × ${fmt(e.auxiliaryTotal, 2)}` : ""}`,
  ];
  if (e.warnings.length > 0) lines.push("", "warnings:", ...e.warnings.map((w) => `  - ${w}`));
  return `${lines.join("\n")}\n`;
}
