/**
 * @module web/views/jobs-panel
 * A running survey's progress, above the survey view: the runs of the server's queue not yet ended
 * (GET /v1/jobs?active=true), each with its state and tiles done / total as a progress bar, polled
 * (GET /v1/jobs/:id) until it ends; a stored survey links to itself. Hidden when nothing is running.
 */
import { getFreshJson } from "../api-client.ts";
import { h } from "../dom.ts";
import { fmtPercent, t, type StringKey } from "../i18n.ts";

export interface SurveyJob {
  id: string;
  state: string;
  name: string | null;
  tiles: { done: number; total: number | null };
  progress: number | null;
  surveyId: number | null;
  url: string | null;
  error: string | null;
}

/** Poll every this many ms. */
const POLL_MS = 2000;

const STATE_KEYS: Record<string, StringKey> = {
  queued: "jobQueued",
  preparing: "jobPreparing",
  classifying: "jobClassifying",
  assembling: "jobAssembling",
  stored: "jobStored",
  "needs-labels": "jobNeedsLabels",
  failed: "jobFailed",
  cancelled: "jobCancelled",
};

/** One run's line: name, state, tiles, bar; the survey link or the error at the end. */
export function jobLine(job: SurveyJob): HTMLElement {
  const state = STATE_KEYS[job.state] ? t(STATE_KEYS[job.state]!) : job.state;
  const tiles = job.tiles.total === null ? t("jobTilesUnknown") : `${job.tiles.done} / ${job.tiles.total} ${t("jobTiles")}`;
  const progress = h("progress", { max: 1, value: job.progress ?? 0, "aria-label": `${job.name ?? job.id}: ${tiles}` });
  const end =
    job.url !== null
      ? h("a", { href: `#/survey/${job.surveyId}` }, t("jobOpenSurvey"))
      : job.error
        ? h("span", { class: "error" }, job.error)
        : h("span", {}, job.progress === null ? "" : fmtPercent(job.progress));
  return h("li", { "data-job": job.id, "data-state": job.state }, h("strong", {}, job.name ?? job.id), ` · ${state} · ${tiles} `, progress, " ", end);
}

/** The panel and a stop function (the view's cleanup). */
export function jobsPanel(): { el: HTMLElement; stop: () => void } {
  const list = h("ul", { class: "jobs" });
  const el = h("section", { class: "panel", id: "jobs-panel", hidden: true, "aria-live": "polite" }, h("h3", {}, t("jobsRunning")), list);
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const jobs = new Map<string, SurveyJob>();
  const draw = (): void => {
    list.replaceChildren(...[...jobs.values()].map(jobLine));
    el.hidden = jobs.size === 0;
  };
  const ended = (j: SurveyJob): boolean => ["stored", "needs-labels", "failed", "cancelled"].includes(j.state);
  const poll = async (): Promise<void> => {
    if (stopped) return;
    try {
      for (const j of [...jobs.values()].filter((x) => !ended(x))) jobs.set(j.id, await getFreshJson<SurveyJob>(`/v1/jobs/${j.id}`));
      draw();
    } catch {
      // a failed poll is tried again at the next tick
    }
    if (!stopped && [...jobs.values()].some((j) => !ended(j))) timer = setTimeout(() => void poll(), POLL_MS);
  };
  void getFreshJson<{ jobs: SurveyJob[] }>("/v1/jobs?active=true")
    .then(({ jobs: active }) => {
      for (const j of active) jobs.set(j.id, j);
      draw();
      if (active.length > 0) timer = setTimeout(() => void poll(), POLL_MS);
    })
    .catch(() => {});
  return {
    el,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
