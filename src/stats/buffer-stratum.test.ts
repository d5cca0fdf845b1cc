import { describe, expect, it } from "vitest";
import { bufferStrata } from "./buffer-stratum.ts";

describe("bufferStrata", () => {
  it("marks non-target pixels within the square window as the buffer stratum", () => {
    const W = 9;
    const H = 7;
    const map = new Uint8Array(W * H).fill(2);
    map[3 * W + 4] = 1;
    map[0] = 0;
    const s = bufferStrata({ map, width: W, height: H, nodata: 0, targetCode: 1, radiusPx: 2, bufferCode: 9 });
    for (let r = 0; r < H; r++) {
      for (let c = 0; c < W; c++) {
        const expected = r === 0 && c === 0 ? 0 : r === 3 && c === 4 ? 1 : Math.max(Math.abs(r - 3), Math.abs(c - 4)) <= 2 ? 9 : 2;
        expect(s[r * W + c], `(${r}, ${c})`).toBe(expected);
      }
    }
  });

  it("matches a brute-force dilation on a random map", () => {
    const W = 40;
    const H = 30;
    const map = new Uint8Array(W * H);
    let x = 12345;
    for (let i = 0; i < map.length; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      map[i] = x % 50 === 0 ? 1 : x % 7 === 0 ? 0 : 2;
    }
    const s = bufferStrata({ map, width: W, height: H, nodata: 0, targetCode: 1, radiusPx: 3, bufferCode: 5 });
    for (let r = 0; r < H; r++) {
      for (let c = 0; c < W; c++) {
        let near = false;
        for (let dr = -3; dr <= 3; dr++)
          for (let dc = -3; dc <= 3; dc++) if (map[(r + dr) * W + (c + dc)] === 1 && r + dr >= 0 && r + dr < H && c + dc >= 0 && c + dc < W) near = true;
        const v = map[r * W + c]!;
        expect(s[r * W + c]).toBe(v === 0 || v === 1 || !near ? v : 5);
      }
    }
  });

  it("rejects a code clash, a missing class and a bad width", () => {
    const map = new Uint8Array([1, 2, 2, 3]);
    expect(() => bufferStrata({ map, width: 4, height: 1, targetCode: 1, radiusPx: 1, bufferCode: 3 })).toThrow(/already a map code/);
    expect(() => bufferStrata({ map, width: 4, height: 1, targetCode: 7, radiusPx: 1, bufferCode: 9 })).toThrow(/no pixel of class 7/);
    expect(() => bufferStrata({ map, width: 4, height: 1, targetCode: 1, radiusPx: 0, bufferCode: 9 })).toThrow(/whole number of pixels >= 1/);
  });
});
