import { afterEach, describe, expect, it, vi } from "vitest";
import { postQueued } from "./interpret-io.ts";
import type { PendingLabel } from "./interpret-model.ts";

const queue: PendingLabel[] = [{ blindId: "b0123456789", referenceClass: "coca" } as PendingLabel];

function answering(status: number, body: unknown): void {
  vi.stubGlobal(
    "fetch",
    vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })),
  );
}

describe("postQueued: what happens to the interpreter's queued labels", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("stored: the new labels' ids", async () => {
    answering(201, { labelIds: [41] });
    expect(await postQueued("/v1/surveys/1/labels", "sha256:x", queue)).toEqual({ outcome: "stored", labelIds: [41] });
  });

  it("refused by the server (400, 409, 422): dropped, with the server's reason", async () => {
    for (const status of [400, 404, 409, 422]) {
      answering(status, { detail: "unit b0123456789 is not in the design" });
      expect(await postQueued("/v1/surveys/1/labels", "sha256:x", queue)).toEqual({ outcome: "refused", detail: "unit b0123456789 is not in the design" });
    }
  });

  it("kept when nothing was decided: offline, an expired token, rate limiting, a server error", async () => {
    for (const status of [401, 403, 429, 500, 503]) {
      answering(status, { detail: "try later" });
      expect((await postQueued("/v1/surveys/1/labels", "sha256:x", queue)).outcome).toBe("kept");
    }
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => {
        throw new TypeError("Failed to fetch");
      }),
    );
    expect(await postQueued("/v1/surveys/1/labels", "sha256:x", queue)).toEqual({ outcome: "kept", detail: "" });
  });
});
