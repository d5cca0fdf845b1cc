/**
 * Stored change analyses: `coca change demo --store` and `coca change estimate --store` keep their result with its
 * provenance; `coca change list|show` read them back; GET /v1/change/analyses/... serves transitions, rates, fields
 * with their history, categories, regions and the maps.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeChangeDemo } from "../../src/change/demo-files.ts";
import { runCocaInProcess, type Run } from "../support/cli.ts";
import { testApi } from "../api/support.ts";

describe("stored change analyses", () => {
  let dir: string;
  const coca = (...args: string[]): Promise<Run> => runCocaInProcess("--db", join(dir, "coca.db"), ...args);
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "coca-change-store-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("stores the demo and an estimate with provenance, and lists and shows them", async () => {
    const demo = await coca("change", "demo", "--seed", "4", "--size-px", "200", "--n", "300", "--out-dir", join(dir, "demo"), "--store", "--json");
    expect(demo.stderr).toBe("");
    expect(demo.code).toBe(0);
    const d = JSON.parse(demo.stdout) as { storedId: number; estimate: { areas: { netChangeHa: { estimateHa: number } } } };
    expect(d.storedId).toBe(1);
    const est = await coca(
      "change",
      "estimate",
      "--units",
      join(dir, "demo", "labels.csv"),
      "--strata",
      join(dir, "demo", "strata.csv"),
      "--store",
      "--from-label",
      "2023",
      "--to-label",
      "2024",
      "--json",
    );
    expect(est.code).toBe(0);
    expect((JSON.parse(est.stdout) as { storedId: number }).storedId).toBe(2);
    const list = await coca("change", "list", "--json");
    const rows = (JSON.parse(list.stdout) as { analyses: { id: number; kind: string; simulated: boolean; fromLabel: string }[] }).analyses;
    expect(rows.map((r) => [r.id, r.kind, r.simulated, r.fromLabel])).toEqual([
      [1, "demo", true, "2023"],
      [2, "estimate", false, "2023"],
    ]);
    const show = await coca("change", "show", "2", "--json");
    const a = JSON.parse(show.stdout) as {
      provenance: { inputs: { role: string; sha256: string }[] };
      result: { estimate: { areas: { netChangeHa: { estimateHa: number } } } };
    };
    expect(a.provenance.inputs.map((i) => i.role)).toEqual(["reference labels", "strata"]);
    expect(a.provenance.inputs[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The stored estimate of the demo's own sample is the demo's estimate.
    expect(a.result.estimate.areas.netChangeHa.estimateHa).toBeCloseTo(d.estimate.areas.netChangeHa.estimateHa, 2);
    const text = await coca("change", "show", "1");
    expect(text.stdout).toMatch(/^\[SIMULATED\] change analysis 1/);
    expect(text.stdout).toMatch(/fields: \d+ persistent/);
    const missing = await coca("change", "show", "9");
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/no change analysis with id 9/);
    expect((await coca("change", "show", "x")).code).toBe(2);
  });

  it("serves a stored analysis over the API and documents the routes", async () => {
    const api = await testApi();
    try {
      const { id, demo } = await storeChangeDemo(api.store, { outDir: mkdtempSync(join(dir, "api-")), seed: 3, sizePx: 200, sampleSize: 300 });
      const list = (await (await api.request("/v1/change/analyses")).json()) as { analyses: { id: number; simulated: boolean }[] };
      expect(list.analyses).toEqual([expect.objectContaining({ id, simulated: true })]);
      const rates = (await (await api.request(`/v1/change/analyses/${id}/rates`)).json()) as {
        replanted: { overall: { ratio: number; ci: number[] } };
        truth: { replantedShare: number };
      };
      expect(rates.replanted.overall.ratio).toBeCloseTo(demo.estimate.replanted!.overall.ratio!, 9);
      expect(rates.truth.replantedShare).toBeCloseTo(demo.truth.replantedShare!, 9);
      const tr = (await (await api.request(`/v1/change/analyses/${id}/transitions`)).json()) as {
        mapped: { fromClass: string; toClass: string; areaHa: number }[];
        estimated: unknown[];
      };
      expect(tr.estimated.length).toBe(demo.estimate.transitions.length);
      const mappedCoca = tr.mapped.filter((t) => t.fromClass === "coca").reduce((s, t) => s + t.areaHa, 0);
      const cellHa = 0.01;
      expect(mappedCoca).toBeCloseTo(
        demo.map1.reduce((s, v) => s + (v === 1 ? cellHa : 0), 0),
        6,
      );
      const fields = (await (await api.request(`/v1/change/analyses/${id}/fields?fate=new&limit=5`)).json()) as {
        total: number;
        fields: { areaHaByDate: number[] }[];
      };
      expect(fields.total).toBe(demo.truth.fieldsNew);
      expect(fields.fields.every((f) => f.areaHaByDate[0] === 0 && f.areaHaByDate[1]! > 0)).toBe(true);
      const cats = (await (await api.request(`/v1/change/analyses/${id}/categories`)).json()) as {
        categories: { cellKm: number; counts: Record<string, number> };
      };
      expect(cats.categories.cellKm).toBe(1);
      const regions = (await (await api.request(`/v1/change/analyses/${id}/regions`)).json()) as { regions: { region: string; mappedHa: number[] }[] };
      expect(regions.regions).toHaveLength(4);
      expect(regions.regions.reduce((s, r) => s + r.mappedHa[0]!, 0)).toBeCloseTo(mappedCoca, 6);
      const map = (await (await api.request(`/v1/change/analyses/${id}/maps/transitions`)).json()) as { image: string; classes: unknown[] };
      const png = await api.request(map.image);
      expect(png.headers.get("content-type")).toBe("image/png");
      expect(new Uint8Array(await png.arrayBuffer()).slice(1, 4)).toEqual(new Uint8Array([0x50, 0x4e, 0x47]));
      expect((await api.request(`/v1/change/analyses/99`)).status).toBe(404);
      expect((await api.request(`/v1/change/analyses/${id}/maps/nothing`)).status).toBe(400);
      const doc = (await (await api.request("/openapi.json")).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(["/v1/change/analyses", "/v1/change/analyses/{id}/rates", "/v1/change/analyses/{id}/fields"]),
      );
    } finally {
      await api.close();
    }
  });
});
