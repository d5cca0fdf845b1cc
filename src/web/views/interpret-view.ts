/**
 * @module web/views/interpret-view
 * "Interpret" (#/interpret/ID): an interpreter (analyst token) labels the survey's units one at a
 * time from their blind sheet (GET /v1/surveys/ID/sheet): nothing about the map's class or stratum
 * is shown. Class buttons with keyboard shortcuts (1-9, then letters), a confidence and a comment,
 * previous/next (arrows or j/k), progress; a unit labelled before needs a reason (a correction).
 * Labels go to POST /v1/surveys/ID/labels, the same checked and audited path as file imports;
 * without a connection they wait in local storage and are sent when the browser is back online.
 * Spanish and English. The unit is shown over image chips of the survey's scene (true colour and
 * false colour, GET /v1/surveys/ID/chips/BLIND_ID), its pixel outlined. Without an id (#/interpret) it
 * lists the surveys and the change surveys awaiting labels; a change survey (#/interpret/change/ID) is
 * labelled at both dates by interpret-change-view.ts.
 */
import { storedToken } from "../api-client.ts";
import { api, chipUrlAt, labelInputs, postQueued, readQueue, writeQueue } from "./interpret-io.ts";
import { interpretChange, interpretList } from "./interpret-change-view.ts";
import { h } from "../dom.ts";
import { fmtNumber, lang } from "../i18n.ts";
import type { View } from "../state.ts";
import { enqueue, firstOpen, keyAction, progress, queueKey, shortcutFor, step, submission, type Sheet } from "./interpret-model.ts";

const S = {
  title: { es: "Interpretar", en: "Interpret" },
  needToken: {
    es: "Interpretar necesita un token de analista (coca token create --role analyst --name SU_NOMBRE).",
    en: "Interpreting needs an analyst token (coca token create --role analyst --name YOUR_NAME).",
  },
  unit: { es: "Unidad", en: "Unit" },
  of: { es: "de", en: "of" },
  done: { es: "interpretadas", en: "interpreted" },
  confidence: { es: "Confianza", en: "Confidence" },
  comment: { es: "Comentario", en: "Comment" },
  reason: { es: "Motivo de la corrección", en: "Reason for the correction" },
  previous: { es: "Anterior", en: "Previous" },
  next: { es: "Siguiente", en: "Next" },
  saved: { es: "Guardado", en: "Saved" },
  queued: {
    es: "Sin conexión: guardado en este navegador, se enviará al volver la conexión",
    en: "Offline: kept in this browser, sent when the connection is back",
  },
  reasonNeeded: {
    es: "Ya interpretó esta unidad: escriba el motivo de la corrección.",
    en: "You labelled this unit before: give the reason for the correction.",
  },
  sameClass: { es: "La unidad ya tiene esa clase.", en: "The unit already has that class." },
  yourLabel: { es: "Su etiqueta", en: "Your label" },
  where: { es: "Ubicación", en: "Location" },
  trueColour: { es: "Color verdadero", en: "True colour" },
  falseColour: { es: "Falso color (IRC, rojo, verde)", en: "False colour (NIR, red, green)" },
  noChip: { es: "Imagen no disponible", en: "Image not available" },
  keys: { es: "Teclas: número o letra = clase, ← → (j k) = mover", en: "Keys: number or letter = class, ← → (j k) = move" },
} as const;
const s = (k: keyof typeof S): string => S[k][lang()];

/** An object URL of a unit's chip (fetched with the token), or null when the server has none. */
function chipUrl(surveyId: number, blind: string, composite: string): Promise<string | null> {
  return chipUrlAt(`/v1/surveys/${surveyId}/chips/${blind}?composite=${composite}`);
}

export const interpretView: View = async (root, state) => {
  const id = state.route.view === "interpret" ? state.route.surveyId : undefined;
  const changeId = state.route.view === "interpret" ? state.route.changeId : undefined;
  root.append(h("h2", {}, s("title")));
  if (!storedToken()) {
    root.append(h("p", { class: "panel" }, s("needToken")));
    return;
  }
  if (changeId !== undefined) return interpretChange(root, changeId);
  if (id === undefined) return interpretList(root);
  const res = await api(`/v1/surveys/${id}/sheet`);
  if (!res.ok) {
    const problem = (await res.json().catch(() => ({}))) as { detail?: string };
    root.append(h("p", { class: "panel", role: "alert" }, res.status === 401 || res.status === 403 ? s("needToken") : (problem.detail ?? `${res.status}`)));
    return;
  }
  const sheet = (await res.json()) as Sheet;
  const qKey = queueKey(sheet.surveyId, sheet.interpreter);
  let queue = readQueue(qKey);
  let index = firstOpen(sheet.units);
  const status = h("p", { role: "status", "aria-live": "polite" });
  const body = h("div", { class: "interpret" });
  root.append(h("p", {}, `${sheet.interpreter} · ${s("keys")}`), body, status);

  const flush = async (): Promise<void> => {
    if (queue.length === 0) return;
    const answer = await postQueued(`/v1/surveys/${sheet.surveyId}/labels`, sheet.designSha256, queue);
    if (answer.outcome !== "stored") {
      if (answer.detail) status.textContent = answer.detail;
      if (answer.outcome === "refused") {
        queue = [];
        writeQueue(qKey, queue);
      }
      return;
    }
    queue.forEach((p, k) => {
      const u = sheet.units.find((x) => x.blindId === p.blindId);
      if (u) u.label = { referenceClass: p.referenceClass, confidence: p.confidence ?? null, comment: p.comment ?? "", labelId: answer.labelIds[k] ?? 0 };
    });
    queue = [];
    writeQueue(qKey, queue);
    status.textContent = s("saved");
  };

  const draw = (): void => {
    const unit = sheet.units[index]!;
    const p = progress(sheet.units, queue);
    const { confidence, comment, reason } = labelInputs(unit.label);
    const pick = async (referenceClass: string): Promise<void> => {
      const sub = submission(unit, {
        referenceClass,
        confidence: confidence.value === "" ? undefined : Number(confidence.value),
        comment: comment.value,
        reason: reason.value,
      });
      if ("error" in sub) {
        status.textContent = s(sub.error);
        return;
      }
      queue = enqueue(queue, sub);
      writeQueue(qKey, queue);
      await flush();
      if (queue.length > 0) status.textContent = s("queued");
      index = step(index, 1, sheet.units.length);
      draw();
    };
    // Two chips of the scene around the unit (64 px, shown at 4x), the unit's pixel outlined at the centre.
    const chipOf = (composite: "true-colour" | "false-colour", label: string): HTMLElement => {
      const img = h("img", { alt: label, width: 256, height: 256, style: "image-rendering: pixelated; background: #333", "data-composite": composite });
      void chipUrl(sheet.surveyId, unit.blindId, composite).then((url) => {
        if (url) img.src = url;
        else img.alt = s("noChip");
      });
      const outline = h("div", { style: "position:absolute; left:128px; top:128px; width:4px; height:4px; outline:2px solid #ff0" });
      return h(
        "figure",
        { class: "interpret-chip", style: "display:inline-block; margin:0 1em 0 0" },
        h("div", { style: "position:relative; width:256px; height:256px" }, img, outline),
        h("figcaption", {}, label),
      );
    };
    const chip = h("div", {}, chipOf("true-colour", s("trueColour")), chipOf("false-colour", s("falseColour")));
    const parts: (HTMLElement | null)[] = [
      h("p", {}, `${s("unit")} ${index + 1} ${s("of")} ${sheet.units.length} · ${p.done} ${s("done")}`),
      h("progress", { max: p.total, value: p.done }),
      chip,
      h("p", {}, `${s("where")}: ${fmtNumber(unit.lat, 5)}, ${fmtNumber(unit.lon, 5)} (lat, lon) · x ${fmtNumber(unit.x, 1)}, y ${fmtNumber(unit.y, 1)}`),
      unit.label ? h("p", {}, `${s("yourLabel")}: ${unit.label.referenceClass}`) : null,
      h(
        "div",
        { class: "interpret-classes" },
        ...sheet.legend.map((c, i) =>
          h("button", { type: "button", "data-class": c, "aria-keyshortcuts": shortcutFor(i), onclick: () => void pick(c) }, `${shortcutFor(i) ?? ""} ${c}`),
        ),
      ),
      h(
        "p",
        {},
        h("label", { for: "interpret-confidence" }, s("confidence")),
        " ",
        confidence,
        " ",
        h("label", { for: "interpret-comment" }, s("comment")),
        " ",
        comment,
      ),
      unit.label ? h("p", {}, h("label", { for: "interpret-reason" }, s("reason")), " ", reason) : null,
      h(
        "p",
        {},
        h("button", { type: "button", onclick: () => ((index = step(index, -1, sheet.units.length)), draw()) }, `← ${s("previous")}`),
        " ",
        h("button", { type: "button", onclick: () => ((index = step(index, 1, sheet.units.length)), draw()) }, `${s("next")} →`),
      ),
    ];
    body.replaceChildren(...parts.filter((x): x is HTMLElement => x !== null));
    onKey = (e: KeyboardEvent): void => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.ctrlKey || e.metaKey || e.altKey) return;
      const action = keyAction(e.key, sheet.legend);
      if (!action) return;
      e.preventDefault();
      if ("pick" in action) void pick(action.pick);
      else {
        index = step(index, action.move, sheet.units.length);
        draw();
      }
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
};
