import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RasterGrid } from "../domain/raster-grid.ts";
import { writeRaster } from "../raster/write/write-raster.ts";
import { createRandom } from "../stats/random.ts";
import { designStratifiedByStrips, type StripDesignInput } from "./design-by-strips.ts";
import { designSample, withBufferStratum } from "./design-sample.ts";
import { readAreaFrame } from "./read-frame.ts";

const UTM18S = { epsg: 32718, proj4: "+proj=utm +zone=18 +south +datum=WGS84 +units=m +no_defs", geographic: false, name: "WGS 84 / UTM zone 18S" };
const WIDTH = 67;
const HEIGHT = 83;
const grid: RasterGrid = { width: WIDTH, height: HEIGHT, geoTransform: [500000, 30, 0, 9000000, 0, -30], crs: UTM18S };
const dir = mkdtempSync(join(tmpdir(), "design-strips-"));

/** A class map with rare, clumped coca (code 1), two other classes and nodata (0) in a corner. */
async function writeMap(): Promise<string> {
  const rand = createRandom(3);
  const values = new Uint8Array(WIDTH * HEIGHT);
  for (let r = 0; r < HEIGHT; r++)
    for (let c = 0; c < WIDTH; c++) {
      const i = r * WIDTH + c;
      if (r + c < 9) continue;
      const up = r > 0 ? values[i - WIDTH]! : 0;
      const u = rand.next();
      values[i] = u < 0.5 && up > 0 ? up : u < 0.53 ? 1 : 2 + rand.int(2);
    }
  const path = join(dir, "map.tif");
  await writeRaster(path, [values], { grid, sampleType: "uint8", nodata: 0, classNames: ["coca", "forest", "pasture"], tileSizePx: 16 });
  return path;
}

async function writeStrata(): Promise<string> {
  const rand = createRandom(4);
  const values = new Uint16Array(WIDTH * HEIGHT);
  for (let i = 0; i < values.length; i++) values[i] = i % WIDTH < 5 ? 9 : 100 + rand.int(3);
  const path = join(dir, "strata.tif");
  await writeRaster(path, [values], { grid, sampleType: "uint16", nodata: 9, tileSizePx: 16 });
  return path;
}

describe("a stratified design by row strips", async () => {
  const mapPath = await writeMap();
  const strataPath = await writeStrata();
  const cases: { name: string; input: Omit<StripDesignInput, "random" | "seed" | "mapPath"> }[] = [
    { name: "strata = map classes, n = 60, a minimum per stratum", input: { n: 60, allocation: { minimum: 10 } } },
    { name: "a buffer of 2 px around coca (halo across strips)", input: { n: 50, buffer: { targetCode: 1, radiusPx: 2 } } },
    { name: "a buffer of 9 px, wider than a strip", input: { n: 40, buffer: { targetCode: 1, radiusPx: 9 } } },
    { name: "a strata raster", input: { n: 45, strataPath } },
    {
      name: "a target SE of the coca area",
      input: { targetSe: { kind: "area", se: 4, anticipated: (s) => (s === 1 ? 0.8 : 0.01) }, allocation: { minimum: 5 } },
    },
  ];
  for (const { name, input } of cases) {
    it(`draws the whole map's sample, to the last digit: ${name}`, async () => {
      let frame = await readAreaFrame({ mapPath, strataPath: input.strataPath });
      if (input.buffer) frame = withBufferStratum(frame, input.buffer).frame;
      const whole = designSample({
        frame,
        design: "stratified",
        seed: 11,
        random: createRandom(11),
        n: input.n,
        targetSe: input.targetSe,
        allocation: input.allocation,
      });
      for (const stripRows of [1, 7, 512]) {
        const strips = await designStratifiedByStrips({ ...input, mapPath, seed: 11, random: createRandom(11), stripRows });
        expect(strips).toEqual(whole);
      }
    });
  }

  it("refuses what the whole-map design refuses, with the same message", async () => {
    await expect(designStratifiedByStrips({ mapPath, seed: 1, random: createRandom(1), n: 5, buffer: { targetCode: 7, radiusPx: 1 } })).rejects.toThrow(
      "the class map has no pixel of class 7 to buffer",
    );
    await expect(
      designStratifiedByStrips({ mapPath, strataPath, seed: 1, random: createRandom(1), n: 5, buffer: { targetCode: 1, radiusPx: 1 } }),
    ).rejects.toThrow("a buffer stratum replaces the strata raster");
  });
});
