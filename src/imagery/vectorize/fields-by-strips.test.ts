import { describe, expect, it } from "vitest";
import { hasShared, sharedPath } from "../../../test/support/shared.ts";
import type { RasterGrid } from "../../domain/raster-grid.ts";
import { createRandom } from "../../stats/random.ts";
import type { ClassRowSource } from "../zonal/zonal-totals.ts";
import { openClassRows } from "../zonal/class-row-source.ts";
import { vectorizeClasses, vectorizeFields, type ClassRaster, type Field } from "./fields.ts";
import { vectorizeClassesByStrips, vectorizeFieldsByStrips } from "./fields-by-strips.ts";
import { readClassRaster } from "./read-class-raster.ts";

const UTM18S = { epsg: 32718, proj4: "+proj=utm +zone=18 +south +datum=WGS84 +units=m +no_defs", geographic: false, name: "WGS 84 / UTM zone 18S" };

function rowsOf(raster: ClassRaster): ClassRowSource {
  const { width } = raster.grid;
  return { ...raster, readRows: async (y0, y1) => raster.values.slice(y0 * width, y1 * width) };
}

/** Everything a field is, with its rings as plain arrays (vertex for vertex). */
function plain(fields: Field[]): unknown[] {
  return fields.map((f) => ({ id: f.fieldId, cls: f.className, areaHa: f.areaHa, px: f.pixelCount, rings: f.rings.map((r) => Array.from(r)) }));
}

/** A random map of blobs: classes 1..3 and nodata, with fields that wind over many rows and merge late (U shapes). */
function blobs(seed: number, width: number, height: number): ClassRaster {
  const rand = createRandom(seed);
  const values = new Uint8Array(width * height);
  for (let i = 0; i < values.length; i++) {
    const left = i % width > 0 ? values[i - 1]! : 0;
    const up = i >= width ? values[i - width]! : 0;
    const u = rand.next();
    values[i] = u < 0.4 ? left : u < 0.75 ? up : rand.int(4);
  }
  const grid: RasterGrid = { width, height, geoTransform: [500000, 10, 0, 9000000, 0, -10], crs: UTM18S };
  return { grid, values, classNames: [undefined, "coca", "forest", "crops"] };
}

describe("fields by row strips", () => {
  it("gives the whole map's fields, ids, areas and rings vertex for vertex, for any strip height", async () => {
    for (let trial = 0; trial < 6; trial++) {
      const map = blobs(100 + trial, 41, 57);
      for (const connectivity of [4, 8] as const) {
        const whole = plain(vectorizeClasses(map, { connectivity }));
        for (const stripRows of [1, 3, 16, 512]) expect(plain(await vectorizeClassesByStrips(rowsOf(map), { connectivity, stripRows }))).toEqual(whole);
        const coca = plain(vectorizeFields(map, { classCode: "coca", connectivity, minAreaHa: 0.03, simplifyToleranceM: 12 }));
        expect(
          plain(await vectorizeFieldsByStrips(rowsOf(map), { classCode: "coca", connectivity, minAreaHa: 0.03, simplifyToleranceM: 12, stripRows: 5 })),
        ).toEqual(coca);
      }
    }
  });

  it("joins a field whose arms meet only rows later (a U), and keeps its holes", async () => {
    const rows = ["#...#.#", "#...#.#", "#.#.#.#", "#...#.#", "#####.#", "#.....#", "#######"];
    const width = rows[0]!.length;
    const values = new Uint8Array(
      rows
        .join("")
        .split("")
        .map((ch) => (ch === "#" ? 1 : 2)),
    );
    const map: ClassRaster = {
      grid: { width, height: rows.length, geoTransform: [0, 10, 0, 0, 0, -10], crs: UTM18S },
      values,
      classNames: [undefined, "coca", "forest"],
    };
    const whole = vectorizeFields(map, { classCode: 1 });
    const strips = await vectorizeFieldsByStrips(rowsOf(map), { classCode: 1, stripRows: 1 });
    expect(plain(strips)).toEqual(plain(whole));
    expect(strips.map((f) => f.pixelCount)).toEqual([27, 1]);
  });

  it("names the classes the map holds when the class is unknown", async () => {
    await expect(vectorizeFieldsByStrips(rowsOf(blobs(1, 9, 9)), { classCode: "rice" })).rejects.toThrow(
      /unknown class "rice"; the class map holds 1 coca, 2 forest, 3 crops/,
    );
  });

  for (const name of ["SENTINEL2_MSI_20LNR_2020-06-04_2021-08-26_class_v1.tif", "PRODES_LANDSAT_AMZ_2000-08-01_2020-07-31_class_v20220606.tif"]) {
    const path = sharedPath(`data/sits-rondonia/${name}`);
    it.skipIf(!hasShared("the real class maps", path))(`equals the whole-map polygonizer on ${name.split("_")[0]} (every class, 100-row strips)`, async () => {
      const whole = vectorizeClasses(await readClassRaster(path));
      const source = await openClassRows(path);
      try {
        const strips = await vectorizeClassesByStrips(source, { stripRows: 100 });
        expect(strips.length).toBe(whole.length);
        // The first field that differs (-1: none), so that a failure does not print 15,000 fields.
        const [a, b] = [plain(strips), plain(whole)].map((fs) => fs.map((f) => JSON.stringify(f)));
        expect(a.findIndex((f, i) => f !== b[i])).toBe(-1);
      } finally {
        await source.close();
      }
    });
  }
});
