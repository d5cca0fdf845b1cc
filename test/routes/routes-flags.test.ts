/**
 * `coca routes` flags go through src/cli/flags.ts: a bad value exits 2 with a message naming the flag,
 * what it must be and what was given, before any file is read.
 */
import { describe, expect, it } from "vitest";
import { runCocaInProcess } from "../support/cli.ts";

describe("coca routes flags", () => {
  it.each([
    [
      ["routes", "path", "--cost", "absent.tif", "--from", "0,0", "--to", "1,1", "--neighbours", "6", "--out-dir", "x"],
      "--neighbours must be 4, 8 or 16, got '6'",
    ],
    [
      ["routes", "current", "--cost", "absent.tif", "--from", "0,0", "--to", "1,1", "--neighbours", "16", "--out-dir", "x"],
      "--neighbours must be 4 or 8, got '16'",
    ],
    [["routes", "cost", "--dem", "absent.tif", "--model", "naismith", "--out", "x.tif"], "--model must be tobler or r.walk, got 'naismith'"],
    [["routes", "cost", "--dem", "absent.tif", "--dem-band", "0", "--out", "x.tif"], "--dem-band must be a whole number >= 1, got '0'"],
    [["routes", "demo", "--out-dir", "x", "--rounds", "2.5"], "--rounds must be a whole number from 1 to 100, got '2.5'"],
    [
      ["routes", "current", "--cost", "absent.tif", "--from", "0,0", "--to", "1,1", "--tolerance", "0.5", "--out-dir", "x"],
      "--tolerance must be a number in (0, 0.1], got '0.5'",
    ],
  ])("%j exits 2 naming the flag", async (args, message) => {
    const r = await runCocaInProcess(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
