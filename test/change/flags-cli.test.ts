/** The change commands read their numeric flags through cli/flags: a bad value is exit 2 naming the flag. */
import { describe, expect, it } from "vitest";
import { runCocaInProcess } from "../support/cli.ts";

describe("coca change flags", () => {
  it.each([
    [["change", "demo", "--seed", "x", "--out-dir", "/tmp/never"], "--seed must be a whole number, got 'x'"],
    [["change", "demo", "--size-px", "50", "--out-dir", "/tmp/never"], "--size-px must be a whole number from 100 to 4000, got '50'"],
    [["change", "estimate", "--units", "u.csv", "--strata", "s.csv", "--confidence", "1.5"], "--confidence must be a number in (0, 1), got '1.5'"],
    [["change", "fields", "--from", "a.geojson", "--to", "b.geojson", "--out", "m.geojson", "--min-iou", "2"], "--min-iou must be a number in [0, 1], got '2'"],
    [["change", "map", "--from", "a.tif", "--to", "b.tif", "--out", "t.tif", "--tile-size-px", "20"], "--tile-size-px must be a multiple of 16"],
  ])("%j -> exit 2", async (args, message) => {
    const run = await runCocaInProcess(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
