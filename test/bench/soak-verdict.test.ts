import { describe, expect, it } from "vitest";
import { requestErrorKind } from "../../bench/support/api-probe.ts";
import { soakVerdict, type SoakSample } from "../../bench/support/soak-verdict.ts";

/** Samples every 10 s from 0 to 600 s: RSS saw-tooths between 210 and 420 MB, heap after GC from `heap(t)`. */
function series(heap: (atS: number) => number): SoakSample[] {
  return Array.from({ length: 61 }, (_, i) => ({
    atS: i * 10,
    rssMb: i % 4 === 0 ? 210 + (i % 3) : 420,
    heapMb: 120,
    externalMb: 5,
    heapAfterGcMb: heap(i * 10) - 20,
    arrayBuffersAfterGcMb: 20,
  }));
}

describe("API soak verdict", () => {
  it("is flat when the heap after GC and the RSS floor stay level, whatever the peaks between collections", () => {
    const v = soakVerdict(
      series(() => 50),
      60,
    );
    expect(v.rssFloor).toMatchObject({ firstMb: 210, lastMb: 210, flat: true });
    expect(v.retainedAfterGc).toMatchObject({ firstMb: 50, lastMb: 50, growthMb: 0, flat: true });
    expect(v.flat).toBe(true);
  });

  it("is not flat when the heap after GC keeps growing, even with a flat RSS floor (a leak the RSS hides)", () => {
    // 0.1 MB a second: 50 MB at warm-up, about 104 MB at the end.
    const v = soakVerdict(
      series((t) => 44 + 0.1 * t),
      60,
    );
    expect(v.rssFloor.flat).toBe(true);
    expect(v.retainedAfterGc?.flat).toBe(false);
    expect(v.retainedAfterGc?.growthMb).toBeGreaterThan(30);
    expect(v.flat).toBe(false);
  });

  it("counts the ArrayBuffers after GC with the heap: answers kept as bytes that pile up are growth too", () => {
    const samples = series(() => 50).map((s) => ({ ...s, arrayBuffersAfterGcMb: 20 + (s.atS > 400 ? 30 : 0) }));
    const v = soakVerdict(samples, 60);
    expect(v.retainedAfterGc).toMatchObject({ firstMb: 50, lastMb: 80, growthMb: 30, flat: false });
    expect(v.flat).toBe(false);
  });

  it("is not flat when the RSS floor rises past 10%", () => {
    const samples = series(() => 50).map((s) => ({ ...s, rssMb: s.rssMb + (s.atS > 400 ? 40 : 0) }));
    const v = soakVerdict(samples, 60);
    expect(v.rssFloor).toMatchObject({ firstMb: 210, lastMb: 250, growthMb: 40, flat: false });
    expect(v.flat).toBe(false);
  });

  it("cannot call samples without the heap after GC flat, and needs a sample after warm-up", () => {
    const samples = series(() => 50).map(({ heapAfterGcMb: _, ...s }) => s);
    expect(soakVerdict(samples, 60)).toMatchObject({ retainedAfterGc: undefined, flat: false });
    expect(() => soakVerdict(samples, 9999)).toThrow(/no memory sample at or after the 9999 s warm-up/);
  });
});

describe("request error kinds", () => {
  it("names autocannon's timeouts, socket error codes, and else the message", () => {
    expect(requestErrorKind(new Error("request timed out"))).toBe("timeout");
    expect(requestErrorKind(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }))).toBe("ECONNRESET");
    expect(requestErrorKind(new Error("socket hang up"))).toBe("socket hang up");
    expect(requestErrorKind(undefined)).toBe("undefined");
  });
});
