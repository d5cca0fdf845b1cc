import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { jsonInit, testApi } from "./support.ts";

const dir = mkdtempSync(join(tmpdir(), "coca-data-root-"));
const root = join(dir, "root");
mkdirSync(root);
const secret = join(dir, "secret.txt");
writeFileSync(secret, "root:*:20200:0:99999:7:::\n");
writeFileSync(join(root, "regions.geojson"), "{}");
symlinkSync(secret, join(root, "escape.tif"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A config that passes validation; `over` points one field elsewhere. */
const config = (over: Record<string, unknown>): Record<string, unknown> => ({
  country: "PE",
  year: 2024,
  seed: 1,
  scenes: ["regions.geojson"],
  model: "regions.geojson",
  regions: { path: "regions.geojson" },
  design: { n: 100 },
  labels: "regions.geojson",
  ...over,
});

describe("survey runs read only under the server's data root", () => {
  it("refuses config runs on a server without a data root (403)", async () => {
    const api = await testApi();
    const res = await api.request("/v1/surveys", jsonInit("POST", { config: config({}) }, api.tokens.admin));
    expect(res.status).toBe(403);
    expect((await res.json()).detail ?? "").not.toContain(dir);
    await api.close();
  });

  it("refuses an absolute path, a ../ path, a symbolic link out of the root and file: URLs, without reading them or echoing them", async () => {
    const api = await testApi({ dataRoot: root });
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ model: "/etc/shadow" }, "body.config.model", /model: a path outside the server's data root is not read/],
      [{ model: secret }, "body.config.model", /outside the server's data root/],
      [{ scenes: ["../secret.txt"] }, "body.config.scenes.0", /scenes\.0: a path outside the server's data root/],
      [{ scenes: ["escape.tif"] }, "body.config.scenes.0", /scenes\.0: escape\.tif links outside the server's data root/],
      [{ labels: "file:///etc/shadow" }, "body.config.labels", /only paths under the data root and http\(s\) URLs/],
      [{ regions: { path: "missing.geojson" } }, "body.config.regions.path", /regions\.path: missing\.geojson does not exist under the server's data root/],
    ];
    for (const [over, field, message] of cases) {
      const res = await api.request("/v1/surveys", jsonInit("POST", { config: config(over) }, api.tokens.admin));
      const text = await res.text();
      expect(res.status, JSON.stringify(over)).toBe(400);
      const body = JSON.parse(text) as { field?: string };
      expect(body.field).toBe(field);
      expect(text).toMatch(message);
      expect(text).not.toContain("root:*");
      expect(text).not.toContain(dir);
    }
    expect(await api.store.surveys.count()).toBe(0);
    await api.close();
  });
});
