/**
 * STAC Items in the layouts of the public catalogues, pointing at local files: every band read equals
 * reading the file directly, band by band; ambiguity is an error naming the item and the band.
 * Shapes follow the catalogues' documented JSON: Earth Search `sentinel-2-l2a` (v1: asset keys by common
 * name, `raster:bands` with scale 0.0001 and offset -0.1), Planetary Computer `sentinel-2-l2a` (asset keys
 * B01..B12, `eo:bands` only, `s2:processing_baseline`, a `visual` asset with role data), USGS Landsat
 * Collection 2 Level-2 (`SR_B*` files, `raster:bands` with scale 0.0000275 and offset -0.2, `qa_pixel`).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataError } from "../../domain/errors.ts";
import { crsFromEpsg } from "../../raster/read/epsg.ts";
import { openRaster } from "../../raster/read/raster-source.ts";
import { writeRaster } from "../../raster/write/write-raster.ts";
import { openScene } from "./scene.ts";

let dir: string;
const grid = { width: 40, height: 30, geoTransform: [600000, 10, 0, 8630000, 0, -10] as const, crs: crsFromEpsg(32718)! };
const n = grid.width * grid.height;
const dn = (k: number): Uint16Array => Uint16Array.from({ length: n }, (_, i) => (i === 7 ? 0 : 1000 + ((i * (k + 3)) % 5000)));
const S2 = ["B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B11", "B12"];
const CANON = ["coastal", "blue", "green", "red", "rededge1", "rededge2", "rededge3", "nir", "nir08", "nir09", "swir16", "swir22"];
const COMMON = ["coastal", "blue", "green", "red", "rededge", "rededge", "rededge", "nir", "nir08", "nir09", "swir16", "swir22"];
const w = { x0: 0, y0: 0, x1: grid.width, y1: grid.height };
const cog = "image/tiff; application=geotiff; profile=cloud-optimized";

async function direct(file: string, band = 0): Promise<ArrayLike<number>> {
  const src = await openRaster(file);
  const [v] = await src.readWindow(w, { bands: [band] });
  await src.close();
  return v!;
}
function item(id: string, properties: object, assets: object): string {
  const path = join(dir, `${id}.json`);
  writeFileSync(path, JSON.stringify({ type: "Feature", stac_version: "1.0.0", id, properties, assets }));
  return path;
}
function expectScaled(got: Float32Array, raw: ArrayLike<number>, mult: number, add: number, nodata: number | null): void {
  for (let i = 0; i < raw.length; i++) {
    if (nodata !== null && raw[i] === nodata) expect(got[i]).toBeNaN();
    else expect(got[i]).toBeCloseTo(raw[i]! * mult + add, 6);
  }
}
async function dataError(ref: string): Promise<DataError> {
  try {
    const s = await openScene(ref);
    await s.close();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error(`${ref} was read, expected a DataError`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "coca-stac-"));
  for (let k = 0; k < 12; k++) await writeRaster(join(dir, `${S2[k]}.tif`), [dn(k)], { grid, sampleType: "uint16", nodata: 0 });
  await writeRaster(join(dir, "visual.tif"), [new Uint8Array(n).fill(9), new Uint8Array(n).fill(8), new Uint8Array(n).fill(7)], { grid, sampleType: "uint8" });
  await writeRaster(
    join(dir, "stack12.tif"),
    S2.map((_, k) => dn(k)),
    { grid, sampleType: "uint16", nodata: 0 },
  );
  await writeRaster(join(dir, "stack-named.tif"), [dn(3), dn(7)], { grid, sampleType: "uint16", nodata: 0, bandNames: ["B08", "B04"] });
  await writeRaster(join(dir, "stack-unnamed.tif"), [dn(3), dn(7)], { grid, sampleType: "uint16", nodata: 0 });
  const refl = Float32Array.from({ length: n }, (_, i) => 0.01 + (i % 100) / 200);
  await writeRaster(join(dir, "float-red.tif"), [refl], { grid, sampleType: "float32" });
  await writeRaster(join(dir, "float-nir.tif"), [refl.map((v) => v * 1.5)], { grid, sampleType: "float32" });
  for (const [k, b] of ["SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7"].entries()) {
    await writeRaster(join(dir, `LC08_L2SP_006066_20230801_20230805_02_T1_${b}.TIF`), [dn(k)], { grid, sampleType: "uint16", nodata: 0 });
  }
  await writeRaster(join(dir, "LC08_L2SP_006066_20230801_20230805_02_T1_QA_PIXEL.TIF"), [new Uint16Array(n).fill(21824)], {
    grid,
    sampleType: "uint16",
    nodata: 1,
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("STAC layouts of the public catalogues", () => {
  it("Earth Search sentinel-2-l2a: raster:bands scale and offset, every band equal to the file", async () => {
    const assets = Object.fromEntries(
      S2.map((b, k) => [
        CANON[k],
        {
          href: `./${b}.tif`,
          type: cog,
          roles: ["data", "reflectance"],
          "eo:bands": [{ name: CANON[k], common_name: COMMON[k] }],
          "raster:bands": [{ nodata: 0, data_type: "uint16", bits_per_sample: 15, scale: 0.0001, offset: -0.1 }],
        },
      ]),
    );
    const s = await openScene(
      item("S2B_18LXM_20240801_0_L2A", { platform: "sentinel-2b", constellation: "sentinel-2", "s2:processing_baseline": "05.10" }, assets),
    );
    expect([...s.bandNames].sort()).toEqual([...CANON].sort());
    const got = await s.readBands(w, CANON);
    for (let k = 0; k < 12; k++) expectScaled(got[CANON[k]!]!, await direct(join(dir, `${S2[k]}.tif`)), 0.0001, -0.1, 0);
    await s.close();
  });

  it("Planetary Computer sentinel-2-l2a: no raster:bands, the baseline rule on DN; B05-B07 by band name, not the shared common name; the visual asset is skipped", async () => {
    const assets: Record<string, object> = Object.fromEntries(
      S2.map((b, k) => [
        b,
        { href: `${dir}/${b}.tif`, type: cog, roles: ["data"], gsd: 10, "eo:bands": [{ name: b, common_name: COMMON[k], center_wavelength: 0.5 }] },
      ]),
    );
    assets.visual = {
      href: `${dir}/visual.tif`,
      type: cog,
      roles: ["data"],
      "eo:bands": [
        { name: "B04", common_name: "red" },
        { name: "B03", common_name: "green" },
        { name: "B02", common_name: "blue" },
      ],
    };
    const s = await openScene(item("S2A_MSIL2A_20230801T150721_R082_T18LXM", { platform: "Sentinel-2A", "s2:processing_baseline": "05.09" }, assets));
    const got = await s.readBands(w, CANON);
    for (let k = 0; k < 12; k++) expectScaled(got[CANON[k]!]!, await direct(join(dir, `${S2[k]}.tif`)), 1 / 10000, -0.1, 0);
    await s.close();
  });

  it("USGS Landsat C2 L2: SR_B* with raster:bands scale 0.0000275 and offset -0.2, qa_pixel as the quality band", async () => {
    const pre = "LC08_L2SP_006066_20230801_20230805_02_T1";
    const common: Record<string, string> = { SR_B2: "blue", SR_B3: "green", SR_B4: "red", SR_B5: "nir08", SR_B6: "swir16", SR_B7: "swir22" };
    const assets: Record<string, object> = Object.fromEntries(
      Object.entries(common).map(([b, c]) => [
        c,
        {
          href: `./${pre}_${b}.TIF`,
          type: cog,
          roles: ["data", "reflectance"],
          "eo:bands": [{ name: b, common_name: c }],
          "raster:bands": [{ data_type: "uint16", nodata: 0, scale: 0.0000275, offset: -0.2, unit: "" }],
        },
      ]),
    );
    assets.qa_pixel = {
      href: `./${pre}_QA_PIXEL.TIF`,
      type: cog,
      roles: ["cloud", "cloud-shadow", "snow-ice", "water-mask"],
      "raster:bands": [{ data_type: "uint16", nodata: 1 }],
    };
    const s = await openScene(item(pre, { platform: "LANDSAT_8" }, assets));
    expect(s.sensor).toBe("landsat-oli");
    expect(s.qualityBand).toBe("qa_pixel");
    const red = (await s.readBands(w, ["red"])).red!;
    expectScaled(red, await direct(join(dir, `${pre}_SR_B4.TIF`)), 0.0000275, -0.2, 0);
    expect((await s.readQuality(w))![3]).toBe(21824);
    await s.close();
  });
});

describe("STAC readings that used to be silently wrong", () => {
  it("a multi-band asset with twelve eo:bands reads all twelve bands, band i from file band i", async () => {
    const s = await openScene(
      item(
        "stack",
        { platform: "sentinel-2a" },
        {
          data: {
            href: "./stack12.tif",
            type: cog,
            "eo:bands": S2.map((b, k) => ({ name: b, common_name: COMMON[k] })),
            "raster:bands": S2.map(() => ({ nodata: 0, scale: 0.0001, offset: 0 })),
          },
        },
      ),
    );
    expect(s.bandNames.length).toBe(12);
    const got = await s.readBands(w, CANON);
    for (let k = 0; k < 12; k++) expectScaled(got[CANON[k]!]!, await direct(join(dir, "stack12.tif"), k), 0.0001, 0, 0);
    await s.close();
  });

  it("float reflectance is not scaled when raster:bands gives no scale", async () => {
    const s = await openScene(
      item(
        "float",
        { platform: "sentinel-2a", "s2:processing_baseline": "05.00" },
        {
          red: { href: "./float-red.tif", type: cog, "eo:bands": [{ name: "B04", common_name: "red" }] },
          nir: { href: "./float-nir.tif", type: cog, "eo:bands": [{ name: "B08", common_name: "nir" }] },
        },
      ),
    );
    const got = await s.readBands(w, ["red", "nir"]);
    expectScaled(got.red!, await direct(join(dir, "float-red.tif")), 1, 0, null);
    expectScaled(got.nir!, await direct(join(dir, "float-nir.tif")), 1, 0, null);
    await s.close();
  });

  it("per-band assets pointing into one multi-band file read their own band, found by the file's band descriptions", async () => {
    const s = await openScene(
      item(
        "shared",
        { platform: "sentinel-2a" },
        {
          red: { href: "./stack-named.tif", type: cog, "eo:bands": [{ name: "B04", common_name: "red" }], "raster:bands": [{ nodata: 0, scale: 0.0001 }] },
          nir: { href: "./stack-named.tif", type: cog, "eo:bands": [{ name: "B08", common_name: "nir" }], "raster:bands": [{ nodata: 0, scale: 0.0001 }] },
        },
      ),
    );
    const got = await s.readBands(w, ["red", "nir"]);
    expectScaled(got.red!, await direct(join(dir, "stack-named.tif"), 1), 0.0001, 0, 0);
    expectScaled(got.nir!, await direct(join(dir, "stack-named.tif"), 0), 0.0001, 0, 0);
    await s.close();
  });

  it("per-band assets into one file whose bands are not named are refused, naming the item and the band", async () => {
    const e = await dataError(
      item(
        "shared-unnamed",
        { platform: "sentinel-2a" },
        {
          red: { href: "./stack-unnamed.tif", type: cog, "eo:bands": [{ name: "B04", common_name: "red" }] },
          nir: { href: "./stack-unnamed.tif", type: cog, "eo:bands": [{ name: "B08", common_name: "nir" }] },
        },
      ),
    );
    expect(e.message).toMatch(/shared-unnamed\.json asset "(red|nir)": band "(red|nir)" points into .*stack-unnamed\.tif, a file of 2 bands/);
  });

  it("two single-band assets claiming one band are refused, naming both", async () => {
    const e = await dataError(
      item(
        "twice",
        { platform: "sentinel-2a" },
        {
          red: { href: "./B04.tif", type: cog, "eo:bands": [{ name: "B04", common_name: "red" }] },
          red2: { href: "./B05.tif", type: cog, "eo:bands": [{ name: "B04", common_name: "red" }] },
        },
      ),
    );
    expect(e.message).toMatch(/twice\.json: band "red" is claimed by 2 assets \(red, red2\)/);
  });

  it("an asset declaring more bands than its file holds is refused, naming the item", async () => {
    const e = await dataError(
      item("short", { platform: "sentinel-2a" }, { data: { href: "./stack-named.tif", type: cog, "eo:bands": S2.map((b) => ({ name: b })) } }),
    );
    expect(e.message).toMatch(/short\.json asset "data": declares 12 bands but .*stack-named\.tif has 2/);
  });

  it("a data type that contradicts the file is refused", async () => {
    const e = await dataError(
      item(
        "dtype",
        { platform: "sentinel-2a" },
        { red: { href: "./B04.tif", type: cog, "eo:bands": [{ name: "B04" }], "raster:bands": [{ data_type: "float32" }] } },
      ),
    );
    expect(e.message).toMatch(/dtype\.json asset "red": raster:bands says data_type float32 for band "red" but .*B04\.tif holds uint16/);
  });

  it("eo:bands and raster:bands of different lengths are refused", async () => {
    const e = await dataError(
      item(
        "lengths",
        { platform: "sentinel-2a" },
        { data: { href: "./stack12.tif", type: cog, "eo:bands": S2.map((b) => ({ name: b })), "raster:bands": [{ scale: 0.0001 }] } },
      ),
    );
    expect(e.message).toMatch(/lengths\.json: asset "data" lists 12 eo:bands but 1 raster:bands/);
  });
});

describe("STAC ItemCollections (saved catalogue searches)", () => {
  it("lists every item as COLLECTION.json#ID with date and cloud cover, and opens each", async () => {
    const { listStacItems } = await import("./stac-file.ts");
    const asset = (b: string, file = b) => ({
      href: `./${file}.tif`,
      type: cog,
      "eo:bands": [{ name: b }],
      "raster:bands": [{ nodata: 0, scale: 0.0001, offset: -0.1 }],
    });
    const path = join(dir, "search.json");
    writeFileSync(
      path,
      JSON.stringify({
        type: "FeatureCollection",
        features: [
          {
            type: "Feature",
            stac_version: "1.0.0",
            id: "S2A_18LXM_20240801_0_L2A",
            properties: { platform: "sentinel-2a", datetime: "2024-08-01T15:10:00Z", "eo:cloud_cover": 12.5 },
            assets: { red: asset("B04"), nir: asset("B08") },
          },
          {
            type: "Feature",
            stac_version: "1.0.0",
            id: "S2B_18LXM_20240806_0_L2A",
            properties: { platform: "sentinel-2b", datetime: "2024-08-06T15:10:00Z", "eo:cloud_cover": 3 },
            assets: { red: asset("B04", "B05"), nir: asset("B08") },
          },
        ],
      }),
    );
    const items = await listStacItems(path);
    expect(items.map((i) => [i.id, i.datetime, i.cloudCoverPct])).toEqual([
      ["S2A_18LXM_20240801_0_L2A", "2024-08-01T15:10:00Z", 12.5],
      ["S2B_18LXM_20240806_0_L2A", "2024-08-06T15:10:00Z", 3],
    ]);
    const s = await openScene(items[1]!.ref);
    const red = (await s.readBands(w, ["red"])).red!;
    expectScaled(red, await direct(join(dir, "B05.tif")), 0.0001, -0.1, 0);
    await s.close();
    expect((await dataError(path)).message).toMatch(/an ItemCollection of 2 items; name one as/);
    expect((await dataError(`${path}#nope`)).message).toMatch(/no item with id "nope"/);
  });
});
