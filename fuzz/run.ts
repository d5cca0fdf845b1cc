/**
 * @module fuzz/run
 * Long fuzz runs of the readers (the suite runs a bounded one). Findings are saved as regression inputs.
 *
 *   npx tsx fuzz/run.ts tiff [--count 20000] [--seed 1] [--save DIR]   (findings saved in DIR, listed in DIR/findings.json)
 *   npx tsx fuzz/run.ts tiff --replay DIR                                 (read saved inputs again, one line each)
 *
 * Targets: tiff, labels, regions, units, figures-json, figures-csv, survey-config.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { makeTiffCorpus } from "../test/support/fuzz/corpus.ts";
import { fuzz, replay, type FuzzOptions } from "../test/support/fuzz/harness.ts";
import { mutateTiff } from "../test/support/fuzz/mutate.ts";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    replay: { type: "string" },
    count: { type: "string", default: "20000" },
    seed: { type: "string", default: "1" },
    save: { type: "string" },
    timeout: { type: "string", default: "5000" },
  },
});
const name = positionals[0] ?? "tiff";
const dir = mkdtempSync(join(tmpdir(), "coca-fuzz-corpus-"));
try {
  let setup: Pick<FuzzOptions, "target" | "corpus" | "mutate" | "ext">;
  if (name === "tiff") setup = { target: "tiff", corpus: await makeTiffCorpus(dir), mutate: mutateTiff, ext: ".tif" };
  else {
    const { jsonSetup } = await import("../test/support/fuzz/json-corpus.ts");
    setup = jsonSetup(name);
  }
  if (values.replay) {
    const files = readdirSync(values.replay)
      .filter((f) => f.endsWith(setup.ext))
      .map((f) => join(values.replay!, f));
    for (const o of await replay(setup.target, files, { timeoutMs: Number(values.timeout) })) console.log(JSON.stringify(o));
    process.exit(0);
  }
  const started = Date.now();
  const result = await fuzz({
    ...setup,
    count: Number(values.count),
    seed: Number(values.seed),
    timeoutMs: Number(values.timeout),
    saveDir: values.save,
    onProgress: (done, r) => process.stderr.write(`${done}: ${r.ok} ok, ${r.refused} refused, ${r.findings.length} findings\n`),
  });
  if (values.save && result.findings.length > 0) writeFileSync(join(values.save, "findings.json"), JSON.stringify(result.findings, null, 1));
  const kinds = { crash: 0, hang: 0, memory: 0 };
  for (const f of result.findings) kinds[f.kind]++;
  console.log(
    JSON.stringify(
      { target: name, seed: Number(values.seed), ...result, findings: result.findings.slice(0, 50), kinds, seconds: (Date.now() - started) / 1000 },
      null,
      2,
    ),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
