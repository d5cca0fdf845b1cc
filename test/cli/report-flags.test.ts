/** `coca report --change`: bad flags exit 2 naming the flag, an unknown change analysis exits 4 (no browser needed). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCocaProcess } from "../support/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "coca-cli-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const coca = (...args: string[]) => runCocaProcess("--db", join(dir, "coca.db"), "report", "--out", join(dir, "r.pdf"), ...args);

describe("coca report --change", () => {
  it("refuses a bad id (2), --previous without a survey (2), --change with --country (2), an unknown analysis (4)", async () => {
    const bad = await coca("--change", "abc");
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining("--change")]);
    const prev = await coca("--change", "1", "--previous", "2");
    expect([prev.code, prev.stderr]).toEqual([2, expect.stringContaining("--previous goes with a survey id")]);
    const both = await coca("--change", "1", "--country", "CO", "--year", "2017");
    expect(both.code).toBe(2);
    const missing = await coca("--change", "7");
    expect([missing.code, missing.stderr]).toEqual([4, expect.stringContaining("no change analysis with id 7")]);
  }, 60_000);
});
