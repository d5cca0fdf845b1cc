import { describe, expect, it } from "vitest";
import { buildTransitionLegend, UNKNOWN_CODE } from "./transition-legend.ts";
import { codeTransitions } from "./transitions.ts";

describe("transition coding", () => {
  const legend = buildTransitionLegend(
    { ref: "a.tif", classNames: ["forest", "coca"], nodata: 0 },
    // The second map numbers its classes the other way round: matched by name.
    { ref: "b.tif", classNames: ["coca", "forest"], nodata: 255 },
  );

  it("codes pairs by name, 1 + i*K + j, nodata and unknown codes to 0", () => {
    expect(legend.transitions.map((t) => [t.code, t.name])).toEqual([
      [1, "forest -> forest"],
      [2, "forest -> coca"],
      [3, "coca -> forest"],
      [4, "coca -> coca"],
    ]);
    // a: forest=1, coca=2; b: coca=1, forest=2.
    const from = Uint8Array.from([1, 1, 2, 2, 0, 1, 7, 2, 1]);
    const to = Uint8Array.from([2, 1, 2, 1, 1, 255, 1, 1, 2]);
    const rowArea = Float64Array.from([2, 3, 5]);
    const cells = new Float64Array(256);
    const area = new Float64Array(256);
    const out = new Uint8Array(9);
    codeTransitions(from, to, legend.lut, 3, 0, rowArea, out, cells, area);
    expect([...out]).toEqual([1, 2, 3, 4, 0, 0, 0, 4, 1]);
    expect(cells[UNKNOWN_CODE]).toBe(1);
    // Rows of 2, 3 and 5 ha cells: forest->forest at rows 0 and 2.
    expect(area[1]).toBe(2 + 5);
    expect(area[4]).toBe(3 + 5);
    // Without an output (hectares only), the same sums: rows of 9 px exercise the unrolled loop and its tail.
    const cells2 = new Float64Array(256);
    const area2 = new Float64Array(256);
    codeTransitions(from, to, legend.lut, 9, 0, Float64Array.from([1]), null, cells2, area2);
    expect([...cells2.slice(1, 5)]).toEqual([2, 1, 1, 2]);
    expect(cells2[UNKNOWN_CODE]).toBe(1);
  });

  it("counts as a per-pixel table read would, for every row layout and raw code", () => {
    // Reference: one lut read per pixel, area per pixel.
    const lut = buildTransitionLegend(
      { ref: "a.tif", classNames: ["forest", "pasture", "coca"], nodata: 0 },
      { ref: "b.tif", classNames: ["forest", "pasture", "coca"], nodata: 0 },
    ).lut;
    let seed = 7;
    const rnd = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (const width of [8, 12, 13, 3]) {
      const rows = 6;
      const from = new Uint8Array(width * rows);
      const to = new Uint8Array(width * rows);
      for (let i = 0; i < from.length; i++) {
        from[i] = Math.floor(rnd() * 4);
        to[i] = Math.floor(rnd() * 4);
      }
      // Rows 1 and 2 hold raw codes beyond the 16-code pair index (and beyond the legend: 16 and 17 would alias
      // valid pairs if they were packed into it), row 4 a code beyond the legend only.
      from[width + 1] = 200;
      from[2 * width + 1] = 16;
      to[2 * width + 2] = 17;
      to[4 * width] = 9;
      const rowArea = Float64Array.from({ length: rows }, (_, r) => 1 + r / 8);
      const refCells = new Float64Array(256);
      const refArea = new Float64Array(256);
      const refOut = new Uint8Array(from.length);
      for (let i = 0; i < from.length; i++) {
        const t = lut[(from[i]! << 8) | to[i]!]!;
        refOut[i] = t === UNKNOWN_CODE ? 0 : t;
        if (t === 0) continue;
        refCells[t]! += 1;
        refArea[t]! += rowArea[Math.floor(i / width)]!;
      }
      for (const withOut of [false, true]) {
        const cells = new Float64Array(256);
        const area = new Float64Array(256);
        const out = withOut ? new Uint8Array(from.length) : null;
        codeTransitions(from, to, lut, width, 0, rowArea, out, cells, area);
        expect([...cells]).toEqual([...refCells]);
        for (let k = 0; k < 256; k++) expect(area[k]).toBeCloseTo(refArea[k]!, 12);
        if (out) expect([...out]).toEqual([...refOut]);
      }
    }
  });

  it("refuses different legends, naming both files", () => {
    expect(() =>
      buildTransitionLegend({ ref: "a.tif", classNames: ["forest", "coca"], nodata: 0 }, { ref: "b.tif", classNames: ["bosque", "coca"], nodata: 0 }),
    ).toThrow(/b\.tif has "bosque" that a\.tif lacks; a\.tif has "forest" that b\.tif lacks/);
    const renamed = buildTransitionLegend(
      { ref: "a.tif", classNames: ["forest", "coca"], nodata: 0 },
      { ref: "b.tif", classNames: ["bosque", "coca"], nodata: 0 },
      new Map([["bosque", "forest"]]),
    );
    expect(renamed.classes).toEqual(["forest", "coca"]);
  });
});
