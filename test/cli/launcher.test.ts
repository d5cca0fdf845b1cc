/**
 * The `coca` launcher (bin/coca.js): compiled dist/ when it is up to date with src/, the TypeScript sources
 * through tsx otherwise (the rule in bin/dist.js), and the same answers either way.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { distStaleReason } from "../../bin/dist.js";
import { projectRoot } from "../support/cli.ts";

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A project root with src/a.ts, src/web/w.ts and src/a.test.ts, and a stamp whose build started at `startedMs`. */
function fakeRoot(startedMs: number, sources = 1): string {
  const root = mkdtempSync(join(tmpdir(), "coca-launcher-"));
  roots.push(root);
  mkdirSync(join(root, "src", "web"), { recursive: true });
  mkdirSync(join(root, "dist"));
  for (const f of ["src/a.ts", "src/web/w.ts", "src/a.test.ts"]) {
    writeFileSync(join(root, f), "export {};\n");
    utimesSync(join(root, f), new Date(startedMs - 60_000), new Date(startedMs - 60_000));
  }
  writeFileSync(join(root, "dist", ".build-stamp.json"), JSON.stringify({ startedMs, sources }));
  return root;
}

describe("bin/dist.js: may dist run?", () => {
  const now = Date.now();

  it("runs dist when no compiled source is newer than the build and none was added or removed", () => {
    const root = fakeRoot(now);
    expect(distStaleReason(root)).toBeNull();
    // the dashboard (built by vite) and tests are not compiled to dist: touching them keeps dist fresh
    utimesSync(join(root, "src/web/w.ts"), new Date(now + 5000), new Date(now + 5000));
    utimesSync(join(root, "src/a.test.ts"), new Date(now + 5000), new Date(now + 5000));
    expect(distStaleReason(root)).toBeNull();
  });

  it("falls back to tsx when a source was edited after the build started", () => {
    const root = fakeRoot(now);
    utimesSync(join(root, "src/a.ts"), new Date(now + 5000), new Date(now + 5000));
    expect(distStaleReason(root)).toMatch(/newer than dist/);
  });

  it("falls back to tsx when a source was added or removed, or the build is missing", () => {
    const added = fakeRoot(now);
    writeFileSync(join(added, "src", "b.ts"), "export {};\n");
    utimesSync(join(added, "src/b.ts"), new Date(now - 60_000), new Date(now - 60_000));
    expect(distStaleReason(added)).toMatch(/added or removed/);
    expect(distStaleReason(fakeRoot(now, 2))).toMatch(/added or removed/);
    const missing = fakeRoot(now);
    rmSync(join(missing, "dist"), { recursive: true });
    expect(distStaleReason(missing)).toMatch(/not built/);
  });
});

function coca(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(projectRoot, "bin", "coca.js"), ...args],
      { cwd: projectRoot, env: { ...process.env, COCA_DB: "", ...env } },
      (error, stdout) => done({ code: error ? 1 : 0, stdout }),
    );
  });
}

// After `npm ci` (prepare builds dist) the project's own dist is fresh; in a checkout with edited sources it is not,
// and then these comparisons would only compare tsx with tsx.
const distFresh = distStaleReason() === null;
if (!distFresh && process.env.CI !== "true") console.warn(`skipping the dist-vs-tsx comparison: ${distStaleReason()}`);

describe.skipIf(!distFresh && process.env.CI !== "true")("compiled dist and the TypeScript sources answer alike", () => {
  it("coca --help and coca figures list --json", { timeout: 120_000 }, async () => {
    const db = join(mkdtempSync(join(tmpdir(), "coca-launcher-db-")), "c.db");
    roots.push(join(db, ".."));
    const [helpDist, helpTsx] = await Promise.all([coca(["--help"]), coca(["--help"], { COCA_NO_DIST: "1" })]);
    expect(helpDist.code).toBe(0);
    expect(helpDist.stdout).toBe(helpTsx.stdout);
    const listDist = await coca(["--db", db, "figures", "list", "--country", "BOL", "--json"]);
    const listTsx = await coca(["--db", db, "figures", "list", "--country", "BOL", "--json"], { COCA_NO_DIST: "1" });
    expect(listDist.code).toBe(0);
    expect(JSON.parse(listDist.stdout)).toEqual(JSON.parse(listTsx.stdout));
  });
});
