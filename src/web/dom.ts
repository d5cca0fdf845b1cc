/**
 * @module web/dom
 * A tiny element builder, and the shared bits of every view: headings, notes, tables with units
 * and sources, download buttons.
 */
import { t, type StringKey } from "./i18n.ts";
import { downloadCsv, downloadGeoJson, type CsvRow } from "./download.ts";

type Child = Node | string | number | null | undefined | false;

/** Create an element with attributes (on* as listeners) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | EventListener | undefined> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Append children to `parent`, skipping null/undefined/false. */
export function add(parent: Element, ...children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
}

export interface TableColumn<T> {
  header: string;
  value: (row: T) => string;
  numeric?: boolean;
}

/** An accessible data table with a caption, in a box that scrolls sideways on narrow screens. */
export function table<T>(caption: string, rows: readonly T[], columns: readonly TableColumn<T>[]): HTMLElement {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: "data" },
      h("caption", {}, caption),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          columns.map((c) => h("th", { scope: "col", class: c.numeric ? "num" : undefined }, c.header)),
        ),
      ),
      h(
        "tbody",
        {},
        rows.map((r) =>
          h(
            "tr",
            {},
            columns.map((c) => h("td", { class: c.numeric ? "num" : undefined }, c.value(r))),
          ),
        ),
      ),
    ),
  );
}

/** Buttons that download what a view shows. */
export function downloads(basename: string, csv: () => CsvRow[], geojson?: () => unknown, what?: string): HTMLElement {
  return h(
    "div",
    { class: "downloads", role: "group", "aria-label": what ?? basename },
    what ? h("span", { class: "what" }, `${what}:`) : null,
    h("button", { type: "button", title: t("downloadCsvTitle"), onclick: () => downloadCsv(basename, csv()) }, t("downloadCsv")),
    geojson ? h("button", { type: "button", onclick: () => downloadGeoJson(`${basename}.geojson`, geojson()) }, t("downloadGeoJson")) : null,
  );
}

export function heading(level: 2 | 3, key: StringKey | string, raw = false): HTMLHeadingElement {
  return h(level === 2 ? "h2" : "h3", {}, raw ? key : t(key as StringKey));
}

export function note(text: string): HTMLParagraphElement {
  return h("p", { class: "note" }, text);
}

export function errorBox(error: unknown): HTMLElement {
  return h("p", { class: "error", role: "alert" }, `${t("error")}: ${error instanceof Error ? error.message : String(error)}`);
}

/** Width available to a chart: the main column's content width. */
export function viewWidth(): number {
  const main = document.getElementById("main");
  const width = main ? main.clientWidth : window.innerWidth;
  return Math.max(280, width - 48);
}
