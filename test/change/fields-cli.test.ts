/** `coca change fields`: three years of constructed fields in WGS 84, matched through the CLI. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { deserialize } from "flatgeobuf/lib/mjs/geojson.js";
import type { Feature } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCocaInProcess } from "../support/cli.ts";

const hasOgrinfo = ((): boolean => {
  try {
    execFileSync("ogrinfo", ["--version"], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
})();

// Squares of about 100 m near 10° S, 75° W (0.0009° ≈ 100 m).
const D = 0.0009;
const square = (id: string, col: number, shift = 0): object => {
  const x0 = -75 + col * 10 * D + shift * D;
  const y0 = -10;
  return {
    type: "Feature",
    properties: { field_id: id },
    geometry: {
      type: "Polygon",
      coordinates: [
        [
          [x0, y0],
          [x0 + D, y0],
          [x0 + D, y0 + D],
          [x0, y0 + D],
          [x0, y0],
        ],
      ],
    },
  };
};
const fc = (...features: object[]): string => JSON.stringify({ type: "FeatureCollection", features });

describe("coca change fields", () => {
  let dir: string;
  const path = (n: string): string => join(dir, n);
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "coca-change-fields-"));
    writeFileSync(path("2016.geojson"), fc(square("a", 0), square("b", 1)));
    writeFileSync(path("2017.geojson"), fc(square("a2", 0, 0.5), square("c", 3)));
    writeFileSync(path("2018.geojson"), fc(square("a3", 0, 0.5), square("c2", 3)));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("links fields over three years and writes each field's history", async () => {
    const run = await runCocaInProcess(
      "change",
      "fields",
      "--from",
      path("2016.geojson"),
      "--to",
      path("2017.geojson"),
      path("2018.geojson"),
      "--years",
      "2016,2017,2018",
      "--out",
      path("matched.geojson"),
      "--json",
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      pairs: { from: string; persistent: number; new: number; abandoned: number }[];
      links: { fromId: string; toId: string; iou: number }[];
    };
    expect(out.pairs.map((p) => [p.from, p.persistent, p.new, p.abandoned])).toEqual([
      ["2016", 1, 1, 1],
      ["2017", 2, 0, 0],
    ]);
    // Offset by half a side: IoU 1/3 (to the precision of a 100 m square in an equal-area projection).
    expect(Math.abs(out.links.find((l) => l.fromId === "a")!.iou - 1 / 3)).toBeLessThan(1e-3);
    const matched = JSON.parse(readFileSync(path("matched.geojson"), "utf8")) as { features: { properties: Record<string, unknown> }[] };
    expect(matched.features).toHaveLength(6);
    const a3 = matched.features.find((f) => f.properties.field_id === "a3")!.properties;
    expect(a3.state_from_previous).toBe("persistent");
    expect(a3.history).toEqual([
      { year: "2016", ids: ["a"] },
      { year: "2017", ids: ["a2"] },
      { year: "2018", ids: ["a3"] },
    ]);
    expect(matched.features.find((f) => f.properties.field_id === "b")!.properties.state_to_next).toBe("abandoned");
    expect(Math.abs((a3.area_ha as number) - 0.9 * 0.9 * 1.23)).toBeLessThan(0.1);
  });

  it("writes the matched fields as FlatGeobuf by extension: a named layer, each field's states, links and history", async () => {
    const run = await runCocaInProcess(
      "change",
      "fields",
      "--from",
      path("2016.geojson"),
      "--to",
      path("2017.geojson"),
      path("2018.geojson"),
      "--years",
      "2016,2017,2018",
      "--out",
      path("matched.fgb"),
      "--json",
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { outputs: Record<string, string> }).outputs).toEqual({ flatgeobuf: path("matched.fgb") });
    const features: Feature[] = [];
    for await (const f of deserialize(new Uint8Array(readFileSync(path("matched.fgb")))) as AsyncGenerator<Feature>) features.push(f);
    expect(features).toHaveLength(6);
    const a3 = features.find((f) => f.properties!.field_id === "a3")!;
    expect(a3.geometry.type).toBe("Polygon");
    expect(a3.properties).toMatchObject({ year: "2018", state_from_previous: "persistent", state_to_next: "", previous: '["a2"]', part: 0 });
    expect(JSON.parse(a3.properties!.history as string)).toEqual([
      { year: "2016", ids: ["a"] },
      { year: "2017", ids: ["a2"] },
      { year: "2018", ids: ["a3"] },
    ]);
    expect(features.find((f) => f.properties!.field_id === "b")!.properties!.state_to_next).toBe("abandoned");
    // The same field, the same geometry as the GeoJSON output.
    const geojson = JSON.parse(readFileSync(path("matched.geojson"), "utf8")) as { features: Feature[] };
    expect(a3.geometry).toEqual(geojson.features.find((f) => f.properties!.field_id === "a3")!.geometry);
    if (hasOgrinfo) {
      const info = execFileSync("ogrinfo", ["-so", "-al", path("matched.fgb")], { encoding: "utf8" });
      expect(info).toMatch(/Layer name: matched/);
      expect(info).toMatch(/Feature Count: 6/);
      expect(info).toMatch(/Geometry: Polygon/);
      expect(info).toMatch(/history: String/);
      expect(info).toMatch(/EPSG",\s*4326|WGS 84/);
    }
  });

  it("refuses a threshold outside [0, 1] and a --years list of the wrong length (exit 2)", async () => {
    const bad = await runCocaInProcess(
      "change",
      "fields",
      "--from",
      path("2016.geojson"),
      "--to",
      path("2017.geojson"),
      "--out",
      path("m.geojson"),
      "--min-iou",
      "1.5",
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--min-iou must be a number in \[0, 1\], got '1.5'/);
    const years = await runCocaInProcess(
      "change",
      "fields",
      "--from",
      path("2016.geojson"),
      "--to",
      path("2017.geojson"),
      "--out",
      path("m.geojson"),
      "--years",
      "2016",
    );
    expect(years.code).toBe(2);
    expect(years.stderr).toMatch(/--years gives 1 labels for 2 field files/);
  });
});
