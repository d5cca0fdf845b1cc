/**
 * @module web/views/limits-view
 * (d) Legal limits and policy targets: every instrument with its citation, and for the selected year
 * each source's figure against it (difference and status), with a chart across years.
 */
import * as Plot from "@observablehq/plot";
import { getJson } from "../api-client.ts";
import { downloads, errorBox, h, note, viewWidth, table } from "../dom.ts";
import { countryName, fmtNumber, fmtPercent, fmtQty, t, type StringKey } from "../i18n.ts";
import type { AppState, View } from "../state.ts";
import type { PolicyInstrumentRow, TargetCheckRow } from "../types.ts";

function statusLabel(status: TargetCheckRow["status"]): string {
  switch (status) {
    case "over":
      return t("aboveLimit");
    case "within":
      return t("withinLimit");
    case "met":
      return "✓";
    case "short":
      return "✗";
  }
}

export const limitsView: View = async (root, state: AppState) => {
  root.append(h("h2", {}, t("limitsTitle")));
  let instruments: PolicyInstrumentRow[];
  let checks: TargetCheckRow[];
  try {
    [{ instruments }, { checks }] = await Promise.all([
      getJson<{ instruments: PolicyInstrumentRow[] }>("/v1/limits"),
      getJson<{ checks: TargetCheckRow[] }>("/v1/targets"),
    ]);
  } catch (error) {
    root.append(errorBox(error));
    return;
  }
  const width = Math.min(1100, Math.max(300, viewWidth() - 40));
  root.append(
    h(
      "section",
      { class: "panel" },
      h(
        "div",
        { class: "table-wrap" },
        table(t("limitsTitle"), instruments, [
          { header: t("country"), value: (i) => countryName(i.country) },
          { header: "", value: (i) => i.name },
          { header: t("region"), value: (i) => i.region },
          { header: t("value"), value: (i) => fmtQty(i.value, i.unit), numeric: true },
          { header: t("year"), value: (i) => `${i.fromYear ?? "…"}–${i.toYear ?? "…"}` },
          { header: t("citation"), value: (i) => i.citation },
        ]),
      ),
      downloads("limits-and-targets", () =>
        instruments.map((i) => ({
          id: i.id,
          kind: i.kind,
          country: i.country,
          region: i.region,
          name: i.name,
          metric: i.metric,
          value: i.value,
          unit: i.unit,
          from_year: i.fromYear,
          to_year: i.toYear,
          citation: i.citation,
        })),
      ),
    ),
  );
  const yearChecks = checks.filter((c) => c.year === state.year);
  root.append(
    h(
      "section",
      { class: "panel", id: "limits-year" },
      h("h3", {}, `${t("year")} ${state.year}`),
      yearChecks.length === 0
        ? note(t("noData"))
        : h(
            "div",
            { class: "table-wrap" },
            table(`${t("limitsTitle")}, ${state.year}`, yearChecks, [
              { header: "", value: (c) => c.instrument },
              { header: t("source"), value: (c) => c.source },
              { header: t("value"), value: (c) => fmtQty(c.value, c.unit), numeric: true },
              { header: `${t("legalLimit")} / ${t("target")}`, value: (c) => fmtQty(c.limit, c.unit), numeric: true },
              {
                header: t("difference"),
                value: (c) => `${c.difference > 0 ? "+" : ""}${fmtQty(c.difference, c.unit)} (${fmtPercent(c.relativeDifference)})`,
                numeric: true,
              },
              { header: "", value: (c) => statusLabel(c.status) },
              { header: t("citation"), value: (c) => c.citation },
            ]),
          ),
      downloads(`limits-checks-${state.year}`, () => yearChecks.map((c) => ({ ...c }))),
    ),
  );
  for (const inst of instruments) {
    const rows = checks.filter((c) => c.instrumentId === inst.id);
    if (rows.length === 0) continue;
    root.append(
      h(
        "section",
        { class: "panel" },
        h("h3", {}, `${countryName(inst.country)}: ${inst.name}`),
        h(
          "figure",
          { class: "chart" },
          Plot.plot({
            width,
            height: 260,
            marginLeft: 70,
            x: { label: t("year"), tickFormat: (d: number) => String(d) },
            y: { label: `${t(inst.metric as StringKey)} (${inst.unit})`, grid: true, zero: true, tickFormat: (d: number) => fmtNumber(d) },
            color: { legend: true },
            marks: [
              Plot.ruleY([inst.value], { stroke: "#b91c1c", strokeDasharray: "6,4", strokeWidth: 2 }),
              Plot.lineY(rows, { x: "year", y: "value", stroke: "source", z: "source" }),
              Plot.dot(rows, {
                x: "year",
                y: "value",
                fill: "source",
                r: 3,
                title: (c: TargetCheckRow) => `${c.source} ${c.year}: ${fmtQty(c.value, c.unit)}; ${statusLabel(c.status)}`,
              }),
              Plot.ruleX([state.year], { stroke: "#999", strokeDasharray: "2,3" }),
            ],
          }),
          h("figcaption", {}, `${inst.name}: ${fmtQty(inst.value, inst.unit)} (${inst.citation})`),
        ),
      ),
    );
  }
};
