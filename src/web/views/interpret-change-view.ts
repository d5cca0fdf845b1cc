/**
 * @module web/views/interpret-change-view
 * The Interpret view's list (#/interpret: surveys, and change surveys awaiting labels) and its change
 * survey mode (#/interpret/change/ID): one unit at a time from the interpreter's blind sheet
 * (GET /v1/change/analyses/ID/sheet) over four chips, true and false colour at each date, each captioned
 * with its date; one class per date (keys 1-9 and letters for date 1, Shift + the same key for date 2, or
 * the buttons), a confidence and a comment, previous/next (arrows or j/k) and progress. Nothing of the
 * map's classes, the transition or the stratum is shown. Once both dates have a class the unit's labels go
 * to POST /v1/change/analyses/ID/labels (checked and audited as a file import); offline they wait in
 * local storage. Spanish and English.
 */
import { h } from "../dom.ts";
import { fmtNumber, t } from "../i18n.ts";
import { api, chipUrlAt, labelInputs, postQueued, readQueue, writeQueue } from "./interpret-io.ts";
import {
  CHANGE_PERIODS,
  changeKeyAction,
  changeProgress,
  changeSubmission,
  enqueue,
  firstOpenChange,
  queueKey,
  shortcutFor,
  step,
  type ChangePeriod,
  type ChangeSheet,
  type PendingLabel,
} from "./interpret-model.ts";

/** #/interpret without an id: what the interpreter can label. */
export async function interpretList(root: HTMLElement): Promise<void> {
  const [surveys, changes] = await Promise.all([
    api("/v1/surveys")
      .then(async (r) => (r.ok ? ((await r.json()) as { surveys: { id: number; name: string; simulated: boolean }[] }).surveys : []))
      .catch(() => []),
    api("/v1/change/analyses")
      .then(async (r) =>
        r.ok ? ((await r.json()) as { analyses: { id: number; name: string; fromLabel: string; toLabel: string; awaitingLabels?: boolean }[] }).analyses : [],
      )
      .catch(() => []),
  ]);
  const awaiting = changes.filter((a) => a.awaitingLabels);
  if (surveys.length === 0 && awaiting.length === 0) {
    root.append(h("p", { class: "panel" }, t("interpretNone")));
    return;
  }
  root.append(
    h("h3", {}, t("interpretSurveys")),
    h("ul", { class: "interpret-list" }, ...surveys.map((x) => h("li", {}, h("a", { href: `#/interpret/${x.id}` }, `${x.id}: ${x.name}`)))),
    h("h3", {}, t("interpretChanges")),
    h(
      "ul",
      { class: "interpret-list", "data-kind": "change" },
      ...awaiting.map((a) => h("li", {}, h("a", { href: `#/interpret/change/${a.id}` }, `${a.id}: ${a.name} (${a.fromLabel} → ${a.toLabel})`))),
    ),
  );
}

/** #/interpret/change/ID. */
export async function interpretChange(root: HTMLElement, id: number): Promise<() => void> {
  const res = await api(`/v1/change/analyses/${id}/sheet`);
  if (!res.ok) {
    const problem = (await res.json().catch(() => ({}))) as { detail?: string };
    root.append(h("p", { class: "panel", role: "alert" }, problem.detail ?? `${res.status}`));
    return () => {};
  }
  const sheet = (await res.json()) as ChangeSheet;
  const qKey = queueKey(sheet.analysisId, `change.${sheet.interpreter}`);
  let queue = readQueue(qKey);
  let index = firstOpenChange(sheet.units);
  let draft: Partial<Record<ChangePeriod, string>> = {};
  const dateLabel = (p: ChangePeriod): string => sheet.dates.find((d) => d.period === p)?.label ?? p;
  const status = h("p", { role: "status", "aria-live": "polite" });
  const body = h("div", { class: "interpret", "data-mode": "change" });
  root.append(h("p", {}, `${sheet.interpreter} · ${t("interpretChangeKeys")}`), body, status);

  const flush = async (): Promise<void> => {
    if (queue.length === 0) return;
    const answer = await postQueued(`/v1/change/analyses/${sheet.analysisId}/labels`, sheet.designSha256, queue);
    if (answer.outcome !== "stored") {
      if (answer.detail) status.textContent = answer.detail;
      if (answer.outcome === "refused") {
        queue = [];
        writeQueue(qKey, queue);
      }
      return;
    }
    queue.forEach((p: PendingLabel, k) => {
      const u = sheet.units.find((x) => x.blindId === p.blindId);
      if (u && p.period)
        u.labels[p.period] = {
          referenceClass: p.referenceClass,
          confidence: p.confidence ?? null,
          comment: p.comment ?? "",
          labelId: answer.labelIds[k] ?? 0,
        };
    });
    queue = [];
    writeQueue(qKey, queue);
    status.textContent = t("interpretSaved");
  };

  const move = (by: number): void => {
    index = step(index, by, sheet.units.length);
    draft = {};
    draw();
  };

  const draw = (): void => {
    const unit = sheet.units[index]!;
    const p = changeProgress(sheet.units, queue);
    const { confidence, comment, reason } = labelInputs(unit.labels.t1);
    const pick = async (period: ChangePeriod, referenceClass: string): Promise<void> => {
      draft = { ...draft, [period]: referenceClass };
      const sub = changeSubmission(unit, {
        draft,
        confidence: confidence.value === "" ? undefined : Number(confidence.value),
        comment: comment.value,
        reason: reason.value,
      });
      if ("error" in sub) {
        status.textContent = t(
          sub.error === "incomplete" ? "interpretIncomplete" : sub.error === "reasonNeeded" ? "interpretReasonNeeded" : "interpretSameClass",
        );
        draw();
        return;
      }
      for (const label of sub) queue = enqueue(queue, label);
      writeQueue(qKey, queue);
      await flush();
      if (queue.length > 0) status.textContent = t("interpretQueued");
      move(1);
    };
    // Four chips (64 px, shown at 3x): true and false colour at each date, the unit's pixel outlined.
    const chipOf = (period: ChangePeriod, composite: "true-colour" | "false-colour"): HTMLElement => {
      const label = `${t("interpretDate")} ${period === "t1" ? 1 : 2} (${dateLabel(period)}): ${t(composite === "true-colour" ? "interpretTrueColour" : "interpretFalseColour")}`;
      const img = h("img", {
        alt: label,
        width: 192,
        height: 192,
        style: "image-rendering: pixelated; background: #333",
        "data-composite": composite,
        "data-period": period,
      });
      void chipUrlAt(`/v1/change/analyses/${sheet.analysisId}/chips/${unit.blindId}?period=${period}&composite=${composite}`).then((url) => {
        if (url) img.src = url;
        else img.alt = t("interpretNoChip");
      });
      const outline = h("div", { style: "position:absolute; left:96px; top:96px; width:3px; height:3px; outline:2px solid #ff0" });
      return h(
        "figure",
        { class: "interpret-chip", style: "display:inline-block; margin:0 1em 0 0" },
        h("div", { style: "position:relative; width:192px; height:192px" }, img, outline),
        h("figcaption", {}, label),
      );
    };
    const chosen = (period: ChangePeriod): string | undefined => draft[period] ?? unit.labels[period]?.referenceClass;
    const classRow = (period: ChangePeriod): HTMLElement =>
      h(
        "div",
        { class: "interpret-classes", "data-period": period },
        h("strong", {}, `${t("interpretDate")} ${period === "t1" ? 1 : 2} (${dateLabel(period)}): `),
        ...sheet.legend.map((c, i) => {
          const key = shortcutFor(i) ?? "";
          const shortcut = period === "t1" ? key : `Shift+${key}`;
          return h(
            "button",
            {
              type: "button",
              "data-class": c,
              "aria-keyshortcuts": shortcut,
              "aria-pressed": chosen(period) === c ? "true" : "false",
              onclick: () => void pick(period, c),
            },
            `${period === "t1" ? key : `⇧${key}`} ${c}`,
          );
        }),
      );
    const mine = CHANGE_PERIODS.filter((x) => unit.labels[x] !== null);
    const parts: (HTMLElement | null)[] = [
      h("p", {}, `${t("interpretUnit")} ${index + 1} ${t("interpretOf")} ${sheet.units.length} · ${p.done} ${t("interpretDone")}`),
      h("progress", { max: p.total, value: p.done }),
      h("div", {}, ...CHANGE_PERIODS.map((x) => h("div", { "data-period": x }, chipOf(x, "true-colour"), chipOf(x, "false-colour")))),
      h(
        "p",
        {},
        `${t("interpretWhere")}: ${fmtNumber(unit.lat, 5)}, ${fmtNumber(unit.lon, 5)} (lat, lon) · x ${fmtNumber(unit.x, 1)}, y ${fmtNumber(unit.y, 1)}`,
      ),
      mine.length > 0 ? h("p", {}, `${t("interpretYourLabels")}: ${mine.map((x) => `${dateLabel(x)} ${unit.labels[x]!.referenceClass}`).join(" · ")}`) : null,
      classRow("t1"),
      classRow("t2"),
      h(
        "p",
        {},
        h("label", { for: "interpret-confidence" }, t("interpretConfidence")),
        " ",
        confidence,
        " ",
        h("label", { for: "interpret-comment" }, t("interpretComment")),
        " ",
        comment,
      ),
      mine.length > 0 ? h("p", {}, h("label", { for: "interpret-reason" }, t("interpretReason")), " ", reason) : null,
      h(
        "p",
        {},
        h("button", { type: "button", onclick: () => move(-1) }, `← ${t("interpretPrevious")}`),
        " ",
        h("button", { type: "button", onclick: () => move(1) }, `${t("interpretNext")} →`),
      ),
    ];
    body.replaceChildren(...parts.filter((x): x is HTMLElement => x !== null));
    onKey = (e: KeyboardEvent): void => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.ctrlKey || e.metaKey || e.altKey) return;
      const action = changeKeyAction(e, sheet.legend);
      if (!action) return;
      e.preventDefault();
      if ("pick" in action) void pick(action.period, action.pick);
      else move(action.move);
    };
  };
  let onKey: (e: KeyboardEvent) => void = () => {};
  const keyListener = (e: KeyboardEvent): void => onKey(e);
  const online = (): void => void flush().then(draw);
  document.addEventListener("keydown", keyListener);
  window.addEventListener("online", online);
  draw();
  void flush().then(draw);
  return () => {
    document.removeEventListener("keydown", keyListener);
    window.removeEventListener("online", online);
  };
}
