/**
 * GIS interchange of a survey (issue 19 item 7): one field schema everywhere (domain/field-properties.ts): the
 * property names (and their types) of the fields `coca imagery fields` writes, `survey export` writes and the API
 * answers are the same set; the exported regions carry their estimates; every exported CSV has its .csvt (and,
 * with coordinates, a WGS 84 .prj), rounded hectares and the confidence level, and GDAL opens it typed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deserialize } from "flatgeobuf/lib/mjs/geojson.js";
import { createApp } from "../../src/api/app.ts";
import { FIELD_PROPERTY_NAMES, fieldPropertiesSchema } from "../../src/domain/field-properties.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import type { Store } from "../../src/store/store.ts";
import { runDemoSurvey } from "../../src/survey/demo.ts";
import { exportSurvey } from "../../src/survey/export.ts";
import { parseCsvTable, parseCsvRecords } from "../../src/io/csv.ts";
import { runCocaInProcess } from "../support/cli.ts";

const hasOgr = spawnSync("ogrinfo", ["--version"]).status === 0;
const ogrinfo = (...args: string[]): string => spawnSync("ogrinfo", args, { encoding: "utf8" }).stdout;

type Props = Record<string, unknown>;
const keysOf = (features: { properties: Props }[]): string[] => [...new Set(features.flatMap((f) => Object.keys(f.properties)))].sort();

describe("one field schema for the CLI, the export and the API", () => {
  let dir: string;
  let store: Store;
  let surveyId: number;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coca-field-schema-"));
    store = await openSqliteStore(":memory:");
    surveyId = (await runDemoSurvey({ store, outDir: dir, sizePx: 128, n: 120, draws: 2_000 })).surveyId;
  }, 120_000);
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("has the same property names in imagery fields (GeoJSON, FlatGeobuf), survey export and GET /v1/surveys/{id}/fields", async () => {
    const expected = [...FIELD_PROPERTY_NAMES].sort();
    const classes = join(dir, "survey", "classes.tif");

    const cliGeoJson = join(dir, "cli.geojson");
    const cli = await runCocaInProcess("imagery", "fields", "--classes", classes, "--class", "coca", "--out", cliGeoJson, "--json");
    expect(cli.code, cli.stderr).toBe(0);
    const fromCli = JSON.parse(readFileSync(cliGeoJson, "utf8")) as { name: string; features: { properties: Props }[] };
    expect(fromCli.features.length).toBeGreaterThan(0);
    expect(fromCli.name).toBe("fields");

    const cliFgb = join(dir, "cli.fgb");
    expect((await runCocaInProcess("imagery", "fields", "--classes", classes, "--class", "coca", "--out", cliFgb)).code).toBe(0);
    const fromFgb: { properties: Props }[] = [];
    for await (const f of deserialize(new Uint8Array(readFileSync(cliFgb)))) fromFgb.push(f as never);

    const exported = join(dir, "export");
    await exportSurvey(store, surveyId, exported);
    const fromExport = JSON.parse(readFileSync(join(exported, "fields.geojson"), "utf8")) as { features: { properties: Props }[] };
    expect(fromExport.features.length).toBeGreaterThan(0);

    const { app } = createApp({ store, config: { rateLimit: false } });
    const fromApi = (await (await app.request(`/v1/surveys/${surveyId}/fields?limit=1000`)).json()) as { features: { properties: Props }[] };
    expect(fromApi.features.length).toBe(fromExport.features.length);

    // The CLI has no regions: region is null there, and the FlatGeobuf leaves null properties out.
    for (const features of [fromCli.features, fromExport.features, fromApi.features]) expect(keysOf(features)).toEqual(expected);
    expect(keysOf(fromFgb)).toEqual(expected.filter((k) => k !== "region"));
    // Every value has the schema's type, in every surface.
    for (const f of [...fromCli.features, ...fromExport.features, ...fromApi.features]) fieldPropertiesSchema.parse(f.properties);
    // The same survey's fields agree: class code and name, pixel count.
    const first = fromApi.features[0]!.properties;
    expect(fromExport.features[0]!.properties).toEqual(first);
    expect(first.class_name).toBe("coca");
    expect(fromCli.features.map((f) => f.properties.class_code)).toContain(first.class_code);
  }, 120_000);

  it("exports the regions with their estimates, and every CSV with a .csvt, rounded hectares and the confidence level", async () => {
    const out = join(dir, "export-csv");
    await exportSurvey(store, surveyId, out);
    const s = (await store.surveys.get(surveyId))!;
    const names = readdirSync(out);
    // Every CSV has its .csvt, with one type per column.
    for (const csv of names.filter((n) => n.endsWith(".csv"))) {
      const csvt = csv.replace(/\.csv$/, ".csvt");
      expect(names, `${csv} has a .csvt`).toContain(csvt);
      const header = parseCsvRecords(readFileSync(join(out, csv), "utf8")).records[0]!.fields;
      const types = parseCsvRecords(readFileSync(join(out, csvt), "utf8")).records[0]!.fields;
      expect(types.length, `${csvt} types every column of ${csv}`).toBe(header.length);
      if (header.includes("lon")) {
        expect(types[header.indexOf("lon")]).toBe("CoordX");
        expect(types[header.indexOf("lat")]).toBe("CoordY");
        expect(readFileSync(join(out, csv.replace(/\.csv$/, ".prj")), "utf8")).toMatch(/^GEOGCS\["GCS_WGS_1984"/);
      }
    }
    // estimates.csv: round trip against the stored rows, hectares to 2 decimals, the confidence level as a column.
    const text = readFileSync(join(out, "estimates.csv"), "utf8");
    const table = parseCsvTable(text, "estimates.csv");
    expect(table.header).toEqual(["region", "class", "area_ha", "area_se_ha", "ci_low_ha", "ci_high_ha", "confidence", "map_area_ha"]);
    expect(text).not.toMatch(/\d\.\d{3,}/);
    const r2 = (v: number | null): string => (v === null ? "" : String(Number(v.toFixed(2))));
    expect(table.rows.map((r) => r.values)).toEqual(
      s.estimates.map((e) => ({
        region: e.region,
        class: e.className,
        area_ha: r2(e.areaHa),
        area_se_ha: r2(e.areaSeHa),
        ci_low_ha: r2(e.ciLowHa),
        ci_high_ha: r2(e.ciHighHa),
        confidence: String(s.results.total.confidence),
        map_area_ha: r2(e.mapAreaHa),
      })),
    );
    // The regions layer: each region's estimate, SE, interval and confidence, units in the names.
    const regions = JSON.parse(readFileSync(join(out, "regions-estimates.geojson"), "utf8")) as {
      units: Record<string, string>;
      features: { properties: Record<string, unknown>; geometry: unknown }[];
    };
    expect(regions.units.area_ha).toBe("ha");
    expect(regions.features.length).toBeGreaterThan(1);
    for (const f of regions.features) {
      const r = s.results.regions.find((x) => x.region === f.properties.region)!;
      expect(f.geometry).toBeTruthy();
      expect(f.properties).toMatchObject({
        class_name: "coca",
        area_ha: Number(r.areaHa.toFixed(2)),
        area_se_ha: Number(r.areaSeHa.toFixed(2)),
        ci_low_ha: Number(r.areaCiHa[0].toFixed(2)),
        ci_high_ha: Number(r.areaCiHa[1].toFixed(2)),
        confidence: 0.95,
        sample_units: r.sampleUnits,
      });
    }
    expect(existsSync(join(out, "sample.csvt"))).toBe(true);
  }, 120_000);

  it.skipIf(!hasOgr)(
    "GDAL opens the exported CSVs typed and the sample as WGS 84 points (ogrinfo)",
    async () => {
      const out = join(dir, "export-ogr");
      await exportSurvey(store, surveyId, out);
      const s = (await store.surveys.get(surveyId))!;
      const sample = ogrinfo("-so", "-al", join(out, "sample.csv"));
      expect(sample).toMatch(/Geometry: Point/);
      expect(sample).toMatch(new RegExp(`Feature Count: ${s.results.sample.units}\\b`));
      expect(sample).toMatch(/GEOGCRS\["WGS 84"/);
      expect(sample).toMatch(/map_code: Integer/);
      expect(sample).toMatch(/inclusion_probability: Real/);
      const labelled = ogrinfo("-so", "-al", join(out, "sample-labels.csv"));
      expect(labelled).toMatch(/Geometry: Point/);
      const estimates = ogrinfo("-so", "-al", join(out, "estimates.csv"));
      expect(estimates).toMatch(/area_ha: Real/);
      expect(estimates).toMatch(/confidence: Real/);
      const regions = ogrinfo("-so", "-al", join(out, "regions-estimates.geojson"));
      expect(regions).toMatch(/Layer name: regions/);
      expect(regions).toMatch(/ci_high_ha: Real/);
      const fields = ogrinfo("-so", "-al", join(out, "fields.geojson"));
      expect(fields).toMatch(/Layer name: fields/);
      expect(fields).toMatch(/pixel_count: Integer/);
    },
    120_000,
  );
});
