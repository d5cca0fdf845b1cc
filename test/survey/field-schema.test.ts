/**
 * One field schema everywhere (domain/field-properties.ts): the property names (and their types) of the
 * fields `coca imagery fields` writes, `survey export` writes and the API answers are the same set.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deserialize } from "flatgeobuf/lib/mjs/geojson.js";
import { createApp } from "../../src/api/app.ts";
import { FIELD_PROPERTY_NAMES, fieldPropertiesSchema } from "../../src/domain/field-properties.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import type { Store } from "../../src/store/store.ts";
import { runDemoSurvey } from "../../src/survey/demo.ts";
import { exportSurvey } from "../../src/survey/export.ts";
import { runCocaInProcess } from "../support/cli.ts";

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
});
