import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataError } from "../../domain/errors.ts";
import { saveModel } from "../classify/model.ts";
import { trainModel } from "../classify/train.ts";
import { readClassMap } from "../../raster/read/class-map.ts";
import { synthesizeScene, type SynthesizeResult } from "../synth/synthesize-scene.ts";
import { writeRaster } from "../../raster/write/write-raster.ts";
import { openRaster } from "../../raster/read/raster-source.ts";
import { requiredBands } from "../compute/features.ts";
import { loadModelFile } from "../classify/model.ts";
import { clearTileCaches, runTileJob } from "../workers/run-tile-job.ts";
import { tileJobs } from "../workers/tile-job.ts";
import { createTilePool, type TilePool } from "../workers/tile-pool.ts";
import { classifyScene } from "./classify-scene.ts";

let dir: string;
let synth: SynthesizeResult;
let modelPath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "coca-classify-"));
  synth = await synthesizeScene({ seed: 3, sizePx: 384, outDir: join(dir, "synth") });
  const trained = await trainModel({ scenePath: synth.scenePath, labelsPath: synth.trainingPath, classField: "class", seed: 1, trees: 8, maxDepth: 8 });
  modelPath = join(dir, "model.json");
  saveModel(trained.model, modelPath);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("classifyScene", () => {
  it("gives the same class map inline (pool size 0) and on 2 worker threads", async () => {
    const a = await classifyScene({ scene: synth.scenePath, model: modelPath, out: join(dir, "a.tif"), poolSize: 0, tileSizePx: 128 });
    const b = await classifyScene({ scene: synth.scenePath, model: modelPath, out: join(dir, "b.tif"), poolSize: 2, tileSizePx: 128 });
    expect(b.poolSize).toBe(2);
    expect(readFileSync(join(dir, "b.tif")).equals(readFileSync(join(dir, "a.tif")))).toBe(true);
    expect(a.pixels).toEqual(b.pixels);
    expect(a.tiles).toBe(9);
  });

  it("by default works on 128-px tiles but writes 512-px blocks (a COG), with the same pixels", async () => {
    const out = join(dir, "default-blocks.tif");
    const c = await classifyScene({ scene: synth.scenePath, model: modelPath, out, poolSize: 2 });
    expect(c.tiles).toBe(9); // 384 px in 128-px work tiles, so that both workers have several
    const info = JSON.parse(execFileSync("gdalinfo", ["-json", out]).toString());
    expect(info.bands[0].block).toEqual([512, 512]);
    expect(info.metadata.IMAGE_STRUCTURE.LAYOUT).toBe("COG");
    const read = async (f: string): Promise<Uint8Array> => {
      const r = await openRaster(f);
      const [band] = await r.readWindow({ x0: 0, y0: 0, x1: r.grid.width, y1: r.grid.height });
      await r.close();
      return band as Uint8Array;
    };
    expect(Buffer.from(await read(out)).equals(Buffer.from(await read(join(dir, "a.tif"))))).toBe(true);
  });

  it("writes a class map with the scene's georeferencing, the model's class names, nodata where clouds are", async () => {
    const out = join(dir, "a.tif");
    const info = JSON.parse(execFileSync("gdalinfo", ["-json", out]).toString());
    const scene = JSON.parse(execFileSync("gdalinfo", ["-json", synth.scenePath]).toString());
    expect(info.geoTransform).toEqual(scene.geoTransform);
    expect(info.size).toEqual(scene.size);
    expect(info.coordinateSystem.wkt).toBe(scene.coordinateSystem.wkt);
    expect(info.bands[0].noDataValue).toBe(0);
    expect(info.bands[0].colorInterpretation).toBe("Palette");
    const model = JSON.parse(readFileSync(modelPath, "utf8"));
    expect(info.bands[0].categories).toEqual(["nodata", ...model.classes]);
    const cm = await readClassMap(out);
    expect(cm.classNames).toEqual(model.classes);
    const codes = await cm.readWindow({ x0: 0, y0: 0, x1: 384, y1: 384 });
    await cm.close();
    // Cloud and shadow pixels (SCL 9 and 3) are nodata in the map; all others are classified.
    const s = await openRaster(synth.scenePath);
    const [scl] = await s.readWindow({ x0: 0, y0: 0, x1: 384, y1: 384 }, { bands: [10] });
    await s.close();
    for (let i = 0; i < codes.length; i++) expect(codes[i] === 0).toBe(scl![i] === 9 || scl![i] === 3);
    // And the map agrees with the simulated truth on most clear pixels.
    const truth = await readClassMap(synth.truthPath);
    const t = await truth.readWindow({ x0: 0, y0: 0, x1: 384, y1: 384 });
    await truth.close();
    let agree = 0;
    let clear = 0;
    for (let i = 0; i < codes.length; i++) {
      if (codes[i] === 0) continue;
      clear++;
      if (model.classes[codes[i]! - 1] === truth.classNames[t[i]! - 1]) agree++;
    }
    expect(agree / clear).toBeGreaterThan(0.6);
  });

  it("refuses a scene that lacks a band the model needs, naming it, and writes nothing", async () => {
    const src = await openRaster(synth.scenePath);
    const w = { x0: 0, y0: 0, x1: 384, y1: 384 };
    const bands = await src.readWindow(w, { bands: [0, 1, 2, 6] });
    await src.close();
    const fewer = join(dir, "fewer-bands.tif");
    await writeRaster(fewer, bands, {
      grid: synth.grid,
      sampleType: "uint16",
      nodata: 0,
      bandNames: ["B02", "B03", "B04", "B08"],
      metadata: { BOA_ADD_OFFSET: "-1000" },
    });
    const out = join(dir, "refused.tif");
    const e = await classifyScene({ scene: fewer, model: modelPath, out, poolSize: 0 }).catch((error: unknown) => error);
    expect(e).toBeInstanceOf(DataError);
    expect((e as Error).message).toMatch(/band\(s\) rededge1, rededge2, rededge3, nir08, swir16, swir22 missing/);
    expect(existsSync(out)).toBe(false);
  });

  it("refuses a model whose feature scaling differs from the scene's", async () => {
    const model = JSON.parse(readFileSync(modelPath, "utf8"));
    model.spec.scaling = "dn";
    const bad = join(dir, "dn-model.json");
    writeFileSync(bad, JSON.stringify(model));
    const e = await classifyScene({ scene: synth.scenePath, model: bad, out: join(dir, "x.tif"), poolSize: 0 }).catch((error: unknown) => error);
    expect(e).toBeInstanceOf(DataError);
  });

  it("leaves no half-written output when aborted part-way (Ctrl-C)", async () => {
    const out = join(dir, "aborted.tif");
    const controller = new AbortController();
    const e = await classifyScene({
      scene: synth.scenePath,
      model: modelPath,
      out,
      poolSize: 0,
      tileSizePx: 128,
      signal: controller.signal,
      onProgress: (done) => {
        if (done === 3) controller.abort(new Error("interrupted"));
      },
    }).catch((error: unknown) => error);
    expect((e as Error).message).toBe("interrupted");
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes("aborted"))).toEqual([]);
  });

  it("runs its tiles on a pool the caller owns, and leaves it open for the next scene", async () => {
    const pool = createTilePool({ size: 0 });
    let jobs = 0;
    const counting: TilePool = { size: pool.size, run: (job, signal) => (jobs++, pool.run(job, signal)), close: () => pool.close() };
    try {
      const first = await classifyScene({ scene: synth.scenePath, model: modelPath, out: join(dir, "pooled-1.tif"), pool: counting, tileSizePx: 128 });
      const second = await classifyScene({ scene: synth.scenePath, model: modelPath, out: join(dir, "pooled-2.tif"), pool: counting, tileSizePx: 128 });
      expect(jobs).toBe(18);
      expect(first.poolSize).toBe(0);
      expect(second.pixels).toEqual(first.pixels);
      expect(readFileSync(join(dir, "pooled-2.tif")).equals(readFileSync(join(dir, "a.tif")))).toBe(true);
      expect(first.modelSha256).toBe(createHash("sha256").update(readFileSync(modelPath)).digest("hex"));
    } finally {
      await pool.close();
    }
  });
});

describe("a tile job", () => {
  it("refers to its model as {path, sha256}; the worker verifies the hash", async () => {
    const { model, sha256 } = loadModelFile(modelPath);
    expect(sha256).toBe(createHash("sha256").update(readFileSync(modelPath)).digest("hex"));
    const [job] = tileJobs(16, 16, 16, {
      kind: "classify",
      scene: { ref: synth.scenePath },
      bands: requiredBands(model.spec),
      spec: model.spec,
      model: { path: modelPath, sha256 },
      outputRef: "unused.tif",
    });
    try {
      const ok = await runTileJob(job!);
      expect(ok.counts.reduce((a, b) => a + b, 0)).toBe(256);
      const wrong = "0".repeat(64);
      const e = await runTileJob({ ...job!, model: { path: modelPath, sha256: wrong } }).catch((error: unknown) => error);
      expect(e).toBeInstanceOf(DataError);
      expect((e as Error).message).toBe(`model file ${modelPath}: SHA-256 ${sha256} is not the job's ${wrong} (the file changed after the job was made)`);
    } finally {
      await clearTileCaches();
    }
  });
});
