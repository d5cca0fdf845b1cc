/**
 * The store under two writers at once and read-only: two simultaneous `figures import` processes both succeed
 * (write transactions begin IMMEDIATE and wait their turn), and a store file of mode 0444 serves every read
 * command while a write says the store is read-only (exit 3).
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { figuresToCsv } from "../../src/figures/figure-file.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import { runCocaProcess, type Run } from "../support/cli.ts";
import { fig } from "../support/figures.ts";
import { sha256 } from "../../src/io/checksum.ts";

const dir = mkdtempSync(join(tmpdir(), "coca-store-concurrency-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const coca = (db: string, ...args: string[]): Promise<Run> => runCocaProcess("--db", db, ...args);

/** A CSV of `n` distinct figures for department `dept`. */
function figureFile(name: string, dept: string, n: number): string {
  const figures = Array.from({ length: n }, (_, i) => fig({ region: `${dept}-${i}`, regionKind: "department", year: 2000 + (i % 18), value: i + 1 }));
  const path = join(dir, name);
  writeFileSync(path, figuresToCsv(figures));
  return path;
}

describe("two concurrent figure imports", () => {
  it("both succeed and both files are stored (3 rounds of two simultaneous processes)", async () => {
    const db = join(dir, "concurrent.db");
    expect((await coca(db, "figures", "list", "--country", "BO", "--json")).code).toBe(0); // create and seed the store
    for (let round = 0; round < 3; round++) {
      const a = figureFile(`a${round}.csv`, `a${round}`, 1500);
      const b = figureFile(`b${round}.csv`, `b${round}`, 1500);
      const [ra, rb] = await Promise.all([coca(db, "figures", "import", a, "--json"), coca(db, "figures", "import", b, "--json")]);
      expect(ra.stderr, `round ${round}, first`).toBe("");
      expect(rb.stderr, `round ${round}, second`).toBe("");
      expect([ra.code, rb.code]).toEqual([0, 0]);
      expect(JSON.parse(ra.stdout)).toMatchObject({ rows: 1500, inserted: 1500 });
      expect(JSON.parse(rb.stdout)).toMatchObject({ rows: 1500, inserted: 1500 });
    }
    const store = await openSqliteStore(db, { readOnly: true });
    const all = await store.figures.list({ country: "BOL" });
    await store.close();
    for (const prefix of ["a0", "b0", "a1", "b1", "a2", "b2"]) expect(all.filter((f) => f.region.startsWith(`${prefix}-`)).length, prefix).toBe(1500);
  });
});

describe("a read-only store (file mode 0444)", () => {
  it("serves figures list, survey list and audit verify; an import says read-only (exit 3) and changes nothing", async () => {
    const db = join(dir, "ro.db");
    const good = figureFile("one.csv", "ro", 3);
    expect((await coca(db, "figures", "import", good, "--json")).code).toBe(0);
    chmodSync(db, 0o444);
    const before = sha256(readFileSync(db));
    const list = await coca(db, "figures", "list", "--country", "BO", "--json");
    expect(list.stderr).toBe("");
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { region: string }[]).filter((f) => f.region.startsWith("ro-"))).toHaveLength(3);
    const surveys = await coca(db, "survey", "list", "--json");
    expect(surveys.stderr).toBe("");
    expect(surveys.code).toBe(0);
    expect(JSON.parse(surveys.stdout)).toEqual([]);
    const audit = await coca(db, "audit", "verify", "--json");
    expect(audit.code).toBe(0);
    expect(JSON.parse(audit.stdout)).toMatchObject({ ok: true, entries: 0 });
    const write = await coca(db, "figures", "import", figureFile("two.csv", "ro2", 2));
    expect(write.code).toBe(3);
    expect(write.stderr).toMatch(new RegExp(`store ${db.replace(/[.]/g, "\\.")} is read-only`));
    expect(sha256(readFileSync(db))).toBe(before);
  });
});
