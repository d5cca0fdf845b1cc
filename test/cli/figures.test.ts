/**
 * CLI integration: runs the real `coca` command (`node bin/coca.js --db <tmp> ...`) for the figures
 * registry, targets and start.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCocaProcess, type Run } from "../support/cli.ts";
import { sha256 } from "../../src/io/checksum.ts";

const coca = (db: string, ...args: string[]): Promise<Run> => runCocaProcess("--db", db, ...args);

let dir: string;
let db: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "coca-cli-figures-"));
  db = join(dir, "coca.db");
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("coca figures", () => {
  it("list returns ONDCP Peru 2017 = 49,800 ha with its citation (loading the seed on first run)", async () => {
    const run = await coca(db, "figures", "list", "--country", "PE", "--source", "ONDCP", "--metric", "cultivation_ha", "--year", "2017", "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const list = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      country: "PER",
      region: "national",
      year: 2017,
      metric: "cultivation_ha",
      value: 49800,
      unit: "ha",
      source: "ONDCP",
      published: "2019",
      citation: expect.stringMatching(/^ONDCP release on Peru coca \(2019\), table 2012-2018; https:/),
    });
  });

  it("compare shows every source per year, missing years as null, and differences from UNODC", async () => {
    const run = await coca(db, "figures", "compare", "--country", "BO", "--metric", "cultivation_ha", "--json");
    expect(run.code).toBe(0);
    const c = JSON.parse(run.stdout) as {
      base: string;
      columns: { key: string; family: string }[];
      years: { year: number; values: Record<string, { value: number } | null>; differences: Record<string, { absolute: number; relative: number } | null> }[];
    };
    expect(c.base).toBe("UNODC");
    expect(c.columns.map((col) => col.family)).toContain("US");
    const y2016 = c.years.find((y) => y.year === 2016)!;
    expect(y2016.values.UNODC).toBeNull();
    expect(y2016.values.ONDCP!.value).toBe(37500);
    const y2017 = c.years.find((y) => y.year === 2017)!;
    expect(y2017.differences.ONDCP!.absolute).toBe(6500);
    expect(y2017.differences.ONDCP!.relative).toBeCloseTo(6500 / 24500, 10);

    const table = await coca(db, "figures", "compare", "--country", "Bolivia");
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/ONDCP \[US\] ha/);
    expect(table.stdout).toMatch(/^2016 +— +.*37,500/m);
  });

  it("revisions shows ONDCP's Bolivia 2011 production revised from 265 t to 190 t", async () => {
    const run = await coca(db, "figures", "revisions", "--country", "bol", "--json");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      expect.objectContaining({
        year: 2011,
        metric: "cocaine_t",
        source: "ONDCP",
        from: expect.objectContaining({ value: 265, published: "2012" }),
        to: expect.objectContaining({ value: 190, published: "2013" }),
      }),
    ]);
  });

  it("refuses a malformed import with exit 2, every bad line listed, and the store file unchanged", async () => {
    const bad = join(dir, "bad.csv");
    writeFileSync(
      bad,
      [
        "country,region,year,source,metric,value,unit,cited_year,citation",
        "Peru,national,2017,ONDCP,coca_cultivation,1.2.3,hectares,2019,c",
        "Peru,national,2017,ONDCP,coca_cultivation,10,hectares,2019,",
        "Peru,national,2018,ONDCP,coca_cultivation,52100,hectares,2019,ok; https://x",
        "Mordor,national,2017,ONDCP,coca_cultivation,10,hectares,2019,c",
      ].join("\n") + "\n",
    );
    const before = sha256(readFileSync(db));
    const run = await coca(db, "figures", "import", bad);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/cannot import .*bad\.csv: 3 bad lines, nothing imported/);
    expect(run.stderr).toMatch(/line 2: value '1\.2\.3' is not a number/);
    expect(run.stderr).toMatch(/line 3: citation is missing/);
    expect(run.stderr).toMatch(/line 5: unknown country 'Mordor'/);
    expect(run.stderr).not.toMatch(/line 4/);
    expect(sha256(readFileSync(db))).toBe(before);
  });

  it("imports a file once (a second import changes nothing) and export then import round-trips", async () => {
    const good = join(dir, "good.csv");
    writeFileSync(
      good,
      "country,region,year,source,metric,value,unit,cited_year,citation\nBolivia,national,2021,ONDCP,coca_cultivation,29900,hectares,2023,ONDCP press release 2023; https://example.org/b\n",
    );
    const first = await coca(db, "figures", "import", good, "--json");
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ rows: 1, inserted: 1, unchanged: 0 });
    const second = await coca(db, "figures", "import", good, "--json");
    expect(JSON.parse(second.stdout)).toMatchObject({ rows: 1, inserted: 0, unchanged: 1 });

    const exported = join(dir, "export.csv");
    const exportRun = await coca(db, "figures", "export", "--format", "csv", "--out", exported);
    expect(exportRun.code).toBe(0);
    const other = join(dir, "other.db");
    const imported = await coca(other, "figures", "import", exported, "--json");
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: 465, inserted: 1, unchanged: 464 });
    const again = await coca(other, "figures", "export", "--format", "csv");
    expect(again.stdout).toBe(readFileSync(exported, "utf8"));
  });

  it("an import repeating a figure with a second citation leaves one latest row with two citations", async () => {
    const file = join(dir, "second-citation.csv");
    const seed = readFileSync(fileURLToPath(new URL("../../data/official-figures.csv", import.meta.url)), "utf8").split("\n");
    const row = seed.find((l) => l.startsWith("COL,national,national,2023,cultivation_ha,") && l.includes(",UNODC,"))!;
    const fields = row.split(",");
    const published = fields[11];
    const second = `COL,national,national,2023,cultivation_ha,253000,ha,UNODC,UN,UNODC,coca_cultivation,${published},Second report of UNODC Colombia 2023,Second report of UNODC Colombia 2023; https://example.org/co-2023,secondary,`;
    writeFileSync(file, `${seed[0]}\n${second}\n`);
    const run = await coca(db, "figures", "import", file, "--json");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ rows: 1, inserted: 0, unchanged: 1, citationsAdded: 1 });
    const list = await coca(db, "figures", "list", "--country", "CO", "--year", "2023", "--metric", "cultivation_ha", "--json");
    const figures = JSON.parse(list.stdout) as { source: string; citation: string; additionalCitations?: { citation: string; citationKind: string }[] }[];
    expect(figures.filter((f) => f.source === "UNODC")).toHaveLength(1);
    expect(figures[0]!.additionalCitations).toEqual([
      expect.objectContaining({ citation: expect.stringContaining("example.org/co-2023"), citationKind: "secondary" }),
    ]);
    const table = await coca(db, "figures", "list", "--country", "CO", "--year", "2023", "--metric", "cultivation_ha");
    expect(table.stdout.trim().split("\n")).toHaveLength(3); // header, rule, one row
    expect(table.stdout).toContain("secondary: Second report of UNODC Colombia 2023");
    const show = await coca(db, "figures", "show", "--country", "CO", "--year", "2023", "--metric", "cultivation_ha");
    expect(show.stdout).toMatch(/citations \(2\):/);
    expect(show.stdout).toContain("https://example.org/co-2023");
    const exported = await coca(db, "figures", "export", "--country", "CO", "--year", "2023", "--metric", "cultivation_ha", "--format", "csv");
    expect(exported.stdout.trim().split("\n")).toHaveLength(3); // header and one row per citation
  });

  it("deletes with a reason and records what it removed", async () => {
    const run = await coca(db, "figures", "delete", "--country", "BO", "--year", "2021", "--source", "ONDCP", "--reason", "test import", "--json");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).deleted).toEqual([expect.objectContaining({ value: 29900 })]);
    const log = await coca(db, "figures", "deletions", "--json");
    expect(JSON.parse(log.stdout)).toEqual([expect.objectContaining({ reason: "test import", figure: expect.objectContaining({ year: 2021, value: 29900 }) })]);
  });

  it("refuses a bad flag with exit 2", async () => {
    const run = await coca(db, "figures", "list", "--year", "20x");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--year must be a four-digit year, got '20x'/);
  });
});

describe("coca targets and coca start", () => {
  it("targets: ONDCP's 31,000 ha for Bolivia in 2017 is 9,000 ha over the 22,000 ha limit", async () => {
    const run = await coca(db, "targets", "--country", "BO", "--json");
    expect(run.code).toBe(0);
    const { checks } = JSON.parse(run.stdout) as { checks: Record<string, unknown>[] };
    expect(checks).toContainEqual(
      expect.objectContaining({ year: 2017, source: "ONDCP", region: "national", value: 31000, limit: 22000, difference: 9000, status: "over" }),
    );
  });

  it("targets: Peru's 50% eradication target by 2021 (World Politics Review) is tracked against the DEVIDA and ONDCP series", async () => {
    const run = await coca(db, "targets", "--country", "PE", "--json");
    expect(run.code).toBe(0);
    const { instruments, shareTargets } = JSON.parse(run.stdout) as {
      instruments: { id: string; kind: string; citation: string }[];
      shareTargets: { instrumentId: string; rows: { year: number; cultivationSource: string; status: string }[] }[];
    };
    const inst = instruments.find((i) => i.id === "PER-devida-eradicate-half-by-2021")!;
    expect(inst.kind).toBe("eradication_share_target");
    expect(inst.citation).toMatch(/World Politics Review, 9 November 2018/);
    const rows = shareTargets.find((s) => s.instrumentId === inst.id)!.rows.filter((r) => r.year >= 2018 && r.year <= 2021);
    expect(new Set(rows.map((r) => r.cultivationSource))).toEqual(new Set(["DEVIDA", "ONDCP"]));
    expect(rows.length).toBe(8);
    const text = await coca(db, "targets", "--country", "PE");
    expect(text.stdout).toMatch(/DEVIDA: eradicate 50% of Peru's coca crop by 2021/);
    expect(text.stdout).toMatch(/2018\s+54,134 DEVIDA/);
  });

  it("start prints the US-vs-UN comparison for Peru and Bolivia and Bolivia's legal-limit check", async () => {
    const run = await coca(join(dir, "fresh.db"), "start", "--no-demo", "--no-serve");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/cultivation_ha \(ha\), Peru \(PER\), national/);
    expect(run.stdout).toMatch(/cultivation_ha \(ha\), Bolivia \(BOL\), national/);
    expect(run.stdout).toMatch(/Law 906 of 2017.*2017\s+ONDCP\s+31,000 ha\s+22,000 ha\s+\+9,000 ha/);
  });
});
