/**
 * @module web/main
 * The dashboard's shell: language (browser, switch), year control, hash routing between the four
 * views, and the token prompt when the server keeps reads private.
 */
import "./style.css";
import { ApiError, clearCache, getJson, storeToken } from "./api-client.ts";
import { errorBox, h } from "./dom.ts";
import { detectLang, lang, setLang, t, type Lang } from "./i18n.ts";
import { parseRoute, routeHash, type AppState, type Meta, type Route, type View } from "./state.ts";
import { limitsView } from "./views/limits-view.ts";
import { mapView } from "./views/map-view.ts";
import { seriesView } from "./views/series-view.ts";
import { surveyView } from "./views/survey-view.ts";
import { routesView } from "./views/routes-view.ts";

const VIEWS: Record<Route["view"], View> = { map: mapView, series: seriesView, survey: surveyView, limits: limitsView, routes: routesView };
const NAV: { view: Route["view"]; key: "navMap" | "navSeries" | "navSurvey" | "navLimits" | "navRoutes"; route: Route }[] = [
  { view: "map", key: "navMap", route: { view: "map" } },
  { view: "series", key: "navSeries", route: { view: "series", country: "BOL" } },
  { view: "survey", key: "navSurvey", route: { view: "survey" } },
  { view: "limits", key: "navLimits", route: { view: "limits" } },
  { view: "routes", key: "navRoutes", route: { view: "routes" } },
];
const YEAR_KEY = "coca-monitor.year";

const main = document.getElementById("main")!;
const yearInput = document.getElementById("year-input") as HTMLSelectElement;
const langSelect = document.getElementById("lang-select") as HTMLSelectElement;
let cleanup: (() => void) | void;
let state: AppState;
let renderSeq = 0;

function chrome(): void {
  document.getElementById("app-tagline")!.textContent = t("tagline");
  document.getElementById("year-label")!.textContent = t("year");
  document.getElementById("lang-label")!.textContent = t("language");
  document.querySelector(".skip")!.textContent = t("skip");
  langSelect.value = lang();
  const nav = document.getElementById("nav")!;
  nav.replaceChildren(
    ...NAV.map((n) => h("a", { href: routeHash(n.route), "aria-current": state?.route.view === n.view ? "page" : undefined }, t(n.key))),
  );
  document.getElementById("foot")!.textContent =
    `Coca Monitor ${state?.meta.version ?? ""} · API: /v1 · OpenAPI: /openapi.json · ${state?.meta.boundariesAttribution ?? ""}`;
}

async function render(focus = false): Promise<void> {
  const seq = ++renderSeq;
  if (cleanup) cleanup();
  cleanup = undefined;
  chrome();
  main.replaceChildren(h("p", {}, t("loading")));
  const root = h("div", { id: `view-${state.route.view}` });
  try {
    const result = await VIEWS[state.route.view](root, state);
    if (seq !== renderSeq) {
      if (result) result();
      return;
    }
    cleanup = result;
    main.replaceChildren(root);
  } catch (error) {
    if (seq !== renderSeq) return;
    main.replaceChildren(error instanceof ApiError && error.status === 401 ? tokenPrompt() : errorBox(error));
  }
  main.setAttribute("data-ready", state.route.view);
  if (focus) main.focus();
}

function tokenPrompt(): HTMLElement {
  const input = h("input", { id: "token-input", type: "password", autocomplete: "off", size: 60 });
  return h(
    "form",
    {
      class: "panel",
      onsubmit: (e: Event) => {
        e.preventDefault();
        storeToken(input.value);
        clearCache();
        void start();
      },
    },
    h("p", {}, t("tokenNeeded")),
    h("label", { for: "token-input" }, t("token")),
    " ",
    input,
    " ",
    h("button", { type: "submit" }, t("save")),
  );
}

function yearsOptions(first: number, last: number, selected: number): void {
  yearInput.replaceChildren(...Array.from({ length: last - first + 1 }, (_, i) => last - i).map((y) => h("option", { value: String(y), selected: y === selected }, String(y))));
}

async function start(): Promise<void> {
  setLang(detectLang());
  let meta: Meta;
  try {
    meta = await getJson<Meta>("/v1/meta");
  } catch (error) {
    main.replaceChildren(errorBox(error));
    return;
  }
  // The year span: official figures and surveys together.
  let first = 1990;
  let last = new Date().getUTCFullYear();
  const years: number[] = [];
  try {
    const [{ figures }, { surveys }] = await Promise.all([
      getJson<{ figures: { year: number }[] }>("/v1/figures?metric=cultivation_ha"),
      getJson<{ surveys: { year: number }[] }>("/v1/surveys"),
    ]);
    years.push(...figures.map((f) => f.year), ...surveys.map((s) => s.year));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      state = { route: parseRoute(window.location.hash), year: last, meta };
      chrome();
      main.replaceChildren(tokenPrompt());
      return;
    }
  }
  if (years.length > 0) {
    first = Math.min(...years);
    last = Math.max(...years);
  }
  const storedYear = Number(sessionStorage.getItem(YEAR_KEY));
  const year = storedYear >= first && storedYear <= last ? storedYear : last;
  state = { route: parseRoute(window.location.hash), year, meta };
  yearsOptions(first, last, year);
  await render();
}

yearInput.addEventListener("change", () => {
  state.year = Number(yearInput.value);
  sessionStorage.setItem(YEAR_KEY, yearInput.value);
  void render();
});
langSelect.addEventListener("change", () => {
  setLang(langSelect.value as Lang);
  void render();
});
window.addEventListener("hashchange", () => {
  state.route = parseRoute(window.location.hash);
  void render(true);
});

void start();
