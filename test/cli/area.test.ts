/**
 * CLI integration: runs the `coca area ...` commands (in process through cli/main.ts, and once
 * through bin/coca.js) on
 * class-map and strata rasters built here with gdal_translate from ASCII grids.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import proj4 from "proj4";
import { runCocaInProcess, type Run } from "../support/cli.ts";
import { hasShared, sharedPath } from "../support/shared.ts";
import { openRaster } from "../../src/imagery/read/index.ts";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = join(projectRoot, "bin", "coca.js");

function hasGdal(): boolean {
  try {
    execFileSync("gdal_translate", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const gdal = hasGdal();
if (!gdal) console.log("skipping coca area CLI tests: gdal_translate (gdal-bin) is not installed");

const coca = (...args: string[]): Promise<Run> => runCocaInProcess("--db", join(dir, "coca.db"), ...args);

/** The installed entry point, once: exit codes reach the shell. */
function cocaBin(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [bin, "--db", join(dir, "coca.db"), ...args], { cwd: projectRoot, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

// A 120 × 80 map at 30 m in UTM 18S: code 1 = coca (two blocks), 2 = other, 0 = nodata (top row).
// Strata: 1 = mapped coca, 2 = other in the east (buffer), 3 = other in the west.
const W = 120;
const H = 80;
const PIXEL_HA = 0.09;
const map = new Uint8Array(W * H);
const strata = new Uint16Array(W * H);
const truth = new Uint8Array(W * H);
for (let r = 0; r < H; r++) {
  for (let c = 0; c < W; c++) {
    const i = r * W + c;
    const coca = (r >= 10 && r < 30 && c >= 20 && c < 50) || (r >= 50 && r < 60 && c >= 80 && c < 110);
    map[i] = r === 0 ? 0 : coca ? 1 : 2;
    strata[i] = r === 0 ? 0 : coca ? 1 : c >= 60 ? 2 : 3;
    // Truth: the map misses a 4-px strip of coca east of each block and calls 1 row of each block coca wrongly.
    const missed = (r >= 10 && r < 30 && c >= 50 && c < 54) || (r >= 50 && r < 60 && c >= 110 && c < 114);
    truth[i] = (coca && r !== 10 && r !== 50) || missed ? 1 : 2;
  }
}

let dir: string;
const path = (name: string): string => join(dir, name);

function writeRaster(name: string, data: ArrayLike<number>, type: "Byte" | "UInt16", names?: string[], originX = 500000): void {
  const rows: string[] = [];
  for (let r = 0; r < H; r++) rows.push(Array.from({ length: W }, (_, c) => data[r * W + c]).join(" "));
  writeFileSync(path(`${name}.asc`), `ncols ${W}\nnrows ${H}\nxllcorner ${originX}\nyllcorner 8800000\ncellsize 30\n${rows.join("\n")}\n`);
  const args = ["-q", "-of", "GTiff", "-ot", type, "-a_srs", "EPSG:32718", "-a_nodata", "0"];
  if (names) args.push("-mo", `CLASS_NAMES=${JSON.stringify(names)}`);
  execFileSync("gdal_translate", [...args, path(`${name}.asc`), path(`${name}.tif`)]);
}

/** Fill reference_class from the truth raster (the interpreters' job). */
function interpret(csvPath: string, outPath: string): void {
  const [header, ...lines] = readFileSync(csvPath, "utf8").trim().split("\n");
  const cols = header!.split(",");
  const ri = cols.indexOf("row");
  const ci = cols.indexOf("col");
  const out = lines.map((l) => {
    const f = l.split(",");
    f[f.length - 1] = truth[Number(f[ri]) * W + Number(f[ci])] === 1 ? "coca" : "other";
    return f.join(",");
  });
  writeFileSync(outPath, `${header}\n${out.join("\n")}\n`);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "coca-cli-area-"));
  if (!gdal) return;
  writeRaster("map", map, "Byte", ["coca", "other"]);
  writeRaster("strata", strata, "UInt16");
  writeRaster("shifted", strata, "UInt16", undefined, 500030);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!gdal)("coca area design", () => {
  it("draws a seeded stratified sample with min:N allocation, as GeoJSON (WGS 84), CSV and strata CSV", async () => {
    const run = await coca(
      "area",
      "design",
      "--map",
      path("map.tif"),
      "--n",
      "100",
      "--allocation",
      "min:30",
      "--seed",
      "7",
      "--out",
      path("s.geojson"),
      "--json",
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.design).toBe("stratified");
    expect(out.seed).toBe(7);
    expect(out.legend).toEqual(["coca", "other"]);
    expect(out.strata).toEqual([
      { stratum: "1", sizePx: 900, sizeHa: expect.closeTo(900 * PIXEL_HA, 9), sampleSize: 30, inclusionProbability: 30 / 900 },
      { stratum: "2", sizePx: 8580, sizeHa: expect.closeTo(8580 * PIXEL_HA, 9), sampleSize: 70, inclusionProbability: 70 / 8580 },
    ]);
    expect(out.inputs.map.sha256).toMatch(/^[0-9a-f]{64}$/);

    const geo = JSON.parse(readFileSync(path("s.geojson"), "utf8"));
    expect(geo.type).toBe("FeatureCollection");
    expect(geo.features).toHaveLength(100);
    for (const f of geo.features) {
      const { row, col, map_class, stratum, x, y } = f.properties;
      expect(map[row * W + col]).toBe(map_class === "coca" ? 1 : 2);
      expect(stratum).toBe(String(map[row * W + col]));
      expect(x).toBe(500000 + (col + 0.5) * 30);
      expect(y).toBe(8800000 + H * 30 - (row + 0.5) * 30);
      const [lon, lat] = f.geometry.coordinates;
      // UTM 18S near the central meridian -75°, about 10.8° S.
      expect(lon).toBeGreaterThan(-75.01);
      expect(lon).toBeLessThan(-74.9);
      expect(lat).toBeGreaterThan(-10.86);
      expect(lat).toBeLessThan(-10.8);
      expect(f.properties.reference_class).toBeNull();
    }
    const csv = readFileSync(path("s.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe("unit_id,stratum,map_class,map_code,row,col,x,y,lon,lat,inclusion_probability,reference_class");
    expect(csv).toHaveLength(101);
    expect(readFileSync(path("s.strata.csv"), "utf8")).toBe(
      `stratum,size_px,size_ha,sample_size,inclusion_probability\n1,900,81,30,${30 / 900}\n2,8580,772.2,70,${70 / 8580}\n`,
    );

    const again = await coca("area", "design", "--map", path("map.tif"), "--n", "100", "--allocation", "min:30", "--seed", "7", "--out", path("s2.geojson"));
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/stratified design, 100 units, seed 7/);
    expect(readFileSync(path("s2.geojson"), "utf8")).toBe(readFileSync(path("s.geojson"), "utf8"));
    const other = await coca("area", "design", "--map", path("map.tif"), "--n", "100", "--allocation", "min:30", "--seed", "8", "--out", path("s3.geojson"));
    expect(readFileSync(path("s3.geojson"), "utf8")).not.toBe(readFileSync(path("s.geojson"), "utf8"));
    expect(other.code).toBe(0);
  });

  it("derives n from a target SE of coca area on a separate strata raster (Cochran, Neyman)", async () => {
    const run = await coca(
      "area",
      "design",
      "--map",
      path("map.tif"),
      "--strata",
      path("strata.tif"),
      "--target-se",
      "5",
      "--anticipated",
      "1=0.8,2=0.05,3=0.01",
      "--allocation",
      "neyman",
      "--seed",
      "3",
      "--out",
      path("t.geojson"),
      "--json",
    );
    expect(run.stderr).toBe("");
    const out = JSON.parse(run.stdout);
    expect(out.strata.map((s: { stratum: string }) => s.stratum)).toEqual(["1", "2", "3"]);
    expect(out.sampleSizeRule).toMatch(/Cochran 1977 eq\. 5\.26.*-> (\d+)$/);
    const n = Number(/-> (\d+)$/.exec(out.sampleSizeRule)![1]);
    expect(out.sampleSize).toBe(n);
    expect(out.expectedSe * (9480 * PIXEL_HA)).toBeLessThanOrEqual(5.001);
  });

  it("allocates a fixed --n by Neyman with --anticipated, and checks the expected coca count per stratum", async () => {
    const run = await coca(
      "area",
      "design",
      "--map",
      path("map.tif"),
      "--strata",
      path("strata.tif"),
      "--n",
      "120",
      "--anticipated",
      "1=0.8,2=0.05,3=0.01",
      "--allocation",
      "neyman",
      "--seed",
      "3",
      "--out",
      path("ny.geojson"),
      "--json",
    );
    expect(run.stderr).toBe("");
    const out = JSON.parse(run.stdout);
    expect(out.sampleSize).toBe(120);
    expect(out.allocation).toBe("neyman");
    const sizes = out.strata.map((s: { sizePx: number }) => s.sizePx);
    const ns = out.strata.map((s: { sampleSize: number }) => s.sampleSize);
    const sd = [0.8, 0.05, 0.01].map((p) => Math.sqrt(p * (1 - p)));
    // n_h ∝ N_h S_h, to within rounding (and the minimum of 2).
    const w = sizes.map((n: number, h: number) => n * sd[h]!);
    const sw = w.reduce((a: number, b: number) => a + b, 0);
    ns.forEach((k: number, h: number) => expect(Math.abs(k - (120 * w[h]) / sw)).toBeLessThanOrEqual(2));
    expect(out.expectedSe).toBeGreaterThan(0);
    expect(out.countCheck).toBeDefined();
    const refused = await coca("area", "design", "--map", path("map.tif"), "--n", "120", "--allocation", "neyman", "--out", path("ny2.geojson"));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--anticipated/);
  });

  it("adds a buffer stratum around mapped coca", async () => {
    const run = await coca(
      "area",
      "design",
      "--map",
      path("map.tif"),
      "--buffer-px",
      "3",
      "--n",
      "90",
      "--allocation",
      "equal",
      "--seed",
      "2",
      "--out",
      path("b.geojson"),
      "--json",
    );
    expect(run.stderr).toBe("");
    const out = JSON.parse(run.stdout);
    // Blocks 20 × 30 and 10 × 30 grow by 3 px on each side (the first block's top edge reaches row 7).
    const ring = 26 * 36 - 20 * 30 + (16 * 36 - 10 * 30);
    expect(out.strata).toEqual([
      expect.objectContaining({ stratum: "1", sizePx: 900, sampleSize: 30 }),
      expect.objectContaining({ stratum: "2", sizePx: 9480 - 900 - ring, sampleSize: 30 }),
      expect.objectContaining({ stratum: "3", sizePx: ring, sampleSize: 30 }),
    ]);
    expect(out.strataRaster).toMatch(/within 3 px of coca as stratum 3/);
    const geo = JSON.parse(readFileSync(path("b.geojson"), "utf8"));
    expect(
      geo.features
        .filter((f: { properties: { stratum: string; map_class: string } }) => f.properties.stratum === "3")
        .every((f: { properties: { map_class: string } }) => f.properties.map_class === "other"),
    ).toBe(true);
  });

  it("allocates from given stratum sizes without a raster (Olofsson 2014 sample-size example)", async () => {
    writeFileSync(path("sizes.csv"), "stratum,size_px\ndeforestation,200000\nforest gain,150000\nstable forest,3200000\nstable non-forest,6450000\n");
    const run = await coca(
      "area",
      "design",
      "--sizes",
      path("sizes.csv"),
      "--pixel-area-ha",
      "0.09",
      "--target",
      "oa",
      "--target-se",
      "0.01",
      "--anticipated",
      "deforestation=0.7,forest gain=0.6,stable forest=0.9,stable non-forest=0.95",
      "--allocation",
      "min:75",
      "--json",
    );
    expect(run.stderr).toBe("");
    const out = JSON.parse(run.stdout);
    expect(out.sampleSize).toBe(641);
    expect(out.sampleSizeRule).toMatch(/n = 640\.54 -> 641/);
    expect(out.strata.map((s: { sampleSize: number }) => s.sampleSize)).toEqual([75, 75, 163, 328]);
    const bad = await coca("area", "design", "--sizes", path("sizes.csv"), "--map", path("map.tif"), "--n", "5");
    expect(bad.stderr).toMatch(/give --map \(draw sample points\) or --sizes \(allocate only\)/);
  });

  it("draws simple random and systematic samples", async () => {
    const srs = await coca(
      "area",
      "design",
      "--map",
      path("map.tif"),
      "--design",
      "simple-random",
      "--n",
      "60",
      "--seed",
      "1",
      "--out",
      path("srs.geojson"),
      "--json",
    );
    expect(JSON.parse(srs.stdout).sampleSize).toBe(60);
    const sys = await coca(
      "area",
      "design",
      "--map",
      path("map.tif"),
      "--design",
      "systematic",
      "--step-px",
      "10",
      "--seed",
      "1",
      "--out",
      path("sys.geojson"),
      "--json",
    );
    const out = JSON.parse(sys.stdout);
    expect(out.grid.stepPx).toBe(10);
    expect(out.warnings.join(" ")).toMatch(/estimate it as a simple random sample/);
  });

  it("rejects bad input with a message and an exit code", async () => {
    const grid = await coca("area", "design", "--map", path("map.tif"), "--strata", path("shifted.tif"), "--n", "50", "--out", path("x.geojson"));
    expect(grid.code).toBe(3);
    expect(grid.stderr).toMatch(/shifted\.tif: the strata raster is not on the class map's grid/);
    const both = await coca("area", "design", "--map", path("map.tif"), "--n", "50", "--target-se", "3", "--out", path("x.geojson"));
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/exactly one of --n and --target-se/);
    const alloc = await coca("area", "design", "--map", path("map.tif"), "--n", "50", "--allocation", "optimal", "--out", path("x.geojson"));
    expect(alloc.stderr).toMatch(/unknown allocation "optimal"/);
    const missing = await coca("area", "design", "--map", path("nope.tif"), "--n", "50", "--out", path("x.geojson"));
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/nope\.tif/);
    const noAnticipated = await coca("area", "design", "--map", path("map.tif"), "--target-se", "5", "--out", path("x.geojson"));
    expect(noAnticipated.stderr).toMatch(/--target-se and --allocation neyman need --anticipated/);
  });
});

describe.skipIf(!gdal)("coca area estimate", () => {
  beforeAll(async () => {
    await coca(
      "area",
      "design",
      "--map",
      path("map.tif"),
      "--strata",
      path("strata.tif"),
      "--n",
      "150",
      "--allocation",
      "min:40",
      "--seed",
      "11",
      "--out",
      path("d.geojson"),
    );
    interpret(path("d.csv"), path("labelled.csv"));
  });

  it("estimates from labelled units checked against the design, with the JSON keys of the API", async () => {
    const run = await coca("area", "estimate", "--units", path("labelled.csv"), "--strata", path("d.strata.csv"), "--design", path("d.geojson"), "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const e = JSON.parse(run.stdout);
    for (const key of [
      "classes",
      "areaHa",
      "areaSeHa",
      "areaCiHa",
      "usersAccuracy",
      "usersAccuracySe",
      "producersAccuracy",
      "producersAccuracySe",
      "overallAccuracy",
      "overallAccuracySe",
      "errorMatrixProportions",
      "z",
      "warnings",
    ]) {
      expect(e, key).toHaveProperty(key);
    }
    expect(e.classes).toEqual(["coca", "other"]);
    expect(e.z).toBeCloseTo(1.959963985, 8);
    expect(e.areaCiHa[0]).toHaveLength(2);
    expect(e.areaHa[0] + e.areaHa[1]).toBeCloseTo(9480 * PIXEL_HA, 6);
    expect(e.sampleSize).toBe(150);
    expect(Object.keys(e.inputs)).toEqual(["units", "strata", "design"]);
    // Truth: 1,000 coca px (900 mapped − 60 false + 120 missed + ...): compare with the count.
    let trueCoca = 0;
    for (let i = 0; i < W * H; i++) if (map[i] !== 0 && truth[i] === 1) trueCoca++;
    expect(Math.abs(e.areaHa[0] - trueCoca * PIXEL_HA)).toBeLessThan(4 * e.areaSeHa[0] + 1e-9);

    const table = await coca(
      "area",
      "estimate",
      "--units",
      path("labelled.csv"),
      "--strata",
      path("d.strata.csv"),
      "--design",
      path("d.geojson"),
      "--confidence",
      "0.9",
    );
    expect(table.stdout).toMatch(/estimated ha/);
    expect(table.stdout).toMatch(/z = 1\.644854 \(90%\)/);
  });

  it("gives the same answer from the matrix form when strata = map classes", async () => {
    await coca("area", "design", "--map", path("map.tif"), "--n", "120", "--allocation", "equal", "--seed", "5", "--out", path("m.geojson"));
    interpret(path("m.csv"), path("m-labelled.csv"));
    const units = JSON.parse(
      (
        await coca(
          "area",
          "estimate",
          "--units",
          path("m-labelled.csv"),
          "--strata",
          path("m.strata.csv"),
          "--design",
          path("m.geojson"),
          "--z",
          "1.96",
          "--json",
        )
      ).stdout,
    );
    const matrix = { classes: units.classes, mapped_area_pixels: [900, 8580], pixel_area_ha: PIXEL_HA, sample_counts: units.sampleCounts };
    writeFileSync(path("matrix.json"), JSON.stringify(matrix));
    const m = JSON.parse((await coca("area", "estimate", "--matrix", path("matrix.json"), "--z", "1.96", "--json")).stdout);
    expect(units.mappedAreaHa).toEqual(m.mappedAreaHa.map((a: number) => expect.closeTo(a, 9)));
    for (const key of ["areaHa", "areaSeHa", "usersAccuracySe", "producersAccuracySe"]) {
      (m[key] as number[]).forEach((v, k) => expect(units[key][k], key).toBeCloseTo(v, 9));
    }
    expect(units.overallAccuracySe).toBeCloseTo(m.overallAccuracySe, 12);
  });

  it("reproduces Olofsson et al. (2014) from a matrix file with --z 1.96 --interval normal; the default score interval keeps the estimates and SEs", async () => {
    writeFileSync(
      path("olofsson.json"),
      JSON.stringify({
        classes: ["Deforestation", "Forest gain", "Stable forest", "Stable non-forest"],
        mapped_area_pixels: [200000, 150000, 3200000, 6450000],
        pixel_area_ha: 0.09,
        sample_counts: [
          [66, 0, 5, 4],
          [0, 55, 8, 12],
          [1, 0, 153, 11],
          [2, 1, 9, 313],
        ],
      }),
    );
    const e = JSON.parse((await coca("area", "estimate", "--matrix", path("olofsson.json"), "--z", "1.96", "--interval", "normal", "--json")).stdout);
    expect(e.interval).toBe("normal");
    expect(Math.round(e.areaHa[0])).toBe(21158);
    expect(Math.round(e.areaCiHa[0][1] - e.areaHa[0])).toBe(6158);
    const d = JSON.parse(
      (await coca("area", "estimate", "--matrix", path("olofsson.json"), "--z", "1.96", "--target-class", "Deforestation", "--json")).stdout,
    );
    expect(d.interval).toBe("score");
    expect(d.areaHa).toEqual(e.areaHa);
    expect(d.areaSeHa).toEqual(e.areaSeHa);
    // Deforestation omitted in the large stable strata (1 and 2 units): flagged, and the interval reaches higher.
    expect(d.smallCounts.map((c: { stratum: string }) => c.stratum)).toEqual(["Stable forest", "Stable non-forest"]);
    expect(d.areaCiHa[0][1]).toBeGreaterThan(e.areaCiHa[0][1]);
    expect(d.errorMatrixProportionsSe[0][0]).toBeGreaterThan(0);
    const text = (await coca("area", "estimate", "--matrix", path("olofsson.json"))).stdout;
    expect(text).toContain("stratified score (Wilson-type)");
    expect(text).toContain("error matrix, proportion of area ± SE");
    expect(e.usersAccuracy[0]).toBeCloseTo(0.88, 10);
    expect(e.overallAccuracy).toBeCloseTo(0.9465118881, 9);
    const fpc = JSON.parse((await coca("area", "estimate", "--matrix", path("olofsson.json"), "--fpc", "--json")).stdout);
    expect(fpc.fpc).toBe(true);
    expect(fpc.areaSeHa[0]).toBeLessThan(e.areaSeHa[0]);
  });

  it("rejects each bad input with a message naming the file and the problem", async () => {
    const lines = readFileSync(path("labelled.csv"), "utf8").trim().split("\n");
    const variant = async (name: string, edit: (rows: string[]) => string[], strataFile = path("d.strata.csv")): Promise<Run> => {
      writeFileSync(path(name), `${lines[0]}\n${edit(lines.slice(1)).join("\n")}\n`);
      return coca("area", "estimate", "--units", path(name), "--strata", strataFile, "--design", path("d.geojson"));
    };
    const unknown = await variant("unknown.csv", (rows) => [...rows, rows[0]!.replace(/^u\d+/, "u9999")]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown\.csv: line 152: unknown unit id u9999: it is not in the design/);

    const legend = await variant("legend.csv", (rows) => [rows[0]!.replace(/,(coca|other)$/, ",maize"), ...rows.slice(1)]);
    expect(legend.code).toBe(2);
    expect(legend.stderr).toMatch(/legend\.csv: line 2: reference class "maize" of unit u0001 is not in the legend \(coca, other\)/);

    writeFileSync(
      path("two-strata.csv"),
      readFileSync(path("d.strata.csv"), "utf8")
        .trim()
        .split("\n")
        .filter((l) => !l.startsWith("3,"))
        .join("\n") + "\n",
    );
    const noStratum = await variant("copy.csv", (rows) => rows, path("two-strata.csv"));
    expect(noStratum.code).toBe(2);
    expect(noStratum.stderr).toMatch(/copy\.csv: line \d+: unit u\d+ is in no stratum of .*two-strata\.csv: "3" is not one of 1, 2/);

    writeFileSync(path("wrong-size.csv"), readFileSync(path("d.strata.csv"), "utf8").replace(/^1,900,81,/m, "1,950,85.5,"));
    const size = await variant("copy2.csv", (rows) => rows, path("wrong-size.csv"));
    expect(size.code).toBe(2);
    expect(size.stderr).toMatch(/wrong-size\.csv: stratum 1 has 950 px but the frame the sample was drawn from has 900 px/);

    const unlabelled = await coca("area", "estimate", "--units", path("d.csv"), "--strata", path("d.strata.csv"), "--design", path("d.geojson"));
    expect(unlabelled.stderr).toMatch(/unit u0001 has no reference_class \(not interpreted yet\?\)/);

    writeFileSync(path("bad-matrix.json"), JSON.stringify({ classes: ["a", "b"], mapped_area_ha: [1, 2], sample_counts: [[1, 2]] }));
    const badMatrix = await coca("area", "estimate", "--matrix", path("bad-matrix.json"));
    expect(badMatrix.code).toBe(2);
    expect(badMatrix.stderr).toMatch(/bad-matrix\.json: sample_counts must be 2 × 2/);

    const noFile = await cocaBin("area", "estimate", "--matrix", path("none.json"));
    expect(noFile.code).toBe(4);
    expect(noFile.stderr).toMatch(/none\.json: no such file/);

    const srs = await coca(
      "area",
      "estimate",
      "--units",
      path("labelled.csv"),
      "--strata",
      path("d.strata.csv"),
      "--design",
      path("d.geojson"),
      "--estimator",
      "simple-random",
    );
    expect(srs.code).toBe(2);
    expect(srs.stderr).toMatch(/is a stratified design: the simple-random estimator would ignore/);
  });
});

describe("coca area segments", () => {
  it("estimates a total from sampled segments with expansion and ratio estimators", async () => {
    dir ??= mkdtempSync(join(tmpdir(), "coca-cli-area-"));
    writeFileSync(path("segments.csv"), "segment_id,stratum,coca_ha,auxiliary\ns1,high,12,100\ns2,high,0,80\ns3,low,3,90\ns4,low,20,120\ns5,low,5,110\n");
    writeFileSync(path("frame.csv"), "stratum,segments,auxiliary_total\nhigh,20,2000\nlow,30,3100\n");
    const exp = JSON.parse((await coca("area", "segments", "--segments", path("segments.csv"), "--frame", path("frame.csv"), "--json")).stdout);
    expect(exp.totalHa).toBeCloseTo(20 * 6 + 30 * (28 / 3), 9);
    expect(exp.estimator).toBe("expansion");
    const ratio = await coca("area", "segments", "--segments", path("segments.csv"), "--frame", path("frame.csv"), "--estimator", "ratio");
    expect(ratio.code).toBe(0);
    expect(ratio.stdout).toMatch(/ratio estimator from 5 sampled segments/);
    writeFileSync(path("one-stratum.csv"), "segment_id,coca_ha\ns1,12\ns2,0\ns3,3\ns4,20\ns5,5\n");
    const bad = await coca("area", "segments", "--segments", path("one-stratum.csv"), "--total-segments", "3");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/5 sampled segments but only 3 in the frame/);
  });
});

// Real data: the sits Sentinel-2 class map of Rondônia (20 m, UTM 20S), with INPE PRODES (EPSG:4674, ~30 m)
// as the reference: forest (PRODES 1) vs everything else (deforestation years and clouds).
const rondonia = sharedPath("data/sits-rondonia");
const s2Map = join(rondonia, "SENTINEL2_MSI_20LNR_2020-06-04_2021-08-26_class_v1.tif");
const prodesMap = join(rondonia, "PRODES_LANDSAT_AMZ_2000-08-01_2020-07-31_class_v20220606.tif");
const realData = hasShared("the real-data area test", s2Map, prodesMap);

describe.skipIf(!realData)("coca area on a real class map (Sentinel-2, Rondônia) with PRODES as reference", () => {
  it("counts the frame as rasterio does and recovers the PRODES forest area within its interval", async () => {
    dir ??= mkdtempSync(join(tmpdir(), "coca-cli-area-"));
    const names = "1=cleared,2=cleared,3=cleared,4=forest";
    const run = await coca(
      "area",
      "design",
      "--map",
      s2Map,
      "--class-names",
      names,
      "--n",
      "400",
      "--allocation",
      "min:50",
      "--seed",
      "1",
      "--out",
      path("ro.geojson"),
      "--json",
    );
    expect(run.stderr).toBe("");
    const design = JSON.parse(run.stdout);
    // Pixel counts per code from numpy.unique over rasterio's read of the same file.
    expect(design.strata.map((s: { sizePx: number }) => s.sizePx)).toEqual([142368, 12049, 91046, 350469]);
    expect(design.strata.map((s: { sizeHa: number }) => s.sizeHa)).toEqual([142368, 12049, 91046, 350469].map((n) => expect.closeTo(n * 0.04, 6)));
    expect(design.legend).toEqual(["cleared", "forest"]);

    const prodes = await openRaster(prodesMap);
    const { width: pw, height: ph, geoTransform: pg } = prodes.grid;
    const [codes] = await prodes.readWindow({ x0: 0, y0: 0, x1: pw, y1: ph });
    await prodes.close();
    const reference = (lon: number, lat: number): string => {
      const c = Math.floor((lon - pg[0]) / pg[1]);
      const r = Math.floor((lat - pg[3]) / pg[5]);
      return c >= 0 && c < pw && r >= 0 && r < ph && codes![r * pw + c] === 1 ? "forest" : "cleared";
    };
    // Interpret every unit from PRODES at its WGS 84 position (SIRGAS 2000 differs from WGS 84 by < 1 m).
    const geo = JSON.parse(readFileSync(path("ro.geojson"), "utf8"));
    for (const f of geo.features) f.properties.reference_class = reference(f.geometry.coordinates[0], f.geometry.coordinates[1]);
    writeFileSync(path("ro-labelled.geojson"), JSON.stringify(geo));
    const est = await coca(
      "area",
      "estimate",
      "--units",
      path("ro-labelled.geojson"),
      "--strata",
      path("ro.strata.csv"),
      "--design",
      path("ro.geojson"),
      "--json",
    );
    expect(est.stderr).toBe("");
    const e = JSON.parse(est.stdout);

    // The PRODES forest area over the same frame: every 20 m pixel centre looked up in PRODES.
    const s2 = await openRaster(s2Map);
    const { width, height, geoTransform: g } = s2.grid;
    const toLonLat = proj4(s2.grid.crs.proj4, "EPSG:4326");
    await s2.close();
    let forestPx = 0;
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const [lon, lat] = toLonLat.forward([g[0] + (c + 0.5) * g[1], g[3] + (r + 0.5) * g[5]]);
        if (reference(lon!, lat!) === "forest") forestPx++;
      }
    }
    const forestHa = forestPx * 0.04;
    const k = e.classes.indexOf("forest");
    console.log(
      `Rondônia: PRODES forest ${forestHa.toFixed(0)} ha; estimate ${e.areaHa[k].toFixed(0)} ± ${e.areaSeHa[k].toFixed(0)} ha (SE); mapped ${e.mappedAreaHa[k].toFixed(0)} ha`,
    );
    expect(e.mappedAreaHa[k]).toBeCloseTo(350469 * 0.04, 6);
    expect(Math.abs(e.areaHa[k] - forestHa)).toBeLessThan(3 * e.areaSeHa[k]);
    expect(e.areaCiHa[k][0]).toBeLessThan(e.areaCiHa[k][1]);
  });
});
