import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { figure, jsonInit, testApi, type TestApi } from "./support.ts";

describe("audit log", () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await testApi();
  });
  afterEach(async () => api.close());

  it("records every write with who, what, when and outcome, and only admins read it", async () => {
    await api.request("/v1/figures", jsonInit("POST", { figures: [figure()] }));
    await api.request("/v1/figures", jsonInit("POST", { figures: [figure()] }, api.tokens.viewer));
    await api.request("/v1/figures", jsonInit("POST", { figures: [figure({ value: -1 })] }, api.tokens.analyst));
    await api.request("/v1/figures", jsonInit("POST", { figures: [figure()] }, api.tokens.analyst));
    await api.request("/v1/figures?country=BOL&reason=test%20cleanup", { method: "DELETE", token: api.tokens.admin });
    // Reads are not audited.
    await api.request("/v1/figures");

    expect((await api.request("/v1/audit")).status).toBe(401);
    expect((await api.request("/v1/audit", { token: api.tokens.analyst })).status).toBe(403);
    const res = await api.request("/v1/audit", { token: api.tokens.admin });
    expect(res.status).toBe(200);
    const { total, entries } = await res.json();
    expect(total).toBe(5);
    const oldestFirst = [...entries].reverse();
    expect(
      oldestFirst.map((e: { action: string; outcome: string; status: number; actorRole: string | null }) => [e.action, e.outcome, e.status, e.actorRole]),
    ).toEqual([
      ["figures.import", "denied", 401, null],
      ["figures.import", "denied", 403, "viewer"],
      ["figures.import", "failed", 400, "analyst"],
      ["figures.import", "success", 201, "analyst"],
      ["figures.delete", "success", 200, "admin"],
    ]);
    const tokens = await api.store.auth.listTokens();
    const adminId = tokens.find((t) => t.role === "admin")!.id;
    expect(entries[0]).toMatchObject({ actor: adminId, method: "DELETE", path: "/v1/figures", target: '{"country":"BOL"}' });
    expect(oldestFirst[0].actor).toBe("anonymous");
    for (const e of entries) expect(Number.isNaN(Date.parse(e.at))).toBe(false);

    const paged = await (await api.request("/v1/audit?limit=2&offset=1&action=figures.import", { token: api.tokens.admin })).json();
    expect(paged.total).toBe(4);
    expect(paged.entries.map((e: { status: number }) => e.status)).toEqual([400, 403]);
  });
});
