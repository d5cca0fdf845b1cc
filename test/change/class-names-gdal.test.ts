/** Class maps written by GDAL (CLASS_NAMES set with gdal_translate -mo) keep their names in coca change map. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCocaInProcess } from "../support/cli.ts";

function hasGdal(): boolean {
  try {
    execFileSync("gdal_translate", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const gdal = hasGdal();
if (!gdal) console.log("skipping the GDAL class-name test: gdal_translate (gdal-bin) is not installed");

describe.skipIf(!gdal)("class maps written by GDAL", () => {
  const dir = mkdtempSync(join(tmpdir(), "coca-change-gdal-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const make = (name: string, rows: number[][], names: string[]): string => {
    writeFileSync(
      join(dir, `${name}.asc`),
      `ncols ${rows[0]!.length}\nnrows ${rows.length}\nxllcorner 500000\nyllcorner 8800000\ncellsize 10\n${rows.map((r) => r.join(" ")).join("\n")}\n`,
    );
    execFileSync("gdal_translate", [
      "-q",
      "-of",
      "GTiff",
      "-ot",
      "Byte",
      "-a_srs",
      "EPSG:32718",
      "-a_nodata",
      "0",
      "-mo",
      `CLASS_NAMES=${JSON.stringify(names)}`,
      join(dir, `${name}.asc`),
      join(dir, `${name}.tif`),
    ]);
    return join(dir, `${name}.tif`);
  };

  it("matches the legends by the names GDAL stored (XML-escaped in GDAL_METADATA)", async () => {
    const a = make(
      "a",
      [
        [1, 1, 2],
        [2, 2, 0],
      ],
      ["coca", "other"],
    );
    const b = make(
      "b",
      [
        [2, 1, 1],
        [1, 2, 2],
      ],
      ["other", "coca"],
    );
    const run = await runCocaInProcess("change", "map", "--from", a, "--to", b, "--out", join(dir, "t.tif"), "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { classes: string[]; transitions: { name: string; cells: number }[] };
    expect(out.classes).toEqual(["coca", "other"]);
    // a: coca coca other / other other -; b (other=1, coca=2): coca other other / other coca coca.
    expect(Object.fromEntries(out.transitions.map((t) => [t.name, t.cells]))).toEqual({
      "coca -> coca": 1,
      "coca -> other": 1,
      "other -> coca": 1,
      "other -> other": 2,
    });
  });
});
