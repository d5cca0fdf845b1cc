import { describe, expect, it } from "vitest";
import type { ReferenceLabel } from "../../domain/reference-label.ts";
import { createRandom } from "../../stats/random.ts";
import { agreement } from "./agreement.ts";
import { assignUnits } from "./assign.ts";
import { planImport } from "./import.ts";
import { labelQa } from "./qa.ts";
import { resolveLabels } from "./resolve.ts";
import { blindId, blindSheetRows, sheetToCsv } from "./sheet.ts";
import { designChecksum, type DesignUnitRef } from "./stored-design.ts";

let nextId = 1;
const label = (unitId: string, referenceClass: string, interpreter: string, extra: Partial<ReferenceLabel> = {}): ReferenceLabel => ({
  id: nextId++,
  surveyId: 1,
  unitId,
  period: "single",
  referenceClass,
  interpreter,
  labelledAt: "2026-12-01T00:00:00Z",
  confidence: null,
  comment: "",
  imagery: "",
  kind: "interpretation",
  reason: "",
  simulated: false,
  origin: "test",
  storedAt: "2026-12-01T00:00:00Z",
  ...extra,
});

describe("Cohen's kappa", () => {
  it("matches the hand-computed 2x2 example (20/5/10/15)", () => {
    // Interpreter A says coca on 25 units, B on 30; both coca 20, both other 15, A coca/B other 5, A other/B coca 10.
    const pairs: [string, string][] = [
      ...Array.from({ length: 20 }, () => ["coca", "coca"] as [string, string]),
      ...Array.from({ length: 5 }, () => ["coca", "other"] as [string, string]),
      ...Array.from({ length: 10 }, () => ["other", "coca"] as [string, string]),
      ...Array.from({ length: 15 }, () => ["other", "other"] as [string, string]),
    ];
    const r = agreement(pairs, ["coca", "other"]);
    // po = 35/50 = 0.7; pe = 0.5*0.6 + 0.5*0.4 = 0.5; kappa = (0.7 - 0.5)/(1 - 0.5) = 0.4.
    expect(r.n).toBe(50);
    expect(r.observedAgreement).toBeCloseTo(0.7, 12);
    expect(r.expectedAgreement).toBeCloseTo(0.5, 12);
    expect(r.kappa).toBeCloseTo(0.4, 12);
    // Fleiss, Cohen & Everitt (1969) by hand: A = 0.4*(0.5-1.1*0.3)^2 + 0.3*(0.5-0.9*0.3)^2 = 0.02743,
    // B = 0.3^2 * (0.1*1.1^2 + 0.2*0.9^2) = 0.02547, C = (0.35 - 1 + 0.7)^2 = 0.0025,
    // var = (A + B - C) / (50 * 0.5^4) = 0.0504 / 3.125 = 0.016128, SE = 0.126996.
    expect(r.kappaSe).toBeCloseTo(Math.sqrt(0.016128), 10);
    // Specific agreement on coca: 2*20/(25+30) = 0.727..., on other: 2*15/(25+20) = 0.666...
    expect(r.perClass[0]!.specificAgreement).toBeCloseTo(40 / 55, 12);
    expect(r.perClass[1]!.specificAgreement).toBeCloseTo(30 / 45, 12);
  });

  it("is 1 for perfect agreement and 0 when agreement is what chance gives", () => {
    expect(
      agreement(
        [
          ["a", "a"],
          ["b", "b"],
          ["a", "a"],
        ],
        ["a", "b"],
      ).kappa,
    ).toBe(1);
    // Independent marginals: a/a, a/b, b/a, b/b once each: po = 0.5 = pe.
    expect(
      agreement(
        [
          ["a", "a"],
          ["a", "b"],
          ["b", "a"],
          ["b", "b"],
        ],
        ["a", "b"],
      ).kappa,
    ).toBe(0);
  });
});

describe("which label counts", () => {
  it("a correction replaces the same interpreter's label; disagreement waits for adjudication; the adjudication wins", () => {
    const l1 = label("u1", "coca", "ana");
    const l2 = label("u1", "forest", "ana", { kind: "correction", reason: "looked again" });
    let r = resolveLabels([l1, l2]);
    expect(r.chosen.get("u1")!.id).toBe(l2.id);
    const l3 = label("u1", "coca", "ben");
    r = resolveLabels([l1, l2, l3]);
    expect(r.chosen.has("u1")).toBe(false);
    expect(r.disagreements.map((d) => d.labels.map((l) => l.id))).toEqual([[l2.id, l3.id]]);
    const l4 = label("u1", "coca", "cora", { kind: "adjudication", reason: "field photo" });
    r = resolveLabels([l1, l2, l3, l4]);
    expect(r.chosen.get("u1")!.id).toBe(l4.id);
    expect(r.disagreements).toEqual([]);
  });

  it("simulated labels step aside once a unit has a real one", () => {
    const sim = label("u2", "coca", "simulated interpreter", { simulated: true });
    const real = label("u2", "bare", "ana");
    expect(resolveLabels([sim, real]).chosen.get("u2")!.id).toBe(real.id);
    expect(resolveLabels([sim]).chosen.get("u2")!.id).toBe(sim.id);
  });

  it("QA counts double units, pairs and pending disagreements", () => {
    const qa = labelQa(
      [label("u1", "coca", "ana"), label("u1", "coca", "ben"), label("u2", "coca", "ana"), label("u2", "forest", "ben"), label("u3", "forest", "ana")],
      ["coca", "forest"],
    );
    expect(qa.doubleUnits).toBe(2);
    expect(qa.overall.observedAgreement).toBe(0.5);
    expect(qa.pairs).toHaveLength(1);
    expect(qa.pending.map((d) => d.unitId)).toEqual(["u2"]);
    expect(qa.perInterpreter).toEqual([
      { interpreter: "ana", units: 3 },
      { interpreter: "ben", units: 2 },
    ]);
  });
});

describe("assignment and blind sheets", () => {
  const unitIds = Array.from({ length: 100 }, (_, i) => `u${String(i + 1).padStart(4, "0")}`);

  it("gives every unit to one interpreter and the asked share to two, balanced", () => {
    const a = assignUnits({ unitIds, interpreters: ["ana", "ben", "cora"], doubleShare: 0.2, random: createRandom(7) });
    const perUnit = new Map<string, string[]>();
    for (const x of a) perUnit.set(x.unitId, [...(perUnit.get(x.unitId) ?? []), x.interpreter]);
    expect(perUnit.size).toBe(100);
    expect([...perUnit.values()].filter((v) => v.length === 2)).toHaveLength(20);
    expect([...perUnit.values()].every((v) => new Set(v).size === v.length)).toBe(true);
    const counts = ["ana", "ben", "cora"].map((n) => a.filter((x) => x.interpreter === n).length);
    expect(counts.reduce((s, v) => s + v, 0)).toBe(120);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(2);
    for (const n of ["ana", "ben", "cora"]) {
      const pos = a
        .filter((x) => x.interpreter === n)
        .map((x) => x.position)
        .sort((p, q) => p - q);
      expect(pos).toEqual(Array.from({ length: pos.length }, (_, i) => i + 1));
    }
    expect(() => assignUnits({ unitIds, interpreters: ["ana"], doubleShare: 0.2, random: createRandom(1) })).toThrow(/at least two/);
  });

  it("the sheet has no map class, code, stratum or design id, and its order does not follow the unit ids", () => {
    const units: DesignUnitRef[] = unitIds.map((unitId, i) => ({
      unitId,
      stratum: String(1 + Math.floor(i / 25)),
      mapClass: i < 25 ? "coca" : "forest",
      mapCode: i < 25 ? 1 : 2,
      row: i,
      col: i,
      x: i,
      y: i,
      lon: -75 + i / 1000,
      lat: -9,
    }));
    const checksum = designChecksum(units, [{ stratum: "1", sizePx: 10, sizeHa: 1 }]);
    const csv = sheetToCsv(blindSheetRows(units, checksum, createRandom(3)), { designChecksum: checksum });
    const [header, ...rows] = csv.trim().split("\n");
    expect(header).not.toMatch(/map_class|map_code|stratum|unit_id/);
    expect(csv).not.toMatch(/coca|forest|u0001/);
    // Strata along the sheet: with a sorted order the first 25 rows would all be stratum 1.
    const byBlind = new Map(units.map((u) => [blindId(checksum, u.unitId), u]));
    const firstQuarter = rows.slice(0, 25).map((r) => byBlind.get(r.split(",")[1]!)!.stratum);
    expect(new Set(firstQuarter).size).toBeGreaterThan(1);
    expect(firstQuarter.filter((s) => s === "1").length).toBeLessThan(15);
  });

  it("imports check the design checksum, the unit, the legend, the assignment and the history", () => {
    const units: DesignUnitRef[] = ["u1", "u2"].map((unitId, i) => ({
      unitId,
      stratum: "1",
      mapClass: "coca",
      mapCode: 1,
      row: i,
      col: 0,
      x: 0,
      y: 0,
      lon: 0,
      lat: 0,
    }));
    const design = { units, legend: ["coca", "forest"], checksum: designChecksum(units, []) };
    const base = { file: "f.csv", fileSha256: "sha256:x", design, existing: [], assignments: [], now: "2026-12-01T00:00:00Z" };
    const row = (x: Partial<Parameters<typeof planImport>[0]["answers"][number]> = {}) => ({
      where: "line 2",
      blindId: blindId(design.checksum, "u1"),
      classes: { single: "forest" },
      interpreter: "ana",
      ...x,
    });
    expect(planImport({ ...base, answers: [row()] }).labels[0]).toMatchObject({
      unitId: "u1",
      referenceClass: "forest",
      kind: "interpretation",
      interpreter: "ana",
    });
    expect(() => planImport({ ...base, answers: [row({ designSha256: "0".repeat(64) })] })).toThrow(/f\.csv: line 2: this sheet was made for another design/);
    expect(() => planImport({ ...base, answers: [row({ blindId: "bnotaunit" })] })).toThrow(/not a unit of this survey's design/);
    expect(() => planImport({ ...base, answers: [row({ blindId: undefined, unitId: "u9" })] })).toThrow(/unit u9 is not in the survey's design/);
    expect(() => planImport({ ...base, answers: [row({ classes: { single: "cocoa" } })] })).toThrow(/"cocoa" .* not in the legend/);
    expect(() => planImport({ ...base, assignments: [{ unitId: "u1", interpreter: "ben", position: 1, double: false }], answers: [row()] })).toThrow(
      /not assigned to ana/,
    );
    const existing = [label("u1", "coca", "ana")];
    expect(() => planImport({ ...base, existing, answers: [row()] })).toThrow(/ana already labelled .* a correction needs a reason/);
    expect(planImport({ ...base, existing, answers: [row({ reason: "second look" })] }).labels[0]!.kind).toBe("correction");
    expect(() => planImport({ ...base, adjudicate: true, answers: [row()] })).toThrow(/adjudication needs a reason/);
  });
});
