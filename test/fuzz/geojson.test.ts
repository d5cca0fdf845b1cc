import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataError } from "../../src/domain/errors.ts";
import { crsFromEpsg } from "../../src/raster/read/epsg.ts";
import { fuzz, replay } from "../support/fuzz/harness.ts";
import { jsonSetup } from "../support/fuzz/json-corpus.ts";
import { inputRandom } from "../support/fuzz/mutate.ts";
import { parseLabels } from "../../src/imagery/classify/labels.ts";
import { DENSIFY_LIMITS, parseRegions, regionRingsInPixels } from "../../src/imagery/zonal/regions.ts";

const FIXTURES = resolve(import.meta.dirname, "../fixtures/fuzz");
const scratch = mkdtempSync(join(tmpdir(), "coca-geojson-fuzz-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const fc = (features: unknown[]): string => JSON.stringify({ type: "FeatureCollection", features });
const poly = (coordinates: unknown, properties: unknown = { class: "coca", name: "a" }): unknown => ({
  type: "Feature",
  properties,
  geometry: { type: "Polygon", coordinates },
});
const ring = [
  [-75, -5],
  [-74.99, -5],
  [-74.99, -4.99],
  [-75, -5],
];

describe("GeoJSON polygon layers are validated at the edge, naming the file and the feature", () => {
  const cases: [string, string, RegExp][] = [
    [
      "a null coordinate",
      fc([poly([ring]), poly([[[-75, -5], null, [-74.99, -4.99], [-75, -5]]])]),
      /l\.geojson: feature 1 \(Polygon\): ring 0 position 1 is not a position of two finite numbers/,
    ],
    ["a string coordinate", fc([poly([[["-75", -5], ...ring.slice(1)]])]), /feature 0 \(Polygon\): ring 0 position 0 is not a position/],
    ["a null feature", fc([poly([ring]), null]), /l\.geojson: feature 1 is not a GeoJSON Feature/],
    ["rings that are not arrays", fc([poly(["ring"])]), /feature 0 \(Polygon\): ring 0 is not an array of positions/],
    [
      "deeply nested arrays",
      `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"class":"x"},"geometry":{"type":"Polygon","coordinates":${"[".repeat(50_000)}${"]".repeat(50_000)}}}]}`,
      /l\.geojson: feature 0 \(Polygon\): ring 0 has 1 positions \(a ring needs at least 3\)/,
    ],
    ["an array as the class", fc([poly([ring], { class: [[["deep"]]] })]), /feature 0: class field "class" is an array/],
    [
      "features that are not an array",
      JSON.stringify({ type: "FeatureCollection", features: { a: 1 } }),
      /l\.geojson: not a GeoJSON FeatureCollection \(features: /,
    ],
    ["null", "null", /l\.geojson: not a GeoJSON FeatureCollection/],
  ];
  for (const [what, text, message] of cases) {
    it(`refuses ${what}`, () => {
      let error: unknown;
      try {
        parseLabels(text, "l.geojson", "class");
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DataError);
      expect((error as Error).message).toMatch(message);
    });
  }
});

describe("densification for reprojection is bounded", () => {
  const grid = {
    width: 100,
    height: 100,
    geoTransform: [500000, 30, 0, 9000000, 0, -30] as [number, number, number, number, number, number],
    crs: crsFromEpsg(32718)!,
  };
  it("refuses an edge of 10^6 degrees by name instead of densifying it (it ran past 60 s before)", () => {
    const set = parseRegions(
      fc([
        poly([ring], { name: "ok" }),
        poly(
          [
            [
              [-75, -5],
              [1e6, -5],
              [-74.99, -4.99],
              [-75, -5],
            ],
          ],
          { name: "long" },
        ),
      ]),
      "r.geojson",
    );
    expect(regionRingsInPixels(set, set.regions[0]!, grid).length).toBe(1);
    expect(() => regionRingsInPixels(set, set.regions[1]!, grid)).toThrow(
      new RegExp(
        `r\\.geojson: region "long" \\(feature 1\\): the edge from vertex 0 \\(-75, -5\\) is too long to reproject: \\d+ steps of 0\\.01 degrees, more than ${DENSIFY_LIMITS.maxVerticesPerEdge}`,
      ),
    );
  });
  it("still densifies an ordinary long edge (5 degrees: 500 steps)", () => {
    const set = parseRegions(
      fc([
        poly(
          [
            [
              [-75, -5],
              [-70, -5],
              [-70, -4],
              [-75, -5],
            ],
          ],
          { name: "wide" },
        ),
      ]),
      "r.geojson",
    );
    const [out] = regionRingsInPixels(set, set.regions[0]!, grid);
    expect(out!.length / 2).toBe(500 + 100 + Math.ceil(Math.hypot(5, 1) / 0.01) + 1 - 0);
  });
});

/** Regression files kept from fuzz runs, and every finding of the recorded runs regenerated from (seed, index). */
for (const target of ["labels", "regions", "units"] as const) {
  describe(`${target}: every input the fuzzer found (crashes and hangs before issue 18) refuses cleanly`, () => {
    const dir = join(FIXTURES, target);
    it("the kept regression files, each in a child process with a 5 s and 300 MB guard", async () => {
      const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8")) as { file: string }[];
      expect(
        readdirSync(dir)
          .filter((f) => f.endsWith(".geojson"))
          .sort(),
      ).toEqual(index.map((f) => f.file).sort());
      const outcomes = await replay(
        target,
        index.map((f) => join(dir, f.file)),
      );
      expect(outcomes.filter((o) => o.status !== "refused" && o.status !== "ok")).toEqual([]);
      expect(outcomes.filter((o) => o.status === "refused").length).toBeGreaterThan(0);
    });
    it("every finding of the recorded run, regenerated", async () => {
      const { seed, findings } = JSON.parse(readFileSync(join(dir, "all-findings.json"), "utf8")) as { seed: number; findings: { index: number }[] };
      const setup = jsonSetup(target);
      const paths = findings.map(({ index }) => {
        const path = join(scratch, `${target}-${seed}-${index}.geojson`);
        writeFileSync(path, setup.mutate(setup.corpus[index % setup.corpus.length]!, inputRandom(seed, index)));
        return path;
      });
      const outcomes = await replay(target, paths);
      expect(outcomes.length).toBeGreaterThan(target === "units" ? 50 : 1000);
      expect(outcomes.filter((o) => o.status !== "refused" && o.status !== "ok")).toEqual([]);
    });
  });
}

describe("bounded GeoJSON fuzz runs (seeded; child process, 5 s and 300 MB guard per input)", () => {
  for (const target of ["labels", "regions", "units"] as const) {
    it(`${target}: 1,000 mutations, no crash, hang or runaway memory`, async () => {
      const result = await fuzz({ ...jsonSetup(target), count: 1000, seed: 18 });
      expect(result.inputs).toBe(1000);
      expect(result.findings).toEqual([]);
      expect(result.ok).toBeGreaterThan(50);
      expect(result.refused).toBeGreaterThan(200);
    });
  }
});
