/**
 * The change demo with the real classifier: both simulated years rendered as scenes (imagery/synth/synthesize-year),
 * a random forest trained on year 1, both years classified (imagery/pipeline/classify-scene), then the change survey.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChangeDemoClassified, type ClassifiedChangeDemo } from "../../src/change/demo-classified.ts";
import { DEFAULT_DEMO_PARAMS, runChangeDemo } from "../../src/change/demo.ts";
import { openRaster } from "../../src/raster/read/raster-source.ts";

describe("change demo, classified by the random forest", () => {
  let dir: string;
  let d: ClassifiedChangeDemo;
  const params = { ...DEFAULT_DEMO_PARAMS, seed: 6, sizePx: 240, sampleSize: 300, minimumPerStratum: 50 };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coca-change-forest-"));
    d = await runChangeDemoClassified(params, { workDir: dir, trees: 20, maxDepth: 10 });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("classifies both synthesised years: maps close to the truth but not equal to it, and not the error model's", () => {
    for (const f of Object.values(d.classifier.files)) expect(existsSync(f), f).toBe(true);
    const agree = (map: Uint8Array, truth: Uint8Array): number => map.reduce((s, v, i) => s + (v === truth[i] ? 1 : 0), 0) / map.length;
    expect(agree(d.map1, d.truth1)).toBeGreaterThan(0.8);
    expect(agree(d.map2, d.truth2)).toBeGreaterThan(0.8);
    expect(agree(d.map1, d.truth1)).toBeLessThan(1);
    const model = runChangeDemo(params);
    expect(d.truth1).toEqual(model.truth1);
    expect(d.truth2).toEqual(model.truth2);
    expect(d.map1).not.toEqual(model.map1);
    expect(d.classifier.heldOutAccuracy).toBeGreaterThan(0.5);
    expect(d.estimate.sampleSize).toBe(300);
  });

  it("renders year 2 from the changed classes: the two scenes differ where coca came or went", async () => {
    const read = async (p: string): Promise<Uint16Array> => {
      const s = await openRaster(p);
      try {
        return (await s.readWindow({ x0: 0, y0: 0, x1: 240, y1: 240 }))[6] as Uint16Array; // B08
      } finally {
        await s.close();
      }
    };
    const [a, b] = [await read(d.classifier.files.sceneYear1), await read(d.classifier.files.sceneYear2)];
    // Where coca was lost (now bare soil or regrowth) the NIR band (B08) differs between the years.
    let lost = 0;
    let differs = 0;
    for (let i = 0; i < a.length; i++) {
      if (d.truth1[i] === 1 && d.truth2[i] === 2) {
        lost++;
        if (b[i]! !== a[i]!) differs++;
      }
    }
    expect(lost).toBeGreaterThan(0);
    expect(differs / lost).toBeGreaterThan(0.95);
    expect(a.length).toBe(240 * 240);
    expect(a).not.toEqual(b);
  });
});
