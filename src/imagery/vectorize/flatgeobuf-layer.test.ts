import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { deserialize } from "flatgeobuf/lib/mjs/geojson.js";
import { encodePolygonsFlatGeobuf } from "./flatgeobuf-polygons.ts";

const hasOgr = spawnSync("ogrinfo", ["--version"]).status === 0;
const dir = mkdtempSync(join(tmpdir(), "fgb-layer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const square = new Float64Array([0, 0, 10, 0, 10, 10, 0, 10, 0, 0]);
const bytes = (): Uint8Array =>
  encodePolygonsFlatGeobuf(
    [
      { name: "field_id", type: "int" },
      { name: "region", type: "string", nullable: true },
      { name: "area_ha", type: "double" },
    ],
    [
      { rings: [square], values: [1, "north", 0.01] },
      { rings: [square], values: [2, null, 0.02] },
    ],
    32718,
    { name: "fields", description: "area_ha in hectares" },
  );

describe("FlatGeobuf layer header", () => {
  it("names the layer (not the flatgeobuf package's L1) and leaves null properties out", async () => {
    const read: { properties: Record<string, unknown> }[] = [];
    for await (const f of deserialize(bytes())) read.push(f as never);
    expect(read.map((f) => f.properties)).toEqual([
      { field_id: 1, region: "north", area_ha: 0.01 },
      { field_id: 2, area_ha: 0.02 },
    ]);
  });

  it.skipIf(!hasOgr)("ogrinfo lists the layer by its name, with EPSG:32718 and a null region", () => {
    const path = join(dir, "f.fgb");
    writeFileSync(path, bytes());
    const out = spawnSync("ogrinfo", ["-al", "-so", path], { encoding: "utf8" });
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/Layer name: fields/);
    expect(out.stdout).toMatch(/Feature Count: 2/);
    expect(out.stdout).toMatch(/32718/);
    const all = spawnSync("ogrinfo", ["-al", "-q", path], { encoding: "utf8" });
    // The second feature's region is unset (null), not an empty string.
    expect(all.stdout.match(/region \(String\) = /g)).toHaveLength(1);
    expect(readFileSync(path).length).toBeGreaterThan(0);
  });
});
