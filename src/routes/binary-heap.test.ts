import { describe, expect, it } from "vitest";
import { createRandom } from "../stats/random.ts";
import { IndexedCellHeap } from "./binary-heap.ts";

describe("IndexedCellHeap", () => {
  it("pops cells in key order, each once, after inserts and decrease-keys (seeded)", () => {
    const rnd = createRandom(4);
    const n = 2000;
    const heap = new IndexedCellHeap(n, 16);
    const key = new Float64Array(n).fill(Infinity);
    for (let t = 0; t < 6000; t++) {
      const c = rnd.int(n);
      const k = rnd.next() * 100;
      heap.pushOrDecrease(k, c);
      key[c] = Math.min(key[c]!, k);
    }
    const present = [...key].filter((k) => k < Infinity).length;
    expect(heap.size).toBe(present);
    const popped: number[] = [];
    while (heap.size > 0) popped.push(heap.popCell());
    expect(new Set(popped).size).toBe(present);
    for (let i = 1; i < popped.length; i++) expect(key[popped[i]!]!).toBeGreaterThanOrEqual(key[popped[i - 1]!]!);
  });
});
