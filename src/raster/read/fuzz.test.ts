import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataError } from "../../domain/errors.ts";
import { haveGdal, makeTiffCorpus } from "../../../test/support/fuzz/corpus.ts";
import { fuzz, replay } from "../../../test/support/fuzz/harness.ts";
import { mutateTiff } from "../../../test/support/fuzz/mutate.ts";
import { openRaster } from "./raster-source.ts";

const FIXTURES = resolve(import.meta.dirname, "../../../test/fixtures/fuzz/tiff");
const found = JSON.parse(readFileSync(join(FIXTURES, "index.json"), "utf8")) as { file: string; kind: string; then: string }[];

/** Open and read every pixel; resolves to the error thrown, or null. */
async function readAll(path: string): Promise<unknown> {
  try {
    const r = await openRaster(path);
    try {
      for await (const tile of r.tiles()) void tile;
    } finally {
      await r.close();
    }
    return null;
  } catch (error) {
    return error;
  }
}

describe("TIFF inputs the fuzzer found (crashes, hangs, runaway memory before issue 18)", () => {
  it("keeps every finding as a regression file", () => {
    expect(found.length).toBeGreaterThanOrEqual(33);
    expect(
      readdirSync(FIXTURES)
        .filter((f) => f.endsWith(".tif"))
        .sort(),
    ).toEqual(found.map((f) => f.file).sort());
  });
  for (const { file, kind, then } of found) {
    it(`${file} (${kind}: ${then.slice(0, 60)}) is read or refused with a DataError naming it`, async () => {
      const path = join(FIXTURES, file);
      const error = await readAll(path);
      if (error !== null) {
        expect(error).toBeInstanceOf(DataError);
        expect((error as Error).message).toContain(path);
      }
    });
  }
});

describe("TIFF regression files read in 256-px windows (each in a child process with a 5 s and 300 MB guard)", () => {
  it("none crashes, hangs or runs away (a 65,535-px single strip took > 4 s when decoded once per window)", async () => {
    const outcomes = await replay(
      "tiff-windows",
      found.map((f) => join(FIXTURES, f.file)),
    );
    expect(outcomes.filter((o) => o.status !== "ok" && o.status !== "refused")).toEqual([]);
    expect(outcomes.find((o) => o.path.endsWith("tiff-1-114.tif"))!.status).toBe("ok");
  });
});

describe("named malformed tags", () => {
  it("refuses a RATIONAL-typed tile offset, a zero band count and a LONG8 GeoKey directory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coca-tiff-tags-"));
    try {
      const [ours] = await makeTiffCorpus(dir);
      const patch = (tag: number, type: number, value?: number): string => {
        const b = Uint8Array.from(ours!);
        const dv = new DataView(b.buffer);
        const ifd = dv.getUint32(4, true);
        const n = dv.getUint16(ifd, true);
        for (let i = 0; i < n; i++) {
          const at = ifd + 2 + i * 12;
          if (dv.getUint16(at, true) !== tag) continue;
          dv.setUint16(at + 2, type, true);
          if (value !== undefined) dv.setUint32(at + 8, value, true);
        }
        const path = join(dir, `patched-${tag}-${type}.tif`);
        writeFileSync(path, b);
        return path;
      };
      const cases: [number, number, number | undefined, RegExp][] = [
        [324, 5, undefined, /TileOffsets \(324\) has type RATIONAL; an unsigned integer type is required/],
        [277, 3, 0, /SamplesPerPixel \(277\) value 0 outside 1\.\.1024/],
        [34735, 16, undefined, /GeoKeyDirectory/],
        [256, 12, undefined, /ImageWidth \(256\)/],
        [322, 3, 0xffff, /TileWidth \(322\) value 65535 outside 1\.\.16384/],
      ];
      for (const [tag, type, value, message] of cases) {
        const path = patch(tag, type, value);
        const error = await readAll(path);
        expect(error, `tag ${tag} type ${type}`).toBeInstanceOf(DataError);
        expect((error as Error).message).toMatch(message);
        expect((error as Error).message).toContain(path);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!haveGdal())("bounded TIFF fuzz run (seeded; each input read in a child process with a 5 s and 300 MB guard)", () => {
  const dir = mkdtempSync(join(tmpdir(), "coca-tiff-fuzz-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it("2,000 mutations of a gdal_translate corpus: no crash, hang or runaway memory", async () => {
    const corpus = await makeTiffCorpus(dir);
    expect(corpus.length).toBe(13);
    const result = await fuzz({ target: "tiff", corpus, mutate: mutateTiff, count: 2000, seed: 18, ext: ".tif" });
    expect(result.inputs).toBe(2000);
    expect(result.findings).toEqual([]);
    // Both paths are exercised: mutations that still read, and refusals.
    expect(result.ok).toBeGreaterThan(100);
    expect(result.refused).toBeGreaterThan(500);
  });
});
