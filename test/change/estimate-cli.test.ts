/**
 * `coca change estimate` on Olofsson et al. (2014)'s change example (area-vectors.json): the four change
 * strata (deforestation, forest gain, stable forest, stable non-forest) labelled as forest / non-forest at
 * both dates must give the published areas and intervals unchanged; and the bad-input cases.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot, runCocaInProcess } from "../support/cli.ts";

// The published examples live in the repository (test/fixtures/area-vectors.json, with their citations).
const vectorsPath = resolve(projectRoot, "test/fixtures/area-vectors.json");
const hasVectors = existsSync(vectorsPath);

interface Vector {
  name: string;
  inputs: { classes: string[]; mapped_area_ha: number[]; sample_counts: number[][] };
  expected: {
    computed: {
      area: number[];
      area_se: number[];
      area_ci95: [number, number][];
      users_accuracy: number[];
      producers_accuracy: number[];
      producers_accuracy_se: number[];
      overall_accuracy: number;
      overall_accuracy_se: number;
    };
    published_rounded: {
      area_ha: number[];
      area_ci95_halfwidth_ha: number[];
      users_accuracy: number[];
      producers_accuracy: number[];
      overall_accuracy: number;
    };
  };
}
interface Area {
  estimateHa: number;
  seHa: number;
  ciHa: [number, number];
}

// Reference change class -> (t1, t2) of forest: deforestation = forest then non-forest, and so on.
const DATES: Record<string, [string, string]> = {
  Deforestation: ["forest", "non-forest"],
  "Forest gain": ["non-forest", "forest"],
  "Stable forest": ["forest", "forest"],
  "Stable non-forest": ["non-forest", "non-forest"],
};

describe.skipIf(!hasVectors)("coca change estimate reproduces Olofsson et al. (2014)'s change example", () => {
  let dir: string;
  const path = (n: string): string => join(dir, n);
  let v: Vector;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "coca-change-estimate-"));
    v = (JSON.parse(readFileSync(vectorsPath, "utf8")) as { vectors: Vector[] }).vectors.find((x) => x.name === "olofsson2014_good_practices_example")!;
    const lines = ["unit_id,stratum,map_class,reference_class_t1,reference_class_t2"];
    let id = 0;
    v.inputs.sample_counts.forEach((row, i) =>
      row.forEach((n, j) => {
        const [t1, t2] = DATES[v.inputs.classes[j]!]!;
        for (let k = 0; k < n; k++) lines.push(`${++id},${v.inputs.classes[i]},${v.inputs.classes[i]},${t1},${t2}`);
      }),
    );
    writeFileSync(path("labels.csv"), `${lines.join("\n")}\n`);
    writeFileSync(path("strata.csv"), `stratum,size_ha\n${v.inputs.classes.map((c, i) => `${c},${v.inputs.mapped_area_ha[i]}`).join("\n")}\n`);
    // The same labels without the second date's column.
    writeFileSync(path("t1-only.csv"), `${lines.map((l) => l.split(",").slice(0, 4).join(",")).join("\n")}\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("gives deforestation 21,158 ± 6,158 ha and the other published areas, accuracies unchanged (z = 1.96)", async () => {
    const run = await runCocaInProcess(
      "change",
      "estimate",
      "--units",
      path("labels.csv"),
      "--strata",
      path("strata.csv"),
      "--class",
      "forest",
      "--z",
      "1.96",
      "--interval",
      "normal",
      "--map-change-classes",
      "Deforestation=lost,Forest gain=new,Stable forest=persistent,Stable non-forest=stable",
      "--json",
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      areas: Record<"lostHa" | "newHa" | "persistentHa" | "stableOtherHa" | "netChangeHa", Area>;
      changeMapAccuracy: {
        classes: string[];
        usersAccuracy: number[];
        producersAccuracy: number[];
        producersAccuracySe: number[];
        overallAccuracy: number;
        overallAccuracySe: number;
      };
      sampleSize: number;
    };
    expect(out.sampleSize).toBe(640);
    const c = v.expected.computed;
    const p = v.expected.published_rounded;
    const ours = [out.areas.lostHa, out.areas.newHa, out.areas.persistentHa, out.areas.stableOtherHa];
    ours.forEach((a, k) => {
      expect(a.estimateHa).toBeCloseTo(c.area[k]!, 6);
      expect(a.seHa).toBeCloseTo(c.area_se[k]!, 6);
      expect(a.ciHa[0]).toBeCloseTo(c.area_ci95[k]![0], 5);
      expect(a.ciHa[1]).toBeCloseTo(c.area_ci95[k]![1], 5);
      // As printed: whole hectares.
      expect(Math.round(a.estimateHa)).toBe(p.area_ha[k]);
      expect(Math.round(1.96 * a.seHa)).toBe(p.area_ci95_halfwidth_ha[k]);
    });
    // Net change of forest = gain − deforestation.
    expect(out.areas.netChangeHa.estimateHa).toBeCloseTo(c.area[1]! - c.area[0]!, 6);
    // The change map's accuracy, classes in the paper's order.
    const acc = out.changeMapAccuracy;
    expect(acc.classes).toEqual(["lost", "new", "persistent", "stable"]);
    acc.usersAccuracy.forEach((u, k) => expect(u).toBeCloseTo(c.users_accuracy[k]!, 8));
    acc.producersAccuracy.forEach((u, k) => expect(u).toBeCloseTo(c.producers_accuracy[k]!, 8));
    acc.producersAccuracySe.forEach((u, k) => expect(u).toBeCloseTo(c.producers_accuracy_se[k]!, 8));
    expect(acc.overallAccuracy).toBeCloseTo(c.overall_accuracy, 8);
    expect(acc.overallAccuracySe).toBeCloseTo(c.overall_accuracy_se, 8);

    const text = await runCocaInProcess(
      "change",
      "estimate",
      "--units",
      path("labels.csv"),
      "--strata",
      path("strata.csv"),
      "--class",
      "forest",
      "--z",
      "1.96",
      "--interval",
      "normal",
    );
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/"forest" lost \(ha\)\s+21,158\s+3,142\s+15,000 \.\. 27,315/);
  });

  it("refuses a label file missing one date's column, naming the file and the column (exit 2)", async () => {
    const run = await runCocaInProcess("change", "estimate", "--units", path("t1-only.csv"), "--strata", path("strata.csv"), "--class", "forest");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/t1-only\.csv: missing column reference_class_t2: a change sample needs a reference class at both dates/);
    writeFileSync(path("blank.csv"), "unit_id,stratum,reference_class_t1,reference_class_t2\n1,Deforestation,forest,\n");
    const blank = await runCocaInProcess("change", "estimate", "--units", path("blank.csv"), "--strata", path("strata.csv"), "--class", "forest");
    expect(blank.code).toBe(2);
    expect(blank.stderr).toMatch(/blank\.csv: line 2: unit 1 has no reference_class_t2/);
    writeFileSync(path("kind.csv"), "unit_id,stratum,reference_class_t1,reference_class_t2,eradication_kind\n1,Deforestation,forest,forest,burned\n");
    const kind = await runCocaInProcess("change", "estimate", "--units", path("kind.csv"), "--strata", path("strata.csv"), "--class", "forest");
    expect(kind.code).toBe(2);
    expect(kind.stderr).toMatch(/kind\.csv: line 2: eradication kind "burned" is not one of forced, voluntary, aerial/);
  });
});
