/** Eradication records: all-or-nothing validation with line numbers, matching to fields, replanting. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import proj4 from "proj4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEradicationRecords, siteFieldDistanceM } from "../../src/change/eradication.ts";
import { InputError } from "../../src/domain/errors.ts";
import { runCocaInProcess } from "../support/cli.ts";

const UTM18S = "+proj=utm +zone=18 +south +datum=WGS84 +units=m +no_defs";
const toLonLat = proj4(UTM18S, "WGS84");
const ll = (x: number, y: number): [number, number] => toLonLat.forward([500000 + x, 8800000 + y]) as [number, number];
const square = (id: string, x0: number, y0: number, side = 100): object => ({
  type: "Feature",
  properties: { field_id: id },
  geometry: {
    type: "Polygon",
    coordinates: [
      [
        [500000 + x0, 8800000 + y0],
        [500000 + x0 + side, 8800000 + y0],
        [500000 + x0 + side, 8800000 + y0 + side],
        [500000 + x0, 8800000 + y0 + side],
        [500000 + x0, 8800000 + y0],
      ],
    ],
  },
});
const fc = (...features: object[]): string =>
  JSON.stringify({ type: "FeatureCollection", crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::32718" } }, features });

describe("eradication records", () => {
  let dir: string;
  const path = (n: string): string => join(dir, n);
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "coca-eradication-"));
    writeFileSync(path("before.geojson"), fc(square("F1", 0, 0), square("F2", 1000, 0), square("F3", 2000, 0)));
    writeFileSync(path("after.geojson"), fc(square("G1", 10, 10, 80), square("G3", 2150, 0)));
    const rows = [
      "id,lon,lat,date,kind,area_ha,source",
      `r1,${ll(50, 50).join(",")},2017-05-02,forced,1.0,CORAH`,
      `r2,${ll(1050, 50).join(",")},2017-06-10,voluntary,1.0,PNIS`,
      // x = 110: 10 m east of F1's edge, 20 m east of G1's edge (x = 90): both within 30 m.
      `r3,${ll(110, 50).join(",")},2017-07-01,forced,0.5,CORAH`,
      // On F3; G3 starts 50 m east of F3's edge: not replanted at 30 m tolerance.
      `r4,${ll(2090, 50).join(",")},2017-08-01,aerial,1.0,DIRAN`,
    ];
    writeFileSync(path("records.csv"), `${rows.join("\n")}\n`);
    writeFileSync(
      path("bad.csv"),
      [
        "id,lon,lat,date,kind,area_ha,source",
        `a,${ll(50, 50).join(",")},2017-02-30,forced,1,CORAH`,
        `b,${ll(50, 50).join(",")},2017-03-01,burned,-2,`,
        `c,200,5,2017-03-01,forced,1,CORAH`,
      ].join("\n"),
    );
    writeFileSync(path("late.csv"), ["id,lon,lat,date,kind,area_ha,source", `a,${ll(50, 50).join(",")},2019-01-15,forced,1,CORAH`].join("\n"));
    writeFileSync(
      path("far.csv"),
      ["id,lon,lat,date,kind,area_ha,source", `a,${ll(50, 50).join(",")},2017-01-15,forced,1,CORAH`, "b,-60,-3,2017-01-15,forced,1,CORAH"].join("\n"),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reports every problem with its line number and keeps nothing", async () => {
    let error: unknown;
    try {
      parseEradicationRecords(readFileSync(path("bad.csv"), "utf8"), "bad.csv");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const msg = (error as Error).message;
    expect(msg).toMatch(/bad\.csv: 5 problem\(s\), nothing imported/);
    expect(msg).toMatch(/line 2: date '2017-02-30' is not a YYYY-MM-DD date/);
    expect(msg).toMatch(/line 3: eradication kind "burned" is not one of forced, voluntary, aerial/);
    expect(msg).toMatch(/line 3: area_ha -2 is negative/);
    expect(msg).toMatch(/line 3: source is missing/);
    expect(msg).toMatch(/line 4: lon '200' is not a longitude/);
    const run = await runCocaInProcess("change", "eradication", "import", "--records", path("bad.csv"), "--out", path("bad.geojson"));
    expect(run.code).toBe(2);
    expect(existsSync(path("bad.geojson"))).toBe(false);
    const late = await runCocaInProcess("change", "eradication", "import", "--records", path("late.csv"), "--years", "2017,2018");
    expect(late.code).toBe(2);
    expect(late.stderr).toMatch(/late\.csv: 1 problem\(s\), nothing imported:\n\s+line 2: date 2019-01-15 is outside the years compared \(2017-2018\)/);
  });

  it("imports valid records as GeoJSON", async () => {
    const run = await runCocaInProcess(
      "change",
      "eradication",
      "import",
      "--records",
      path("records.csv"),
      "--years",
      "2017,2018",
      "--out",
      path("e.geojson"),
      "--json",
    );
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { records: number; byKind: { kind: string; records: number; areaHa: number }[] };
    expect(out.records).toBe(4);
    expect(out.byKind).toEqual([
      { kind: "aerial", records: 1, areaHa: 1 },
      { kind: "forced", records: 2, areaHa: 1.5 },
      { kind: "voluntary", records: 1, areaHa: 1 },
    ]);
    const g = JSON.parse(readFileSync(path("e.geojson"), "utf8")) as { features: { geometry: { type: string } }[] };
    expect(g.features).toHaveLength(4);
    expect(g.features[0]!.geometry.type).toBe("Point");
  });

  it("matches sites to fields and finds the replanted ones within the tolerance", async () => {
    const run = await runCocaInProcess(
      "change",
      "eradication",
      "match",
      "--records",
      path("records.csv"),
      "--before",
      path("before.geojson"),
      "--after",
      path("after.geojson"),
      "--tolerance-m",
      "30",
      "--json",
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      matches: { id: string; fieldBefore: string | null; fieldAfter: string | null; replanted: boolean; distanceAfterM: number | null }[];
      summary: { kind: string; records: number; replanted: number; replantedShareOfRecords: number }[];
    };
    const m = Object.fromEntries(out.matches.map((x) => [x.id, x]));
    expect([m.r1!.fieldBefore, m.r1!.fieldAfter, m.r1!.replanted]).toEqual(["F1", "G1", true]);
    expect([m.r2!.fieldBefore, m.r2!.replanted]).toEqual(["F2", false]);
    expect([m.r3!.fieldBefore, m.r3!.fieldAfter]).toEqual(["F1", "G1"]);
    expect(m.r3!.distanceAfterM).toBeCloseTo(20, 3);
    expect([m.r4!.fieldBefore, m.r4!.replanted]).toEqual(["F3", false]);
    expect(out.summary[0]).toMatchObject({ kind: "all", records: 4, replanted: 2, replantedShareOfRecords: 0.5 });
    expect(out.summary.find((s) => s.kind === "forced")).toMatchObject({ records: 2, replanted: 2 });
    // With 60 m, r4 reaches G3 (50 m away).
    const wide = JSON.parse(
      (
        await runCocaInProcess(
          "change",
          "eradication",
          "match",
          "--records",
          path("records.csv"),
          "--before",
          path("before.geojson"),
          "--after",
          path("after.geojson"),
          "--tolerance-m",
          "60",
          "--json",
        )
      ).stdout,
    ) as typeof out;
    expect(wide.matches.find((x) => x.id === "r4")!.fieldAfter).toBe("G3");
  });

  it("refuses a record outside every map, naming the file and the line", async () => {
    const run = await runCocaInProcess(
      "change",
      "eradication",
      "match",
      "--records",
      path("far.csv"),
      "--before",
      path("before.geojson"),
      "--after",
      path("after.geojson"),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/far\.csv: 1 record\(s\) outside every map .*line 3 \(id b\)/);
  });

  it("measures site-to-field distance (0 inside, edge distance outside)", () => {
    const field = [
      [
        [
          [0, 0],
          [100, 0],
          [100, 100],
          [0, 100],
          [0, 0],
        ],
      ],
    ];
    expect(siteFieldDistanceM([50, 50], field)).toBe(0);
    expect(siteFieldDistanceM([130, 140], field)).toBeCloseTo(50, 9);
    expect(
      siteFieldDistanceM(
        [
          [
            [
              [120, 0],
              [130, 0],
              [130, 10],
              [120, 10],
              [120, 0],
            ],
          ],
        ],
        field,
      ),
    ).toBeCloseTo(20, 9);
  });
});
