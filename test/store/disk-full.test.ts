/**
 * A store on a full disk (a 2 MB tmpfs, so the test needs root and mount; skipped otherwise): a figures import says
 * the disk is full (exit 3) and stores nothing; reads still work.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { figuresToCsv } from "../../src/figures/figure-file.ts";
import { runCocaProcess } from "../support/cli.ts";
import { fig } from "../support/figures.ts";

const mnt = mkdtempSync(join(tmpdir(), "coca-full-"));
const scratch = mkdtempSync(join(tmpdir(), "coca-full-src-"));
let mounted = false;
try {
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", mnt], { stdio: "pipe" });
  mounted = true;
} catch {
  console.log("skipping the disk-full test: cannot mount a tmpfs (needs root)");
}
afterAll(() => {
  if (mounted) execFileSync("umount", [mnt]);
  rmSync(mnt, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

describe.skipIf(!mounted)("a store on a full disk", () => {
  it("an import exits 3 naming the store and the full disk, and nothing of it is stored", async () => {
    const db = join(mnt, "coca.db");
    expect((await runCocaProcess("--db", db, "figures", "list", "--country", "BO", "--json")).code).toBe(0);
    // Fill what is left of the 2 MB.
    try {
      execFileSync("dd", ["if=/dev/zero", `of=${join(mnt, "filler")}`, "bs=4096"], { stdio: "pipe" });
    } catch {
      // dd stops with ENOSPC: the disk is full
    }
    const figures = Array.from({ length: 3000 }, (_, i) =>
      fig({ region: `full-${i}`, regionKind: "department", year: 2000 + (i % 18), citation: `c${"x".repeat(200)}` }),
    );
    const file = join(scratch, "many.csv");
    writeFileSync(file, figuresToCsv(figures));
    const run = await runCocaProcess("--db", db, "figures", "import", file);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`store ${db}: the disk is full`);
    expect(run.stderr).toContain("nothing was written");
    rmSync(join(mnt, "filler"));
    const list = await runCocaProcess("--db", db, "figures", "list", "--country", "BO", "--json");
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { region: string }[]).filter((f) => f.region.startsWith("full-"))).toEqual([]);
  });
});
