import { describe, expect, it } from "vitest";
import { createRandom } from "../stats/random.ts";
import { quantiles } from "./select.ts";
import { normalQuantile } from "./special-functions.ts";
import { fillStandardNormal } from "./ziggurat.ts";

describe("ziggurat normals", () => {
  it("have the moments, quantiles and tails of N(0, 1)", () => {
    const n = 400_000;
    const z = fillStandardNormal(createRandom(123), new Float64Array(n));
    let m = 0;
    for (const v of z) m += v;
    m /= n;
    let v2 = 0;
    for (const v of z) v2 += (v - m) ** 2;
    v2 /= n - 1;
    expect(Math.abs(m)).toBeLessThan(0.01);
    expect(Math.abs(v2 - 1)).toBeLessThan(0.01);
    const ps = [0.001, 0.025, 0.16, 0.5, 0.84, 0.975, 0.999];
    const q = quantiles(z, ps);
    ps.forEach((p, i) => expect(Math.abs(q[i]! - normalQuantile(p))).toBeLessThan(p < 0.01 || p > 0.99 ? 0.08 : 0.02));
    // Beyond the base strip (|z| > 3.4426) the tail algorithm is used: P = 5.76e-4.
    let tail = 0;
    for (const v of z) if (Math.abs(v) > 3.442619855899) tail++;
    expect(tail / n).toBeGreaterThan(4e-4);
    expect(tail / n).toBeLessThan(7.5e-4);
  });

  it("are reproducible from the seed", () => {
    const a = fillStandardNormal(createRandom(5), new Float64Array(1000));
    const b = fillStandardNormal(createRandom(5), new Float64Array(1000));
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});
