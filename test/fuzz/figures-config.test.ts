import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/domain/errors.ts";
import { parseFigureFile } from "../../src/figures/figure-file.ts";
import { MAX_NESTING_DEPTH, nestingDepth } from "../../src/io/nesting-depth.ts";
import { fuzz, replay } from "../support/fuzz/harness.ts";
import { jsonSetup } from "../support/fuzz/json-corpus.ts";
import { inputRandom, mutateJson } from "../support/fuzz/mutate.ts";

const FIXTURES = resolve(import.meta.dirname, "../fixtures/fuzz/figures-json");
const scratch = mkdtempSync(join(tmpdir(), "coca-figures-fuzz-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const dec = new TextDecoder();

describe("nesting depth", () => {
  it("counts brackets outside strings, iteratively, and stops early", () => {
    expect(nestingDepth('[{"a": [1, "[[[", \'{{\']}]')).toBe(3);
    expect(nestingDepth('"\\"[" []')).toBe(1);
    expect(nestingDepth("[".repeat(1_000_000))).toBe(1_000_000);
    expect(nestingDepth("[".repeat(1_000_000), 64)).toBe(65);
  });
  it("a figure JSON file nested 100,000 deep is an InputError naming the file (it overflowed the stack before)", () => {
    const text = `[{"country":"COL","notes":${"[".repeat(100_000)}${"]".repeat(100_000)}}]`;
    expect(() => parseFigureFile(new TextEncoder().encode(text), { file: "deep.json", maxYear: 2030 })).toThrow(InputError);
    expect(() => parseFigureFile(new TextEncoder().encode(text), { file: "deep.json", maxYear: 2030 })).toThrow(
      new RegExp(`deep\\.json[\\s\\S]*nested more than ${MAX_NESTING_DEPTH} levels`),
    );
  });
});

describe("figure JSON: every input the fuzzer found (stack overflows before issue 18) refuses cleanly", () => {
  it("the kept regression files", async () => {
    const index = JSON.parse(readFileSync(join(FIXTURES, "index.json"), "utf8")) as { file: string }[];
    expect(
      readdirSync(FIXTURES)
        .filter((f) => f.endsWith(".json") && f.startsWith("figures"))
        .sort(),
    ).toEqual(index.map((f) => f.file).sort());
    const outcomes = await replay(
      "figures",
      index.map((f) => join(FIXTURES, f.file)),
    );
    expect(outcomes.map((o) => o.status)).toEqual(index.map(() => "refused"));
  });
  it("every finding of the recorded run, regenerated", async () => {
    const { seed, findings } = JSON.parse(readFileSync(join(FIXTURES, "all-findings.json"), "utf8")) as { seed: number; findings: { index: number }[] };
    const setup = jsonSetup("figures-json");
    const paths = findings.map(({ index }) => {
      const path = join(scratch, `figures-${seed}-${index}.json`);
      writeFileSync(path, setup.mutate(setup.corpus[0]!, inputRandom(seed, index)));
      return path;
    });
    const outcomes = await replay("figures", paths);
    expect(outcomes.length).toBe(200);
    expect(outcomes.filter((o) => o.status !== "refused" && o.status !== "ok")).toEqual([]);
  });
});

describe("bounded fuzz runs of figure files and the survey config (seeded; child process, 5 s and 300 MB guard)", () => {
  for (const name of ["figures-json", "figures-csv"] as const) {
    it(`${name}: 1,000 mutations, no crash, hang or runaway memory`, async () => {
      const result = await fuzz({ ...jsonSetup(name), count: 1000, seed: 18 });
      expect(result.inputs).toBe(1000);
      expect(result.findings).toEqual([]);
      expect(result.refused).toBeGreaterThan(200);
    });
  }
  it("survey config: 500 mutations (nesting at most 64 deep added), no crash, hang or runaway memory", async () => {
    // Deeper nesting makes the YAML parser overflow or run out of memory (see docs/hardening.md); src/survey/config.ts
    // is to refuse it before parsing, after which this run can take the default mutator.
    const setup = jsonSetup("survey-config");
    const enc = new TextEncoder();
    const mutate = (input: Uint8Array, r: Parameters<typeof setup.mutate>[1]): Uint8Array => enc.encode(mutateJson(dec.decode(input), r, [16, 64]));
    const result = await fuzz({ ...setup, mutate, count: 500, seed: 18 });
    expect(result.inputs).toBe(500);
    expect(result.findings).toEqual([]);
    expect(result.refused).toBeGreaterThan(300);
  });
});
