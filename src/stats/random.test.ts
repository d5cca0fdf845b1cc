import { describe, expect, it } from "vitest";
import { createRandom } from "./random.ts";

describe("createRandom", () => {
  it("reproduces a sequence from its seed and differs across seeds", () => {
    const a = createRandom(42),
      b = createRandom(42),
      c = createRandom(43);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
  });

  it("gives uniform and normal variates with the right moments", () => {
    const r = createRandom(7);
    let su = 0,
      sn = 0,
      sn2 = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      expect(u >= 0 && u < 1).toBe(true);
      su += u;
      const z = r.normal();
      sn += z;
      sn2 += z * z;
    }
    expect(su / n).toBeCloseTo(0.5, 2);
    expect(sn / n).toBeCloseTo(0, 2);
    expect(sn2 / n).toBeCloseTo(1, 1);
  });

  it("draws integers without bias in range", () => {
    const r = createRandom(1);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[r.int(6)]++;
    for (const k of counts) expect(Math.abs(k - 10_000)).toBeLessThan(400);
  });
});
