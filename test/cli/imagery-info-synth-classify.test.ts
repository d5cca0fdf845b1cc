/**
 * CLI integration: `coca imagery synth`, `info`, `train` then `classify` on a small simulated scene,
 * and the exit codes and messages of bad input (in process through cli/main.ts).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCocaInProcess, type Run } from "../support/cli.ts";

let dir: string;

const coca = (...args: string[]): Promise<Run> => runCocaInProcess("--db", join(dir, "coca.db"), ...args);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "coca-cli-imagery-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("coca imagery synth, info, classify", () => {
  it("runs synth -> info -> train -> classify, in tables and in JSON", async () => {
    const out = join(dir, "demo");
    const synth = await coca("imagery", "synth", "--seed", "5", "--size", "300", "--out", out, "--json");
    expect(synth.code).toBe(0);
    const s = JSON.parse(synth.stdout);
    expect(s.simulated).toBe(true);
    expect(s.areaUnit).toBe("ha");
    expect(Object.keys(s.trueAreaHa)).toContain("coca");

    const table = await coca("imagery", "info", s.scenePath);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/sentinel-2, surface-reflectance, 300 x 300 px of 10 metre, WGS 84 \/ UTM zone 18S, quality band scl/);
    expect(table.stdout).toMatch(/swir22 +scene\.tif +10 +0\.0001 +-0\.1 +0/);

    const model = join(dir, "model.json");
    const train = await coca(
      "imagery",
      "train",
      "--scene",
      s.scenePath,
      "--labels",
      s.trainingPath,
      "--class-field",
      "class",
      "--out",
      model,
      "--trees",
      "5",
      "--max-depth",
      "6",
      "--json",
    );
    expect(train.code).toBe(0);

    const classes = join(dir, "classes.tif");
    const run = await coca("imagery", "classify", "--scene", s.scenePath, "--model", model, "--out", classes, "--workers", "0", "--tile-size", "128");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/class map .*classes\.tif \(300 x 300 px, WGS 84 \/ UTM zone 18S, 9 tiles, 0 workers/);
    expect(run.stdout).toMatch(/coca +[\d,]+ +[\d,.]+/);

    const info = await coca("imagery", "info", classes, "--json");
    const i = JSON.parse(info.stdout);
    expect(i.classNames).toEqual(JSON.parse(readFileSync(model, "utf8")).classes);
    expect(i.raster.nodata).toBe(0);
  });

  it("bad input: a corrupt scene exits 3 naming the file, and writes no output", async () => {
    const bad = join(dir, "corrupt.tif");
    writeFileSync(bad, Buffer.from("II*\0\x08\0\0\0garbage garbage garbage", "latin1"));
    const out = join(dir, "never.tif");
    const r = await coca("imagery", "classify", "--scene", bad, "--model", join(dir, "model.json"), "--out", out, "--workers", "0");
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(bad);
    expect(existsSync(out)).toBe(false);
  });

  it("bad input: flags and missing files", async () => {
    expect((await coca("imagery", "synth", "--size", "12", "--out", dir)).code).toBe(2);
    expect((await coca("imagery", "classify", "--scene", "x.tif", "--model", "m.json", "--out", "o.tif", "--tile-size", "100")).code).toBe(2);
    const missing = await coca("imagery", "info", join(dir, "nope.tif"));
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/nope\.tif: no such file/);
  });
});
