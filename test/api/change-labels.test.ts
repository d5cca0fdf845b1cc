/**
 * A change survey awaiting labels, over HTTP: the calling interpreter's blind sheet (both dates, nothing of the
 * map), chips of either date's scene, labels submitted per date (checked, stored, audited; a bad one refuses
 * the request whole), and the change estimate from the stored labels, which moves as the labels do.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/api/app.ts";
import { storedChangeDesignOf, getChangeDesign } from "../../src/change/change-design.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import type { Store } from "../../src/store/store.ts";
import { blindId } from "../../src/survey/labels/sheet.ts";
import { changeDesignFixture, type ChangeDesignFixture } from "../support/change-design-fixture.ts";
import { jsonInit } from "./support.ts";

describe("change survey labels over the API", () => {
  let dir: string;
  let fx: ChangeDesignFixture;
  let store: Store;
  let request: (path: string, init?: RequestInit & { token?: string }) => Promise<Response>;
  let ana: string;
  let viewer: string;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coca-api-change-labels-"));
    fx = await changeDesignFixture(dir);
    store = await openSqliteStore(fx.dbPath);
    const { app } = createApp({ store, config: { rateLimit: false } });
    ana = (await store.auth.createToken({ role: "analyst", name: "ana" })).secret;
    viewer = (await store.auth.createToken({ role: "viewer", name: "vic" })).secret;
    request = (path, init = {}) => {
      const { token, headers, ...rest } = init;
      const h = new Headers(headers);
      if (token) h.set("authorization", `Bearer ${token}`);
      return Promise.resolve(app.request(path, { ...rest, headers: h }));
    };
    base = `/v1/change/analyses/${fx.designId}`;
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("lists the design as awaiting labels and refuses its estimate-based endpoints with the way forward", async () => {
    const list = (await (await request("/v1/change/analyses")).json()) as { analyses: { id: number; awaitingLabels: boolean }[] };
    expect(list.analyses.find((a) => a.id === fx.designId)?.awaitingLabels).toBe(true);
    const rates = await request(`${base}/rates`);
    expect(rates.status).toBe(409);
    expect(JSON.stringify(await rates.json())).toMatch(/awaiting labels/);
  });

  it("gives an analyst a blind sheet of both dates, and chips cut from each date's scene", async () => {
    expect((await request(`${base}/sheet`, { token: viewer })).status).toBe(403);
    const res = await request(`${base}/sheet`, { token: ana });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toMatch(/mapClass|map_class|mapCode|stratum|transition| -> /);
    const sheet = JSON.parse(text) as { units: { blindId: string }[]; legend: string[]; dates: { period: string; label: string }[]; labelled: number };
    expect(sheet.units).toHaveLength(fx.sampleSize);
    expect(sheet.legend).toEqual(["coca", "other"]);
    expect(sheet.dates.map((d) => [d.period, d.label])).toEqual([
      ["t1", "2023"],
      ["t2", "2024"],
    ]);
    const b = sheet.units[0]!.blindId;
    expect((await request(`${base}/chips/${b}?period=t1`, { token: viewer })).status).toBe(403);
    const pngs: Uint8Array[] = [];
    for (const period of ["t1", "t2"]) {
      const chip = await request(`${base}/chips/${b}?period=${period}&composite=false-colour`, { token: ana });
      expect(chip.status).toBe(200);
      expect(chip.headers.get("content-type")).toBe("image/png");
      expect(decodeURIComponent(chip.headers.get("x-coca-scene")!)).toBe(`scene-${period === "t1" ? 2023 : 2024}.tif`);
      pngs.push(new Uint8Array(await chip.arrayBuffer()));
    }
    // Two dates, two scenes: the chips differ.
    expect(Buffer.from(pngs[0]!).equals(Buffer.from(pngs[1]!))).toBe(false);
    expect((await request(`${base}/chips/${b}`, { token: ana })).status).toBe(400);
  });

  it("stores labels per date (audited), refuses bad ones whole, and estimates from them", async () => {
    const sheet = (await (await request(`${base}/sheet`, { token: ana })).json()) as { units: { blindId: string }[]; designSha256: string };
    const a = await getChangeDesign(store, fx.designId);
    const design = await storedChangeDesignOf(store, a);
    const unitOf = new Map(design.units.map((u) => [blindId(design.checksum, u.unitId), u.unitId]));
    const labels = sheet.units.flatMap((u) => {
      const [t1, t2] = fx.truthOf(unitOf.get(u.blindId)!);
      return [
        { blindId: u.blindId, period: "t1", referenceClass: t1 },
        { blindId: u.blindId, period: "t2", referenceClass: t2 },
      ];
    });
    const post = (body: unknown, token = ana): Promise<Response> => request(`${base}/labels`, jsonInit("POST", body, token));
    for (const [bad, why] of [
      [{ ...labels[0], period: "single" }, /date "single"/],
      [{ ...labels[0], referenceClass: "forest" }, /not in the legend/],
      [{ ...labels[0], blindId: "b0123456789" }, /not a unit of this survey's design/],
    ] as const) {
      const r = await post({ designSha256: sheet.designSha256, labels: [labels[1], bad] });
      expect(r.status).toBe(400);
      expect(((await r.json()) as { detail: string }).detail).toMatch(why);
    }
    expect((await post({ designSha256: sheet.designSha256, labels }, viewer)).status).toBe(403);
    expect(await store.changeLabels.list(fx.designId)).toHaveLength(0);
    const ok = await post({ designSha256: sheet.designSha256, labels });
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as { stored: number }).stored).toBe(2 * fx.sampleSize);
    const audit = await store.auth.listAudit({ action: "labels.submit" });
    expect(audit.entries.some((e) => e.target === `change analysis ${fx.designId}`)).toBe(true);
    const listed = (await (await request(`${base}/labels`)).json()) as { labels: unknown[] };
    expect(listed.labels).toHaveLength(2 * fx.sampleSize);

    const est = async (): Promise<{ estimate: { areas: { secondDateHa: { estimateHa: number } } }; labels: { used: number } }> =>
      (await (await request(`${base}/labels/estimate`)).json()) as never;
    const first = await est();
    expect(first.labels.used).toBe(fx.sampleSize);
    // One unit the map calls other at t2 relabelled coca there (a correction): the t2 coca area grows by its stratum's weight.
    const target = design.units.find((u) => fx.truthOf(u.unitId)[1] === "other")!;
    const stratum = design.strata.find((s) => s.stratum === target.stratum)!;
    const fix = await post({
      designSha256: sheet.designSha256,
      labels: [{ blindId: blindId(design.checksum, target.unitId), period: "t2", referenceClass: "coca", reason: "second look" }],
    });
    expect(fix.status).toBe(201);
    const second = await est();
    expect(second.estimate.areas.secondDateHa.estimateHa - first.estimate.areas.secondDateHa.estimateHa).toBeCloseTo(stratum.sizeHa / stratum.sampleSize, 6);
  });
});
