/**
 * Outputs on a full disk (a small tmpfs; the test needs root and mount, and skips otherwise) and after a killed run:
 * `survey export` onto a disk that fills part-way says which file could not be written (exit 3) and leaves no
 * partial output; temporary files of a killed run are swept by the next run writing there.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepStaleTemps, writeFileAtomic, writeFolderAtomic } from "../../src/io/atomic-write.ts";
import { DataError } from "../../src/domain/errors.ts";
import { runCocaProcess } from "../support/cli.ts";

const mnt = mkdtempSync(join(tmpdir(), "coca-full-out-"));
const scratch = mkdtempSync(join(tmpdir(), "coca-full-out-src-"));
let mounted = false;
try {
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=3m", "tmpfs", mnt], { stdio: "pipe" });
  mounted = true;
} catch {
  console.log("skipping the full-disk output tests: cannot mount a tmpfs (needs root)");
}
afterAll(() => {
  if (mounted) execFileSync("umount", [mnt]);
  rmSync(mnt, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

function fill(name: string, leaveBytes: number): void {
  const free = Number(execFileSync("df", ["--output=avail", "-B1", mnt]).toString().trim().split("\n").pop());
  const count = Math.max(0, Math.floor((free - leaveBytes) / 4096));
  try {
    execFileSync("dd", ["if=/dev/zero", `of=${join(mnt, name)}`, "bs=4096", `count=${count}`], { stdio: "pipe" });
  } catch {
    // dd may stop with ENOSPC: the disk is full
  }
}

describe.skipIf(!mounted)("outputs on a full disk", () => {
  let db: string;
  beforeAll(async () => {
    db = join(scratch, "coca.db");
    const demo = await runCocaProcess("--db", db, "survey", "demo", "--size", "256", "--n", "200", "--workers", "0", "--out", join(scratch, "demo"), "--json");
    expect(demo.code).toBe(0);
  }, 300_000);

  it("survey export onto a disk too small for it: exit 3 naming the file and the full disk, nothing left in the folder", async () => {
    // Leave about 60 KB free: some of the export fits, not all of it.
    fill("filler", 60 * 1024);
    const out = join(mnt, "export");
    const r = await runCocaProcess("--db", db, "survey", "export", "1", "--out", out);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/not written: the disk is full \(ENOSPC\).*nothing was written to .*export/s);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    expect(readdirSync(mnt).filter((n) => n.endsWith(".tmp"))).toEqual([]);
    rmSync(join(mnt, "filler"), { force: true });
    const again = await runCocaProcess("--db", db, "survey", "export", "1", "--out", out, "--json");
    expect(again.code).toBe(0);
    expect(readdirSync(out)).toContain("classes.tif.aux.xml");
    rmSync(out, { recursive: true, force: true });
  }, 120_000);

  it("a single file on a full disk is one DataError naming it, and the old file stays", () => {
    const target = join(mnt, "kept.txt");
    writeFileAtomic(target, "old");
    fill("filler2", 0);
    let error: unknown;
    try {
      writeFileAtomic(target, Buffer.alloc(1024 * 1024, 1));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toMatch(/kept\.txt: not written: the disk is full \(ENOSPC\)/);
    expect(readFileSync(target, "utf8")).toBe("old");
    rmSync(join(mnt, "filler2"), { force: true });
  });
});

describe("temporary files of a killed run", () => {
  it("are swept by the next write into that folder; a live process's are kept", () => {
    const dir = mkdtempSync(join(tmpdir(), "coca-sweep-"));
    try {
      // A process that has exited: its pid no longer runs.
      const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
      const deadPid = Number(dead.stdout);
      writeFileSync(join(dir, `.classes.tif.${deadPid}.0a1b2c3d.tmp`), "half a file");
      mkdirSync(join(dir, `.export.${deadPid}.0a1b2c3e.tmp`));
      writeFileSync(join(dir, `.mine.txt.${process.pid}.0a1b2c3f.tmp`), "in progress");
      writeFileSync(join(dir, "notes.tmp"), "not ours");
      const removed = sweepStaleTemps(dir);
      expect(removed.map((p) => p.split("/").pop()).sort()).toEqual([`.classes.tif.${deadPid}.0a1b2c3d.tmp`, `.export.${deadPid}.0a1b2c3e.tmp`]);
      expect(readdirSync(dir).sort()).toEqual([`.mine.txt.${process.pid}.0a1b2c3f.tmp`, "notes.tmp"].sort());
      // writeFolderAtomic writes all files or none, and leaves no staging folder.
      const written = writeFolderAtomic(join(dir, "set"), [
        { name: "a.txt", data: "a" },
        { name: "b.txt", data: "b" },
      ]);
      expect(written.map((p) => p.split("/").pop())).toEqual(["a.txt", "b.txt"]);
      expect(readdirSync(dir).filter((n) => n.startsWith(".set."))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
