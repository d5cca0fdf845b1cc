/**
 * `--plot FILE.svg|png` through the real `coca` command: figures compare (with UNODC Colombia's published
 * range drawn), trend (the prediction bands), production estimate (the Monte Carlo distribution) and
 * survey show (the estimate per region); a wrong extension exits 2 naming the flag.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM } from "../support/browser.ts";
import { runCocaProcess, type Run } from "../support/cli.ts";

const coca = (db: string, ...args: string[]): Promise<Run> => runCocaProcess("--db", db, ...args);
const PNG = [0x89, 0x50, 0x4e, 0x47];

describe.skipIf(!existsSync(CHROMIUM))("coca ... --plot", () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "coca-cli-plot-"));
    db = join(dir, "coca.db");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("figures compare draws the sources with the published range as an interval", async () => {
    const out = join(dir, "colombia-cocaine.svg");
    const run = await coca(db, "figures", "compare", "--country", "CO", "--metric", "cocaine_t", "--plot", out, "--json");
    expect(run.code, run.stderr).toBe(0);
    const svg = readFileSync(out, "utf8");
    expect(svg).toMatch(/^<\?xml/);
    expect(svg).toContain("vertical bars: published ranges: UNODC 2017 1,174–1,623 t");
    expect(svg).toMatch(/aria-label="rule"/);
  }, 120_000);

  it("trend draws the prediction bands; production estimate the distribution as a PNG", async () => {
    const trend = join(dir, "peru-trend.svg");
    const t = await coca(db, "trend", "--country", "PE", "--metric", "cultivation_ha", "--plot", trend, "--json");
    expect(t.code, t.stderr).toBe(0);
    expect((readFileSync(trend, "utf8").match(/aria-label="area"/g) ?? []).length).toBeGreaterThanOrEqual(1);
    const png = join(dir, "peru-2016.png");
    const p = await coca(db, "production", "estimate", "--country", "PE", "--year", "2016", "--draws", "5000", "--plot", png, "--json");
    expect(p.code, p.stderr).toBe(0);
    expect([...readFileSync(png).subarray(0, 4)]).toEqual(PNG);
  }, 180_000);

  it("survey show draws the estimate per region; a wrong extension exits 2", async () => {
    const demo = await coca(db, "survey", "demo", "--size", "128", "--n", "120", "--workers", "0", "--json");
    expect(demo.code, demo.stderr).toBe(0);
    const id = String(JSON.parse(demo.stdout).surveyId);
    const out = join(dir, "survey.svg");
    const show = await coca(db, "survey", "show", id, "--plot", out, "--json");
    expect(show.code, show.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("<svg");
    const bad = await coca(db, "survey", "show", id, "--plot", join(dir, "survey.pdf"));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--plot");
  }, 240_000);
});
