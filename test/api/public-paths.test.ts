/**
 * A stored survey's config and provenance name files on the server: a public reader (or a viewer) sees them
 * relative to the data root, or the file name alone, never the server's absolute paths; an admin sees them as stored.
 */
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publicPaths } from "../../src/api/public-paths.ts";
import { smallSurvey, testApi, type TestApi } from "./support.ts";

let api: TestApi;
let id: number;
let root: string;
beforeAll(async () => {
  root = realpathSync(mkdtempSync(join(tmpdir(), "coca-data-root-")));
  api = await testApi({ publicReads: true, dataRoot: root });
  const s = smallSurvey();
  id = await api.store.surveys.save({
    ...s,
    config: { ...s.config, scenes: [`${root}/peru/scene.tif`, "/home/analyst/search.json"], regions: { path: `${root}/regions.geojson`, nameField: "name" } },
    provenance: {
      ...s.provenance,
      inputs: [{ role: "scene", path: `${root}/peru/scene.tif`, sha256: "ab".repeat(32), sizeBytes: 1 }],
      model: { ...s.provenance.model, path: "/var/lib/coca/model.json" },
      scenes: [
        {
          ref: "/home/analyst/search.json#S2A_1",
          id: "S2A_1",
          datetime: null,
          cloudCoverPct: null,
          invalidShare: 0,
          files: ["/home/analyst/search.json"],
          mosaic: null,
        },
      ],
    },
  });
});
afterAll(async () => {
  await api.close();
  rmSync(root, { recursive: true, force: true });
});

describe("survey detail paths", () => {
  it("a public reader sees paths relative to the data root, or file names; never an absolute server path", async () => {
    const body = await (await api.request(`/v1/surveys/${id}`)).json();
    expect(body.config.scenes).toEqual(["peru/scene.tif", "search.json"]);
    expect(body.config.regions.path).toBe("regions.geojson");
    expect(body.provenance.inputs[0].path).toBe("peru/scene.tif");
    expect(body.provenance.model.path).toBe("model.json");
    expect(body.provenance.scenes[0].ref).toBe("search.json#S2A_1");
    expect(JSON.stringify(body)).not.toContain(root);
    expect(JSON.stringify(body)).not.toMatch(/"\/(home|var)\//);
  });

  it("an admin sees the paths as stored", async () => {
    const body = await (await api.request(`/v1/surveys/${id}`, { token: api.tokens.admin })).json();
    expect(body.config.scenes[0]).toBe(`${root}/peru/scene.tif`);
  });

  it("URLs and relative paths are left as they are", () => {
    expect(publicPaths({ a: "https://example.org/x.tif", b: "rel/x.tif", c: ["/abs/y.tif"] }, undefined)).toEqual({
      a: "https://example.org/x.tif",
      b: "rel/x.tif",
      c: ["y.tif"],
    });
  });
});
