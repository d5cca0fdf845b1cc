/**
 * @module cli/tables/figures
 * Readable tables of the registry's answers (figures, comparisons, revisions, target checks).
 * Every number is shown with its unit and source.
 */
import { fmt, renderTable } from "../output.ts";
import { countryName } from "../../domain/country.ts";
import type { Store } from "../../store/store.ts";
import { citationsOf, type Figure } from "../../domain/figure.ts";
import type { Comparison } from "../../figures/compare.ts";
import { figuresOverview, type FiguresOverview } from "../../figures/overview.ts";
import type { Revision } from "../../figures/revisions.ts";
import type { TargetCheck } from "../../figures/targets.ts";
import type { ShareTarget, ShareTargetRow } from "../../change/eradication-share-target.ts";

/** "+1,234" / "-56" / "0". */
export function signed(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const s = fmt(Math.abs(value), digits);
  return value > 0 ? `+${s}` : value < 0 ? `-${s}` : s;
}

/** A ratio as a signed percentage: 0.1318 -> "+13.2%". */
export function percent(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "—";
  const pct = ratio * 100;
  const text = Math.abs(pct).toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${pct > 0 ? "+" : pct < 0 ? "-" : ""}${text}%`;
}

export function renderFigures(figures: readonly Figure[]): string {
  return renderTable(figures, [
    { header: "country", value: (f) => f.country },
    { header: "region", value: (f) => f.region },
    { header: "year", value: (f) => f.year, align: "right" },
    { header: "metric", value: (f) => f.metric },
    { header: "value", value: (f) => fmt(f.value, 2), align: "right" },
    { header: "unit", value: (f) => f.unit },
    { header: "source", value: (f) => f.source },
    { header: "published", value: (f) => f.published },
    {
      header: "citations (kind: title)",
      value: (f) =>
        citationsOf(f)
          .map((c) => `${c.citationKind}: ${c.publicationTitle}`)
          .join(" | "),
    },
  ]);
}

/** Each figure as a block: what it is, its value with unit and vintage, notes, then every citation in full. */
export function renderFigureDetails(figures: readonly Figure[]): string {
  return figures
    .map((f) => {
      const lines = [
        `${countryName(f.country)} (${f.country}), ${f.region}, ${f.year}: ${f.metric} = ${fmt(f.value, 2)} ${f.unit}`,
        `  source ${f.source} [${f.sourceFamily}]${f.sourceRaw && f.sourceRaw !== f.source ? ` (as "${f.sourceRaw}")` : ""}, term ${f.sourceTerm}, published ${f.published}`,
      ];
      if (f.notes) lines.push(`  notes: ${f.notes}`);
      const citations = citationsOf(f);
      lines.push(`  citations (${citations.length}):`);
      for (const c of citations) lines.push(`    - ${c.citationKind}: ${c.citation}`);
      return lines.join("\n");
    })
    .join("\n\n")
    .concat("\n");
}

export function renderComparison(c: Comparison): string {
  const title =
    `${c.metric} (${c.unit}), ${countryName(c.country)} (${c.country}), ${c.region}: sources side by side` + (c.base ? `; differences from ${c.base}` : "");
  if (c.years.length === 0) return `${title}\n(no figures)\n`;
  const others = c.columns.filter((col) => col.key !== c.base);
  const table = renderTable(c.years, [
    { header: "year", value: (y) => y.year, align: "right" },
    ...c.columns.map((col) => ({
      header: `${col.key} [${col.family}] ${c.unit}`,
      value: (y: (typeof c.years)[number]) => (y.values[col.key] ? fmt(y.values[col.key]!.value) : null),
      align: "right" as const,
    })),
    ...others.flatMap((col) => [
      {
        header: `${col.key}−${c.base} ${c.unit}`,
        value: (y: (typeof c.years)[number]) => (y.differences[col.key] ? signed(y.differences[col.key]!.absolute) : null),
        align: "right" as const,
      },
      {
        header: `${col.key}/${c.base}`,
        value: (y: (typeof c.years)[number]) => (y.differences[col.key] ? percent(y.differences[col.key]!.relative) : null),
        align: "right" as const,
      },
    ]),
  ]);
  return `${title}\n${table}— = not published\n`;
}

export function renderRevisions(revisions: readonly Revision[]): string {
  if (revisions.length === 0) return "no revisions\n";
  return renderTable(revisions, [
    { header: "country", value: (r) => r.country },
    { header: "region", value: (r) => r.region },
    { header: "year", value: (r) => r.year, align: "right" },
    { header: "metric", value: (r) => r.metric },
    { header: "source", value: (r) => r.source },
    { header: "old", value: (r) => `${fmt(r.from.value, 2)} ${r.unit}`, align: "right" },
    { header: "published", value: (r) => r.from.published },
    { header: "new", value: (r) => `${fmt(r.to.value, 2)} ${r.unit}`, align: "right" },
    { header: "published", value: (r) => r.to.published },
    { header: "change", value: (r) => `${signed(r.change, 2)} ${r.unit} (${percent(r.relativeChange)})`, align: "right" },
  ]);
}

export function renderTargetChecks(checks: readonly TargetCheck[]): string {
  if (checks.length === 0) return "no figures to check against a limit or target\n";
  return renderTable(checks, [
    { header: "instrument", value: (c) => c.instrument },
    { header: "region", value: (c) => (c.figureRegion === c.region ? c.region : `${c.region} ← ${c.figureRegion}`) },
    { header: "year", value: (c) => c.year, align: "right" },
    { header: "source", value: (c) => c.source },
    { header: "figure", value: (c) => `${fmt(c.value)} ${c.unit}`, align: "right" },
    { header: "limit", value: (c) => `${fmt(c.limit)} ${c.unit}`, align: "right" },
    { header: "difference", value: (c) => `${signed(c.difference)} ${c.unit}`, align: "right" },
    { header: "%", value: (c) => percent(c.relativeDifference), align: "right" },
    { header: "status", value: (c) => c.status },
    { header: "source's own excess", value: (c) => (c.publishedExcess === null ? null : `${fmt(c.publishedExcess)} ${c.unit}`) },
  ]);
}

/** A share-of-the-crop eradication target tracked year by year (name, citation, one row per cultivation and eradication source). */
export function renderShareTarget(target: ShareTarget, rows: readonly ShareTargetRow[]): string {
  const pctOrDash = (v: number | null): string => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);
  return `${target.name} (${(target.share * 100).toFixed(0)}% of the crop, ${target.fromYear}-${target.toYear})\nsource: ${target.citation}\n\n${renderTable(
    rows,
    [
      { header: "year", value: (r) => r.year },
      { header: "cultivation (ha)", value: (r) => `${fmt(r.cultivationHa, 0)} ${r.cultivationSource}`, align: "right" },
      {
        header: "eradication (ha)",
        value: (r) => (r.eradicationHa === null ? `— ${r.eradicationSource}` : `${fmt(r.eradicationHa, 0)} ${r.eradicationSource}`),
        align: "right",
      },
      { header: "of gross crop", value: (r) => pctOrDash(r.shareOfGrossCrop), align: "right" },
      { header: "of year-end crop", value: (r) => pctOrDash(r.shareOfYearEndCrop), align: "right" },
      { header: "status", value: (r) => r.status },
    ],
  )}`;
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
