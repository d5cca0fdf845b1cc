/**
 * Issue 13 item 5: a survey stored without its production stage (production: false, or a target class
 * that is not coca) shows no cocaine in the CLI, the API and the dashboard, and its headline names the
 * target class; the first run's checks (parameter set, period, scenes and regions in the country) end
 * up in results.warnings, shown by `survey show`, the API and the dashboard alike.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../src/api/app.ts";
import { renderSurvey } from "../../src/cli/commands/survey.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import type { Store } from "../../src/store/store.ts";
import { runDemoSurvey } from "../../src/survey/demo.ts";
import { reestimateSurvey } from "../../src/survey/labels/reestimate.ts";
import { headline } from "../../src/web/views/survey-view.ts";
import { setLang } from "../../src/web/i18n.ts";
import type { SurveyResults } from "../../src/domain/survey-results.ts";

const SMALL = { sizePx: 128, n: 120, draws: 2_000 } as const;
// The dashboard's language switch sets <html lang>; a stand-in document is enough here.
(globalThis as { document?: unknown }).document ??= { documentElement: {} };

describe("a survey without its production stage", () => {
  let dir: string;
  let store: Store;
  let app: ReturnType<typeof createApp>["app"];
  const ids: Record<"off" | "pasture" | "bolivia", number> = { off: 0, pasture: 0, bolivia: 0 };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coca-no-production-"));
    store = await openSqliteStore(":memory:");
    app = createApp({ store, config: { rateLimit: false } }).app;
    ids.off = (await runDemoSurvey({ store, outDir: join(dir, "off"), ...SMALL, configOverrides: { production: false } })).surveyId;
    ids.pasture = (await runDemoSurvey({ store, outDir: join(dir, "pasture"), ...SMALL, configOverrides: { targetClass: "pasture" } })).surveyId;
    // The demo's scene lies in Peru: run as a Bolivian survey, the first run's checks say so.
    ids.bolivia = (await runDemoSurvey({ store, outDir: join(dir, "bolivia"), ...SMALL, configOverrides: { country: "BO" } })).surveyId;
  }, 240_000);
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const api = async (path: string): Promise<unknown> => (await app.request(path)).json();

  it("production: false stores and shows no cocaine: results, provenance, CLI, API and dashboard text", async () => {
    const s = (await store.surveys.get(ids.off))!;
    expect(s.results.production).toBeNull();
    expect(s.provenance.parameterSet).toBeNull();
    expect(s.provenance.stages.map((x) => x.name)).toContain("production");
    expect(s.results.headline).toMatch(/^\[SIMULATED\] Coca in the demo region: [\d,]+ ha/);
    expect(s.results.headline).not.toMatch(/cocaine/i);

    const shown = renderSurvey(s);
    expect(shown).not.toMatch(/cocaine/i);
    expect(shown).toMatch(/No production stage/);

    expect(await api(`/v1/surveys/${ids.off}/production`)).toEqual({ surveyId: ids.off, production: null });
    const detail = (await api(`/v1/surveys/${ids.off}`)) as { results: SurveyResults };
    expect(detail.results.production).toBeNull();
    expect(JSON.stringify(detail.results)).not.toMatch(/cocaine/i);

    for (const l of ["en", "es"] as const) {
      setLang(l);
      const text = headline(s, s.results);
      expect(text).not.toMatch(/cocaine|cocaína/i);
      expect(text).toMatch(l === "es" ? /^\[SIMULADO\] Coca en el área monitoreada/ : /^\[SIMULATED\] Coca in the surveyed area/);
    }
    setLang("en");

    // Re-estimating from the stored labels gives the stored numbers back, and no cocaine.
    const e = await reestimateSurvey(store, ids.off);
    expect(e.cocaineT).toBeNull();
    expect(e.matchesStored).toBe(true);
  });

  it("a target class that is not coca gets a headline naming that class, no production, and a warning saying why", async () => {
    const s = (await store.surveys.get(ids.pasture))!;
    expect(s.results.targetClass).toBe("pasture");
    expect(s.results.production).toBeNull();
    expect(s.results.headline).toMatch(/^\[SIMULATED\] Pasture in the demo region: [\d,]+ ha/);
    expect(s.results.headline).toMatch(/the area the simulated interpreters would label pasture/);
    // "coca" appears only as a class of the map's commission, never as what the survey is about.
    expect(s.results.headline).not.toMatch(/cocaine|coca in|label coca|calls coca/i);
    expect(s.results.warnings).toContainEqual(expect.stringMatching(/target class "pasture" is not coca: the survey is stored without potential production/));
    expect(renderSurvey(s)).toMatch(/Warnings:\n {2}- target class "pasture" is not coca/);
    for (const l of ["en", "es"] as const) {
      setLang(l);
      expect(headline(s, s.results)).toMatch(l === "es" ? /^\[SIMULADO\] Pastos en el área monitoreada/ : /^\[SIMULATED\] Pasture in the surveyed area/);
      expect(headline(s, s.results)).not.toMatch(/coca|cocaine|cocaína/i);
    }
    setLang("en");
  });

  it("the first run's checks become warnings kept with the results, shown by survey show and the API", async () => {
    const s = (await store.surveys.get(ids.bolivia))!;
    expect(s.country).toBe("BOL");
    const geo = s.results.warnings.filter((w) => /lies? outside Bolivia/.test(w));
    // The scene is checked on its own footprint and named by its file.
    expect(geo).toEqual([expect.stringMatching(/^scene \S+\.tif \[.*\] \(WGS 84\) lies outside Bolivia/), expect.stringMatching(/^the regions \[/)]);
    // Bolivia's sets do not cover the demo year or do: either way the survey says which set it used.
    expect(s.results.production).not.toBeNull();
    const shown = renderSurvey(s);
    for (const w of geo) expect(shown).toContain(w);
    const detail = (await api(`/v1/surveys/${ids.bolivia}`)) as { results: SurveyResults };
    expect(detail.results.warnings).toEqual(s.results.warnings);
    // The demo itself passes every check.
    const off = (await store.surveys.get(ids.off))!;
    expect(off.results.warnings.filter((w) => /outside|beyond|parameter set|not coca/.test(w))).toEqual([]);
  });
});
