/**
 * The interpreters' workflow through the CLI, on the seeded demo survey (its labels simulated):
 * assign units to two interpreters with 20% double interpretation, write their blind sheets, fill
 * them from the simulated truth, import them, measure agreement, adjudicate, correct a label, and
 * estimate again from the store; bad label files are refused with nothing stored; the export
 * carries the labels and estimates again with `coca area estimate`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import { runDemoSurvey } from "../../src/survey/demo.ts";
import { readClassRaster } from "../../src/imagery/vectorize/read-class-raster.ts";
import { parseCsvTable } from "../../src/io/csv.ts";
import { runCocaInProcess, type Run } from "../support/cli.ts";

const SIZE = 200;

describe("coca survey labels, assign, sheet, estimate", () => {
  let dir: string;
  let id: number;
  let stored: { areaHa: number; areaSeHa: number };
  let truth: { values: Uint8Array; classNames: readonly (string | undefined)[] };
  const coca = (...args: string[]): Promise<Run> => runCocaInProcess("--db", join(dir, "coca.db"), ...args);
  const json = async <T>(...args: string[]): Promise<T> => {
    const r = await coca(...args, "--json");
    if (r.code !== 0) throw new Error(`coca ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  };
  const labelCount = async (): Promise<number> => (await json<unknown[]>("survey", "labels", "list", String(id))).length;
  /** key file: blind id -> unit (row, col, stratum). */
  const readKey = (path: string) => new Map(parseCsvTable(readFileSync(path, "utf8"), path).rows.map((r) => [r.values.blind_id!, r.values]));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coca-survey-labels-"));
    const store = await openSqliteStore(join(dir, "coca.db"));
    const run = await runDemoSurvey({ store, outDir: join(dir, "demo"), sizePx: SIZE, n: 200, draws: 5000 });
    id = run.surveyId;
    stored = { areaHa: run.results.total.areaHa, areaSeHa: run.results.total.areaSeHa };
    await store.close();
    truth = await readClassRaster(join(dir, "demo", "scene", "truth.tif"));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("estimates again from the stored labels alone, to the last digit", async () => {
    const e = await json<{ matchesStored: boolean; differences: string[]; total: { areaHa: number } }>("survey", "estimate", String(id));
    expect(e.differences).toEqual([]);
    expect(e.matchesStored).toBe(true);
    expect(e.total.areaHa).toBe(stored.areaHa);
    const text = await coca("survey", "estimate", String(id));
    expect(text.stdout).toMatch(/Every number is the stored one, to the last digit/);
  });

  it("runs double interpretation: assign, blind sheets, import, agreement, adjudication, correction", async () => {
    const assigned = await json<{ assignments: { interpreter: string; units: number; double: number }[] }>(
      "survey",
      "assign",
      String(id),
      "--interpreters",
      "ana,ben",
      "--double",
      "0.2",
    );
    expect(assigned.assignments.reduce((s, a) => s + a.units, 0)).toBe(240);
    expect(assigned.assignments.map((a) => a.double)).toEqual([40, 40]);
    const sheets = join(dir, "sheets");
    const sheetOf = async (who: string) => {
      await json("survey", "sheet", String(id), "--interpreter", who, "--out", sheets);
      const path = join(sheets, `${who}.sheet.csv`);
      return { path, text: readFileSync(path, "utf8"), key: readKey(join(sheets, `${who}.sheet.key.csv`)) };
    };
    const ana = await sheetOf("ana");
    const ben = await sheetOf("ben");
    for (const s of [ana, ben]) {
      const header = s.text.split("\n")[0]!;
      expect(header).not.toMatch(/map_class|map_code|stratum|unit_id/);
      expect(header).toMatch(/blind_id/);
      // The sheet's order does not follow the strata: not sorted by stratum along the sheet.
      const strata = parseCsvTable(s.text, s.path).rows.map((r) => Number(s.key.get(r.values.blind_id!)!.stratum));
      expect(strata.some((v, i) => i > 0 && v < strata[i - 1]!)).toBe(true);
    }
    const anaUnits = new Set(ana.key.keys());
    const doubles = [...ben.key.keys()].filter((b) => anaUnits.has(b));
    expect(doubles).toHaveLength(40);
    // The truth at a unit: the key gives the unit id, the demo's sample.csv its pixel.
    const sample = parseCsvTable(readFileSync(join(dir, "demo", "survey", "sample.csv"), "utf8"), "sample.csv").rows;
    const samplePos = new Map(sample.map((r) => [r.values.unit_id!, { row: Number(r.values.row), col: Number(r.values.col) }]));
    const truthOf = (key: Map<string, Record<string, string>>, b: string): string => {
      const p = samplePos.get(key.get(b)!.unit_id!)!;
      return truth.classNames[truth.values[p.row * SIZE + p.col]!]!;
    };
    // Fill the sheets: ana from the truth; ben from the truth but "bare soil and roads" on 6 of the double units where the truth is something else.
    const fill = (s: { text: string; path: string; key: Map<string, Record<string, string>> }, who: string, override: Map<string, string>) => {
      const t = parseCsvTable(s.text, s.path);
      const lines = [t.header.join(",")];
      for (const r of t.rows) {
        const b = r.values.blind_id!;
        const cls = override.get(b) ?? truthOf(s.key, b);
        lines.push(t.header.map((h) => (h === "reference_class" ? cls : h === "interpreter" ? who : h === "confidence" ? "0.9" : r.values[h])).join(","));
      }
      const out = join(dir, `${who}.filled.csv`);
      writeFileSync(out, `${lines.join("\n")}\n`);
      return out;
    };
    const flipped = doubles.filter((b) => truthOf(ben.key, b) !== "bare soil and roads").slice(0, 6);
    expect(flipped).toHaveLength(6);
    const anaFile = fill(ana, "ana", new Map());
    const benFile = fill(ben, "ben", new Map(flipped.map((b) => [b, "bare soil and roads"])));

    // Bad files first: nothing stored.
    const before = await labelCount();
    const bad = async (text: string, ...args: string[]): Promise<Run> => {
      const f = join(dir, "bad.csv");
      writeFileSync(f, text);
      return coca("survey", "labels", "import", String(id), f, ...args);
    };
    const anaText = readFileSync(anaFile, "utf8");
    const lines = anaText.trim().split("\n");
    let r = await bad(`${lines[0]}\n${lines[1]!.replace(/^(\d+),b[0-9a-f]+,/, "$1,bdeadbeef00,")}\n`);
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/bad\.csv: line 2: blind id bdeadbeef00 is not a unit of this survey's design/)]);
    const header = lines[0]!.split(",");
    const setCell = (line: string, column: string, value: string): string =>
      line
        .split(",")
        .map((v, i) => (header[i] === column ? value : v))
        .join(",");
    r = await bad(`${lines[0]}\n${lines[1]}\n${setCell(lines[2]!, "reference_class", "cocoa")}\n`);
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/bad\.csv: line 3: class "cocoa" .* not in the legend/)]);
    const onlyAna = [...anaUnits].find((b) => !ben.key.has(b))!;
    r = await bad(
      `${lines[0]}\n${setCell(
        lines.find((l) => l.includes(onlyAna))!,
        "interpreter",
        "ben",
      )}\n`,
    );
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/not assigned to ben: an interpreter writes only to their own assignment/)]);
    r = await bad(anaText.replace(/,[0-9a-f]{64}$/gm, `,${"ab".repeat(32)}`));
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/this sheet was made for another design/)]);
    expect(await labelCount()).toBe(before);

    const i1 = await json<{ stored: number; kinds: { interpretation: number } }>("survey", "labels", "import", String(id), anaFile);
    const i2 = await json<{ stored: number }>("survey", "labels", "import", String(id), benFile);
    expect(i1.stored + i2.stored).toBe(240);
    // Importing the same file again without a reason is refused: labels are never overwritten.
    r = await coca("survey", "labels", "import", String(id), anaFile);
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/ana already labelled .* a correction needs a reason/)]);

    const qa = await json<{ doubleUnits: number; overall: { observedAgreement: number; kappa: number; kappaSe: number }; pending: { unitId: string }[] }>(
      "survey",
      "labels",
      "agreement",
      String(id),
    );
    expect(qa.doubleUnits).toBe(40);
    expect(qa.overall.observedAgreement).toBeCloseTo(34 / 40, 12);
    expect(qa.overall.kappa).toBeGreaterThan(0.5);
    expect(qa.overall.kappa).toBeLessThan(1);
    expect(qa.overall.kappaSe).toBeGreaterThan(0);
    expect(qa.pending).toHaveLength(6);
    const show = await coca("survey", "show", String(id));
    expect(show.stdout).toMatch(/Double interpretation: 40 units; observed agreement 85(\.0)?%, Cohen's kappa/);
    expect(show.stdout).toMatch(/Disagreements waiting for adjudication: 6/);

    // The 6 disagreements are left out of the estimate until adjudicated.
    let e = await json<{ labels: { used: number; disagreements: unknown[] }; matchesStored: boolean; total: { areaHa: number } }>(
      "survey",
      "estimate",
      String(id),
    );
    expect(e.labels.used).toBe(194);
    expect(e.labels.disagreements).toHaveLength(6);
    expect(e.matchesStored).toBe(false);

    // Adjudicate from the adjudication sheet: the truth wins.
    const adjPath = join(dir, "adjudicate.csv");
    await coca("survey", "labels", "agreement", String(id), "--out", adjPath);
    const adj = parseCsvTable(readFileSync(adjPath, "utf8"), adjPath);
    expect(adj.rows).toHaveLength(6);
    expect(adj.header).not.toContain("map_class");
    const adjFilled = [
      adj.header.join(","),
      ...adj.rows.map((row) =>
        adj.header
          .map((h) => (h === "reference_class" ? truthOf(ben.key, row.values.blind_id!) : h === "reason" ? "checked on the 2024 image" : `"${row.values[h]}"`))
          .join(","),
      ),
    ].join("\n");
    writeFileSync(adjPath, `${adjFilled}\n`);
    await json("survey", "labels", "import", String(id), adjPath, "--adjudicate", "--interpreter", "cora");
    e = await json("survey", "estimate", String(id));
    expect(e.labels.used).toBe(200);
    expect(e.labels.disagreements).toHaveLength(0);
    const withTruth = e.total.areaHa;
    // All labels are the truth now, so the estimate moved from the simulated interpreters' (10% errors).
    expect(withTruth).not.toBe(stored.areaHa);

    // A correction: ana relabels one non-coca unit of hers (not double) as coca. The coca estimate grows by
    // exactly that stratum's weight, sizeHa / n_h (Stehman 2014: y goes from 0 to 1 for one unit).
    const target = [...anaUnits].find((b) => !ben.key.has(b) && truthOf(ana.key, b) !== "coca")!;
    const stratum = ana.key.get(target)!.stratum!;
    const strataRows = parseCsvTable(readFileSync(join(dir, "demo", "survey", "sample.strata.csv"), "utf8"), "strata").rows;
    const h = strataRows.find((x) => x.values.stratum === stratum)!.values;
    const corr = join(dir, "correction.csv");
    writeFileSync(corr, `blind_id,reference_class,interpreter,reason\n${target},coca,ana,seen again on the 2024 image\n`);
    const c = await json<{ kinds: { correction: number } }>("survey", "labels", "import", String(id), corr);
    expect(c.kinds.correction).toBe(1);
    e = await json("survey", "estimate", String(id), "--record", "after correction");
    expect(e.total.areaHa - withTruth).toBeCloseTo(Number(h.size_ha) / Number(h.sample_size), 6);
    // Which label each unit's estimate used is recorded under the name given; a name is used once.
    expect((await coca("survey", "estimate", String(id), "--record", "after correction")).code).toBe(5);
    // The history is kept: the unit has ana's interpretation and her correction.
    const unitId = ana.key.get(target)!.unit_id!;
    const history = await json<{ interpreter: string; kind: string; referenceClass: string; reason: string }[]>(
      "survey",
      "labels",
      "list",
      String(id),
      "--unit",
      unitId,
    );
    expect(history.map((l) => `${l.interpreter}: ${l.kind}`)).toEqual(["simulated interpreter: interpretation", "ana: interpretation", "ana: correction"]);
    expect(history.at(-1)).toMatchObject({ kind: "correction", referenceClass: "coca", reason: "seen again on the 2024 image" });
  });

  it("exports the sample with its labels (CSV + .csvt, GeoJSON, strata) and the full history, which estimate again elsewhere", async () => {
    const out = join(dir, "export");
    const r = await json<{ files: string[] }>("survey", "export", String(id), "--out", out);
    for (const f of ["labels.csv", "labels.csvt", "sample-labels.csv", "sample-labels.csvt", "sample-labels.geojson", "sample.strata.csv"])
      expect(existsSync(join(out, f)), f).toBe(true);
    expect(r.files).toContain(join(out, "sample-labels.csv"));
    const csv = parseCsvTable(readFileSync(join(out, "sample-labels.csv"), "utf8"), "sample-labels.csv");
    expect(csv.header.length).toBe(readFileSync(join(out, "sample-labels.csvt"), "utf8").trim().split(",").length);
    expect(csv.rows.filter((x) => x.values.reference_class !== "")).toHaveLength(200);
    const history = parseCsvTable(readFileSync(join(out, "labels.csv"), "utf8"), "labels.csv").rows;
    expect(history.length).toBe(await labelCount());
    // The exported files alone give the same total as the store's re-estimate.
    const fromStore = await json<{ total: { areaHa: number; areaSeHa: number } }>("survey", "estimate", String(id));
    const area = await json<{ classes: string[]; areaHa: number[]; areaSeHa: number[] }>(
      "area",
      "estimate",
      "--units",
      join(out, "sample-labels.csv"),
      "--strata",
      join(out, "sample.strata.csv"),
      "--design",
      join(out, "sample-labels.geojson"),
    );
    const k = area.classes.indexOf("coca");
    expect(area.areaHa[k]).toBeCloseTo(fromStore.total.areaHa, 6);
  });
});
