/**
 * @module web/main
 * The dashboard's shell: language (?lang=, the stored choice, else the browser; a switch), the time
 * slider (step and play over the years; it drives the map and the series alike), hash routing between
 * the views (add one to VIEWS and NAV), and the token prompt when the server keeps reads private.
 */
import "./style.css";
import { ApiError, clearCache, getJson, storeToken } from "./api-client.ts";
import { errorBox, h } from "./dom.ts";
import { detectLang, lang, setLang, t, type Lang } from "./i18n.ts";
import { parseRoute, routeHash, type AppState, type Meta, type Route, type View } from "./state.ts";
import { changeView } from "./views/change-view.ts";
import { limitsView } from "./views/limits-view.ts";
import { mapView } from "./views/map-view.ts";
import { seriesView } from "./views/series-view.ts";
import { surveyView } from "./views/survey-view.ts";
import { interpretView } from "./views/interpret-view.ts";
import { routesView } from "./views/routes-view.ts";

const VIEWS: Record<Route["view"], View> = {
  map: mapView,
  series: seriesView,
  survey: surveyView,
  limits: limitsView,
  interpret: interpretView,
  change: changeView,
  routes: routesView,
};
const NAV: { view: Route["view"]; key: "navMap" | "navSeries" | "navSurvey" | "navLimits" | "navChange" | "navRoutes"; route: Route }[] = [
  { view: "map", key: "navMap", route: { view: "map" } },
  { view: "series", key: "navSeries", route: { view: "series", country: "BOL" } },
  { view: "survey", key: "navSurvey", route: { view: "survey" } },
  { view: "limits", key: "navLimits", route: { view: "limits" } },
  { view: "change", key: "navChange", route: { view: "change" } },
  { view: "routes", key: "navRoutes", route: { view: "routes" } },
];
const YEAR_KEY = "coca-monitor.year";

const main = document.getElementById("main")!;
const yearInput = document.getElementById("year-input") as HTMLInputElement;
const yearValue = document.getElementById("year-value") as HTMLOutputElement;
const yearBack = document.getElementById("year-back") as HTMLButtonElement;
const yearForward = document.getElementById("year-forward") as HTMLButtonElement;
const yearPlay = document.getElementById("year-play") as HTMLButtonElement;
/** Seconds between years while playing. */
const PLAY_STEP_MS = 1500;
let playing: ReturnType<typeof setInterval> | undefined;
const langSelect = document.getElementById("lang-select") as HTMLSelectElement;
let cleanup: (() => void) | void;
let state: AppState;
let renderSeq = 0;

function chrome(): void {
  document.getElementById("app-tagline")!.textContent = t("tagline");
  document.getElementById("year-label")!.textContent = t("year");
  yearBack.setAttribute("aria-label", t("stepBack"));
  yearForward.setAttribute("aria-label", t("stepForward"));
  yearPlay.setAttribute("aria-label", playing ? t("pause") : t("play"));
  yearPlay.textContent = playing ? "❚❚" : "▶▶";
  document.getElementById("lang-label")!.textContent = t("language");
  document.querySelector(".skip")!.textContent = t("skip");
  langSelect.value = lang();
  const nav = document.getElementById("nav")!;
  nav.replaceChildren(...NAV.map((n) => h("a", { href: routeHash(n.route), "aria-current": state?.route.view === n.view ? "page" : undefined }, t(n.key))));
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

function yearsRange(first: number, last: number, selected: number): void {
  yearInput.min = String(first);
  yearInput.max = String(last);
  yearInput.value = String(selected);
  yearValue.textContent = String(selected);
}

/** Select a year (slider, step buttons, play): remembered for the tab, every view redrawn for it. */
function selectYear(year: number): void {
  const y = Math.min(Number(yearInput.max), Math.max(Number(yearInput.min), year));
  yearInput.value = String(y);
  yearValue.textContent = String(y);
  if (!state || state.year === y) return;
  state.year = y;
  sessionStorage.setItem(YEAR_KEY, String(y));
  void render();
}

function stopPlaying(): void {
  if (playing) clearInterval(playing);
  playing = undefined;
  yearPlay.setAttribute("aria-pressed", "false");
  chrome();
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
  yearsRange(first, last, year);
  await render();
}

yearInput.addEventListener("input", () => {
  yearValue.textContent = yearInput.value;
});
yearInput.addEventListener("change", () => selectYear(Number(yearInput.value)));
yearBack.addEventListener("click", () => selectYear(state.year - 1));
yearForward.addEventListener("click", () => selectYear(state.year + 1));
yearPlay.addEventListener("click", () => {
  if (playing) return stopPlaying();
  // From the first year when at the end, then one year a step; stops at the last year.
  if (state.year >= Number(yearInput.max)) selectYear(Number(yearInput.min));
  yearPlay.setAttribute("aria-pressed", "true");
  playing = setInterval(() => {
    if (state.year >= Number(yearInput.max)) return stopPlaying();
    selectYear(state.year + 1);
  }, PLAY_STEP_MS);
  chrome();
});
langSelect.addEventListener("change", () => {
  setLang(langSelect.value as Lang);
  void render();
});
window.addEventListener("hashchange", () => {
  // Before start() has the app's state, there is nothing to re-render: start() reads the hash itself.
  if ((state as AppState | undefined) === undefined) return;
  state.route = parseRoute(window.location.hash);
  void render(true);
});

void start();
