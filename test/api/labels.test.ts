/**
 * Labelling over HTTP: the calling interpreter's blind sheet, label submission (checked, stored,
 * audited; bad labels refused with nothing stored), and the estimate from the stored labels,
 * which moves by exactly the strata weights of the relabelled units.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runDemoSurvey } from "../../src/survey/demo.ts";
import { storedDesignOf } from "../../src/survey/labels/reestimate.ts";
import { blindId } from "../../src/survey/labels/sheet.ts";
import { jsonInit, testApi, type TestApi } from "./support.ts";

describe("labels over the API", () => {
  let api: TestApi;
  let dir: string;
  let id: number;
  let ana: string;
  let storedAreaHa: number;

  beforeAll(async () => {
    api = await testApi();
    dir = mkdtempSync(join(tmpdir(), "coca-api-labels-"));
    const run = await runDemoSurvey({ store: api.store, outDir: dir, sizePx: 200, n: 200, draws: 2000 });
    id = run.surveyId;
    storedAreaHa = run.results.total.areaHa;
    ana = (await api.store.auth.createToken({ role: "analyst", name: "ana" })).secret;
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives an analyst a blind sheet: no map class, no stratum, no design unit id", async () => {
    expect((await api.request(`/v1/surveys/${id}/sheet`, { token: api.tokens.viewer })).status).toBe(403);
    const res = await api.request(`/v1/surveys/${id}/sheet`, { token: ana });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toMatch(/mapClass|map_class|mapCode|stratum|"u0\d+"/);
    const sheet = JSON.parse(text);
    expect(sheet.interpreter).toBe("ana");
    expect(sheet.units).toHaveLength(200);
    expect(sheet.legend).toContain("coca");
    expect(sheet.labelled).toBe(0);
  });

  it("stores ten submitted labels (audited), refuses bad ones whole, and the estimate moves as it must", async () => {
    const sheet = await (await api.request(`/v1/surveys/${id}/sheet`, { token: ana })).json();
    const design = await storedDesignOf(api.store, { id });
    const simulated = new Map((await api.store.labels.list(id)).map((l) => [l.unitId, l.referenceClass]));
    // Ten units the simulated interpreters did not call coca, labelled coca by ana.
    const units = design.units.filter((u) => simulated.get(u.unitId) !== "coca").slice(0, 10);
    const labels = units.map((u) => ({
      blindId: blindId(design.checksum, u.unitId),
      referenceClass: "coca",
      confidence: 0.7,
      comment: "clear rows of shrubs",
    }));
    const before = (await api.store.labels.list(id)).length;
    let res = await api.request(
      `/v1/surveys/${id}/labels`,
      jsonInit("POST", { designSha256: sheet.designSha256, labels: [...labels.slice(0, 9), { ...labels[9]!, referenceClass: "cocoa" }] }, ana),
    );
    expect(res.status).toBe(400);
    expect((await res.json()).detail).toMatch(/labels\[9\]: class "cocoa" .* not in the legend/);
    res = await api.request(`/v1/surveys/${id}/labels`, jsonInit("POST", { designSha256: "0".repeat(64), labels }, ana));
    expect(res.status).toBe(400);
    expect((await api.store.labels.list(id)).length).toBe(before);

    res = await api.request(`/v1/surveys/${id}/labels`, jsonInit("POST", { designSha256: sheet.designSha256, labels }, ana));
    expect(res.status).toBe(201);
    expect((await res.json()).stored).toBe(10);
    const audit = await (await api.request("/v1/audit?action=labels.submit", { token: api.tokens.admin })).json();
    expect(audit.entries.map((e: { outcome: string; status: number }) => [e.outcome, e.status])).toEqual([
      ["success", 201],
      ["failed", 400],
      ["failed", 400],
    ]);
    const after = await (await api.request(`/v1/surveys/${id}/sheet`, { token: ana })).json();
    expect(after.labelled).toBe(10);

    const e = await (await api.request(`/v1/surveys/${id}/labels/estimate`)).json();
    expect(e.matchesStored).toBe(false);
    expect(e.labels.sinceRun).toBe(10);
    // Each relabelled unit adds its stratum's weight sizeHa / n_h to the coca estimate.
    const strata = new Map(design.strata.map((s) => [s.stratum, s]));
    const expected = units.reduce((sum, u) => sum + strata.get(u.stratum)!.sizeHa / strata.get(u.stratum)!.sampleSize, 0);
    expect(e.total.areaHa - storedAreaHa).toBeCloseTo(expected, 6);
    const qa = await (await api.request(`/v1/surveys/${id}/labels/agreement`)).json();
    expect(qa.perInterpreter).toEqual(expect.arrayContaining([{ interpreter: "ana", units: 10 }]));
  });

  it("serves image chips of a unit from the stored survey's scene, true and false colour (PNG, analyst)", async () => {
    const sheet = await (await api.request(`/v1/surveys/${id}/sheet`, { token: ana })).json();
    const b = sheet.units[0].blindId as string;
    expect((await api.request(`/v1/surveys/${id}/chips/${b}`, { token: api.tokens.viewer })).status).toBe(403);
    expect((await api.request(`/v1/surveys/${id}/chips/b0000000000`, { token: ana })).status).toBe(404);
    const tc = await api.request(`/v1/surveys/${id}/chips/${b}`, { token: ana });
    expect(tc.status).toBe(200);
    expect(tc.headers.get("content-type")).toBe("image/png");
    const png = new Uint8Array(await tc.arrayBuffer());
    expect(Array.from(png.subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]);
    const view = new DataView(png.buffer, png.byteOffset);
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([64, 64]);
    const fc = new Uint8Array(await (await api.request(`/v1/surveys/${id}/chips/${b}?composite=false-colour`, { token: ana })).arrayBuffer());
    expect(Buffer.from(fc).equals(Buffer.from(png))).toBe(false);
  });
});
