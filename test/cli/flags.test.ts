/**
 * CLI: a bad flag value is exit 2 with a message naming the flag, for every command that takes
 * numbers (in this process, through cli/main.ts; each fails on its flags before touching a file or the store).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCocaInProcess } from "../support/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "coca-cli-flags-"));
const db = join(dir, "coca.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const missing = join(dir, "missing");

const cases: [args: string[], message: RegExp][] = [
  [["area", "design", "--map", `${missing}.tif`, "--out", join(dir, "s.geojson"), "--n", "abc"], /--n must be a whole number >= 1, got 'abc'/],
  [["area", "design", "--map", `${missing}.tif`, "--out", join(dir, "s.geojson"), "--n", "10", "--seed", "1.5"], /--seed must be a whole number, got '1\.5'/],
  [
    ["area", "design", "--map", `${missing}.tif`, "--out", join(dir, "s.geojson"), "--n", "10", "--design", "cluster"],
    /--design must be stratified, simple-random or systematic, got 'cluster'/,
  ],
  [["area", "design", "--sizes", `${missing}.csv`, "--target-se", "5", "--target", "ua"], /--target must be area or oa, got 'ua'/],
  [["area", "segments", "--segments", `${missing}.csv`, "--total-segments", "9", "--estimator", "mean"], /--estimator must be expansion or ratio, got 'mean'/],
  [["area", "estimate", "--matrix", `${missing}.json`, "--confidence", "1.5"], /--confidence must be a number in \(0, 1\), got '1\.5'/],
  [["area", "segments", "--segments", `${missing}.csv`, "--total-segments", "0"], /--total-segments must be a whole number >= 1, got '0'/],
  [["production", "estimate", "--country", "PE", "--year", "2016", "--draws", "0"], /--draws must be a whole number from 1 to 10000000, got '0'/],
  [["production", "estimate", "--country", "PE", "--year", "2016", "--area-ha", "lots"], /--area-ha must be a number >= 0, got 'lots'/],
  [["production", "reconcile", "--country", "PE", "--year", "20x"], /--year must be a whole number from 1900 to 2100, got '20x'/],
  [["figures", "list", "--from", "later"], /--from must be a four-digit year, got 'later'/],
  [["trend", "--country", "PE", "--metric", "cultivation_ha", "--horizon", "0x3"], /--horizon must be a whole number from 1 to 10, got '0x3'/],
  [["serve", "--port", "70000"], /--port must be a whole number from 0 to 65535, got '70000'/],
  [["serve", "--rate-limit", "-1"], /--rate-limit must be a whole number >= 0, got '-1'/],
  [["survey", "demo", "--error-rate", "1"], /--error-rate must be a number in \[0, 1\), got '1'/],
  [["survey", "demo", "--size", "big"], /--size must be a whole number >= 64, got 'big'/],
  [["survey", "run", `${missing}.yaml`, "--workers", "-1"], /--workers must be a whole number from 0 to 256, got '-1'/],
  [
    ["imagery", "classify", "--scene", `${missing}.tif`, "--model", `${missing}.json`, "--out", join(dir, "c.tif"), "--tile-size", "100"],
    /--tile-size must be a multiple of 16 from 16 to 4096, got '100'/,
  ],
  [
    ["imagery", "classify", "--scene", `${missing}.tif`, "--model", `${missing}.json`, "--out", join(dir, "c.tif"), "--workers", "two"],
    /--workers must be a whole number from 0 to 256, got 'two'/,
  ],
  [["imagery", "synth", "--out", dir, "--size", "10"], /--size must be a whole number from 64 to 20000, got '10'/],
  [
    ["imagery", "train", "--scene", `${missing}.tif`, "--labels", `${missing}.geojson`, "--class-field", "c", "--out", join(dir, "m.json"), "--trees", "0"],
    /--trees must be a whole number from 1 to 10000, got '0'/,
  ],
  [
    [
      "imagery",
      "train",
      "--scene",
      `${missing}.tif`,
      "--labels",
      `${missing}.geojson`,
      "--class-field",
      "c",
      "--out",
      join(dir, "m.json"),
      "--validation-fraction",
      "1",
    ],
    /--validation-fraction must be a number in \[0, 0\.95\], got '1'/,
  ],
  [
    ["imagery", "fields", "--classes", `${missing}.tif`, "--class", "coca", "--out", join(dir, "f.geojson"), "--simplify", "-5"],
    /--simplify must be a number >= 0, got '-5'/,
  ],
  [
    ["imagery", "fields", "--classes", `${missing}.tif`, "--class", "coca", "--out", join(dir, "f.geojson"), "--connectivity", "6"],
    /--connectivity must be 4 or 8, got '6'/,
  ],
];

describe("a bad flag value", () => {
  it.each(cases)("coca %j: exit 2 naming the flag", async (args, message) => {
    const run = await runCocaInProcess("--db", db, ...args);
    expect(run.stderr).toMatch(message);
    expect(run.code).toBe(2);
  });
});
