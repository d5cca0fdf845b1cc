import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { loadSurveyConfig, validateSurveyConfig } from "./config.ts";
import { InputError } from "../domain/errors.ts";

const good = {
  country: "PE",
  year: 2024,
  seed: 7,
  scenes: ["scene.tif"],
  model: "model.json",
  regions: { path: "regions.geojson" },
  design: { n: 300 },
};

describe("survey config", () => {
  it("accepts a valid config, fills defaults and resolves paths against the config file", () => {
    const c = validateSurveyConfig(good, "/data/run/survey.yaml");
    expect(c.scenes).toEqual(["/data/run/scene.tif"]);
    expect(c.regions).toEqual({ path: "/data/run/regions.geojson", nameField: "name" });
    expect(c.design.allocation).toBe("proportional");
    expect(c.production).toEqual({ draws: 100_000 });
    expect(validateSurveyConfig({ ...good, production: false }, "/data/run/survey.yaml").production).toBe(false);
    expect(c.targetClass).toBe("coca");
  });

  it("names the file and the field at fault", () => {
    const bad = { ...good, design: { n: -3 } };
    expect(() => validateSurveyConfig(bad, "survey.yaml")).toThrow(InputError);
    expect(() => validateSurveyConfig(bad, "survey.yaml")).toThrow(/survey\.yaml: design\.n/);
    expect(() => validateSurveyConfig({ ...good, design: { n: 10, allocation: "random" } }, "s.yaml")).toThrow(
      /s\.yaml: design\.allocation: must be proportional/,
    );
    expect(() => validateSurveyConfig({ ...good, yaer: 2024 }, "s.yaml")).toThrow(/yaer/);
    const { model: _m, ...noModel } = good;
    expect(() => validateSurveyConfig(noModel, "s.yaml")).toThrow(/s\.yaml: model: give a classifier/);
  });

  it("reads YAML from a file and reports YAML syntax errors with the file name", () => {
    const dir = mkdtempSync(join(tmpdir(), "coca-config-"));
    const file = join(dir, "survey.yaml");
    writeFileSync(file, "country: PE\nyear: 2024\nseed: 1\nscenes: [a.tif]\nmodel: m.json\nregions: {path: r.geojson}\ndesign: {n: 50}\n");
    expect(loadSurveyConfig(file).scenes).toEqual([join(dir, "a.tif")]);
    writeFileSync(file, "country: [PE\n");
    expect(() => loadSurveyConfig(file)).toThrow(new RegExp(`${file.replace(/[/.]/g, "\\$&")}: not valid YAML`));
  });
});
