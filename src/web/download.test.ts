import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WGS84_PRJ } from "../io/csv.ts";
import { csvDownloadFiles, csvTypes, toCsv } from "./download.ts";
import { zipStored } from "./zip.ts";
import { readStoredZip } from "../../test/support/zip.ts";

const has = (tool: string): boolean => ["/usr/bin", "/usr/local/bin", "/bin"].some((d) => existsSync(join(d, tool)));

describe("CSV of a view", () => {
  it("takes the union of the columns and quotes what needs quoting", () => {
    const csv = toCsv([
      { year: 2019, source: "UNODC", value: 25500, citation: 'UNODC, "Monitoreo", 2020' },
      { year: 2020, source: "ONDCP", value: null, note: "line\nbreak" },
    ]);
    expect(csv).toBe('year,source,value,citation,note\r\n2019,UNODC,25500,"UNODC, ""Monitoreo"", 2020",\r\n2020,ONDCP,,,"line\nbreak"\r\n');
  });
});

describe("the .csvt of a CSV download", () => {
  const estimates = [
    { survey_id: 3, region: "Yungas", class: "coca", area_ha: 1180.4567, se_ha: 56, confidence: 0.95, map_area_ha: 1500, source: "Coca Monitor" },
    { survey_id: 3, region: "Caranavi", class: "coca", area_ha: 12, se_ha: null, confidence: 0.95, map_area_ha: 10.129999999, source: "Coca Monitor" },
  ];

  it("types each column from its values: Integer, Real (any fraction; hectares always), String", () => {
    expect(csvTypes(estimates)).toEqual({
      columns: ["survey_id", "region", "class", "area_ha", "se_ha", "confidence", "map_area_ha", "source"],
      types: ["Integer", "String", "String", "Real", "Real", "Real", "Real", "String"],
    });
    // A column with any text is a String; one left empty everywhere too; integers beyond 32 bits are Integer64.
    expect(
      csvTypes([
        { a: 1, b: null, c: 2 ** 40 },
        { a: "n/a", b: "", c: 3 },
      ]).types,
    ).toEqual(["String", "String", "Integer64"]);
    expect(csvTypes([{ drawn: true, year: 2024 }]).types).toEqual(["String", "Integer"]);
  });

  it("types numeric lon/lat as CoordX/CoordY and adds a WGS 84 .prj, as the CLI's point CSVs", () => {
    const files = csvDownloadFiles("points", [{ unit_id: "u1", lon: -74.1, lat: -12.4, x: 600123.456, y: 8620000 }]);
    expect(files.map((f) => f.name)).toEqual(["points.csv", "points.csvt", "points.prj"]);
    expect(files[1]!.data).toBe('"String","CoordX","CoordY","Real","Integer"\n');
    expect(files[2]!.data).toBe(WGS84_PRJ);
    // Text in a lon column is not a coordinate.
    expect(csvTypes([{ lon: "west", lat: 1 }]).types).toEqual(["String", "Integer"]);
  });

  it("gives the CSV (with BOM), rounded as the CLI rounds hectares (2 decimals), and its .csvt, no .prj without lon/lat", () => {
    const files = csvDownloadFiles("survey-3-estimates", estimates);
    expect(files.map((f) => f.name)).toEqual(["survey-3-estimates.csv", "survey-3-estimates.csvt"]);
    expect(files[0]!.data).toBe(
      "\ufeffsurvey_id,region,class,area_ha,se_ha,confidence,map_area_ha,source\r\n" +
        "3,Yungas,coca,1180.46,56,0.95,1500,Coca Monitor\r\n3,Caranavi,coca,12,,0.95,10.13,Coca Monitor\r\n",
    );
    expect(files[1]!.data).toBe('"Integer","String","String","Real","Real","Real","Real","String"\n');
  });
});

describe("the .zip of a CSV download", () => {
  it("holds the CSV and its sidecars under their names, stored byte for byte (CRC-32 checked as zlib computes it)", () => {
    const files = csvDownloadFiles("región-ñ", [{ name: "Perú", lon: -74.1, lat: -12.4, area_ha: 3.14159 }]);
    const zip = zipStored(files, new Date(2026, 11, 1, 15, 30, 12));
    const read = readStoredZip(zip);
    expect(read.map((e) => e.name)).toEqual(["región-ñ.csv", "región-ñ.csvt", "región-ñ.prj"]);
    for (const [i, e] of read.entries()) expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(e.data)).toBe(files[i]!.data);
  });

  it.skipIf(!has("unzip") || !has("ogrinfo"))("opens in unzip and in GDAL (/vsizip/) as a typed point layer in WGS 84", () => {
    const dir = mkdtempSync(join(tmpdir(), "coca-csvzip-"));
    try {
      const path = join(dir, "units.zip");
      const rows = [
        { unit_id: "u1", lon: -74.1, lat: -12.4, area_ha: 0.01, n: 3, source: "Coca Monitor" },
        { unit_id: "u2", lon: -74.2, lat: -12.5, area_ha: 0.02, n: 4, source: "Coca Monitor" },
      ];
      writeFileSync(path, zipStored(csvDownloadFiles("units", rows)));
      expect(execFileSync("unzip", ["-t", path], { encoding: "utf8" })).toMatch(/No errors detected/);
      const info = execFileSync("ogrinfo", ["-ro", "-al", "-so", `/vsizip/${path}/units.csv`], { encoding: "utf8" });
      expect(info).toMatch(/Geometry: Point/);
      expect(info).toMatch(/Feature Count: 2/);
      expect(info).toMatch(/WGS 84/);
      expect(info).toMatch(/unit_id: String/);
      expect(info).toMatch(/area_ha: Real/);
      expect(info).toMatch(/n: Integer/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
