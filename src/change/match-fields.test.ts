import { describe, expect, it } from "vitest";
import { featureCollection, intersect, multiPolygon } from "@turf/turf";
import type { Position } from "geojson";
import { createRandom } from "../stats/random.ts";
import { intersectionAreaM2, matchFieldYears, overlapMeasures, polygonsAreaM2, type FieldShape } from "./match-fields.ts";

const rect = (id: string, x0: number, y0: number, x1: number, y1: number): FieldShape => ({
  id,
  polygons: [
    [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  ],
});

describe("field matching", () => {
  it("IoU of two 100 x 100 squares offset by 50 is 1/3; overlap over the smaller is 1/2", () => {
    const m = overlapMeasures(rect("a", 0, 0, 100, 100).polygons, rect("b", 50, 0, 150, 100).polygons);
    expect(m.intersectionM2).toBeCloseTo(5000, 9);
    expect(m.iou).toBeCloseTo(1 / 3, 12);
    expect(m.overlapOfSmaller).toBeCloseTo(0.5, 12);
    // Diagonal offset by (50, 50): intersection 2500, union 17500.
    expect(overlapMeasures(rect("a", 0, 0, 100, 100).polygons, rect("b", 50, 50, 150, 150).polygons).iou).toBeCloseTo(1 / 7, 12);
    // A hole counts out of the area and out of the intersection.
    const holed: FieldShape = {
      id: "h",
      polygons: [
        [
          [
            [0, 0],
            [100, 0],
            [100, 100],
            [0, 100],
            [0, 0],
          ],
          [
            [25, 25],
            [75, 25],
            [75, 75],
            [25, 75],
            [25, 25],
          ],
        ],
      ],
    };
    expect(polygonsAreaM2(holed.polygons)).toBeCloseTo(7500, 9);
    expect(overlapMeasures(holed.polygons, rect("b", 0, 0, 100, 100).polygons).iou).toBeCloseTo(0.75, 12);
  });

  it("finds persistent, new, abandoned, split and merged fields, with 1:n links", () => {
    const y1 = [
      rect("P", 0, 0, 100, 100),
      rect("S", 1000, 0, 1200, 100),
      rect("M1", 2000, 0, 2095, 100),
      rect("M2", 2105, 0, 2200, 100),
      rect("BIG", 3000, 0, 3300, 300),
      rect("OFF", 4000, 0, 4100, 100),
      rect("A", 5000, 0, 5100, 100),
    ];
    const y2 = [
      rect("P'", 50, 0, 150, 100),
      rect("S1", 1000, 0, 1095, 100),
      rect("S2", 1105, 0, 1200, 100),
      rect("M", 2000, 0, 2200, 100),
      rect("SMALL", 3100, 100, 3150, 150),
      rect("OFF'", 4080, 0, 4180, 100),
      rect("N", 8000, 0, 8100, 100),
    ];
    const m = matchFieldYears([
      { label: "2017", fields: y1 },
      { label: "2018", fields: y2 },
    ]);
    const state = (year: string, id: string): [string | null, string | null] => {
      const f = m.fields.find((x) => x.year === year && x.id === id)!;
      return [f.stateFromPrevious, f.stateToNext];
    };
    expect(state("2017", "P")).toEqual([null, "persistent"]);
    expect(state("2018", "P'")).toEqual(["persistent", null]);
    expect(state("2017", "S")).toEqual([null, "split"]);
    expect(state("2018", "S1")).toEqual(["split", null]);
    expect(state("2017", "M1")).toEqual([null, "merged"]);
    expect(state("2018", "M")).toEqual(["merged", null]);
    // Shrunk inside last year's outline: IoU 0.028, overlap of the smaller 1.
    expect(state("2017", "BIG")).toEqual([null, "persistent"]);
    // IoU 1/9 and overlap 0.2: below both thresholds.
    expect(state("2017", "OFF")).toEqual([null, "abandoned"]);
    expect(state("2018", "OFF'")).toEqual(["new", null]);
    expect(state("2017", "A")).toEqual([null, "abandoned"]);
    expect(state("2018", "N")).toEqual(["new", null]);
    expect(m.fields.find((f) => f.id === "S")!.next).toEqual(["S1", "S2"]);
    expect(m.fields.find((f) => f.id === "M")!.previous).toEqual(["M1", "M2"]);
    expect(m.pairs[0]).toMatchObject({ persistent: 2, new: 2, abandoned: 2, split: 1, merged: 1, links: 6 });
    // The index keeps candidate pairs far below all 49 pairs.
    expect(m.pairs[0]!.candidatePairs).toBeLessThan(15);
    // Tracks: M1, M2 and M share one; S, S1, S2 another.
    const track = m.fields.find((f) => f.id === "M")!.trackId;
    expect(m.tracks.get(track)).toEqual([
      { year: "2017", ids: ["M1", "M2"] },
      { year: "2018", ids: ["M"] },
    ]);
    // Stricter thresholds drop the offset square.
    const strict = matchFieldYears(
      [
        { label: "a", fields: [rect("P", 0, 0, 100, 100)] },
        { label: "b", fields: [rect("Q", 50, 0, 150, 100)] },
      ],
      { minIou: 0.5, minOverlapOfSmaller: 0.9 },
    );
    expect(strict.links).toHaveLength(0);
  });

  it("finds through the index exactly the links that comparing all pairs finds (600 random fields a year)", () => {
    const rand = createRandom(11);
    const year = (tag: string): FieldShape[] =>
      Array.from({ length: 600 }, (_, k) => {
        const x = rand.next() * 5000;
        const y = rand.next() * 5000;
        return rect(`${tag}${k}`, x, y, x + 40 + rand.next() * 120, y + 40 + rand.next() * 120);
      });
    const a = year("a");
    const b = year("b");
    const m = matchFieldYears([
      { label: "1", fields: a },
      { label: "2", fields: b },
    ]);
    const brute: string[] = [];
    const box = (f: FieldShape): number[] => [f.polygons[0]![0]![0]![0]!, f.polygons[0]![0]![0]![1]!, f.polygons[0]![0]![2]![0]!, f.polygons[0]![0]![2]![1]!];
    for (const fa of a)
      for (const fb of b) {
        const [ax0, ay0, ax1, ay1] = box(fa);
        const [bx0, by0, bx1, by1] = box(fb);
        // Disjoint boxes cannot overlap: a cheap exact filter, not an index.
        if (ax1! < bx0! || bx1! < ax0! || ay1! < by0! || by1! < ay0!) continue;
        const o = overlapMeasures(fa.polygons, fb.polygons);
        if (o.intersectionM2 > 0 && (o.iou >= 0.3 || o.overlapOfSmaller >= 0.5)) brute.push(`${fa.id}-${fb.id}`);
      }
    expect(m.links.map((l) => `${l.fromId}-${l.toId}`).sort()).toEqual(brute.sort());
    expect(brute.length).toBeGreaterThan(5);
    expect(m.pairs[0]!.candidatePairs).toBeLessThan(600 * 600 * 0.01);
  });

  it("clips by a convex field exactly as polyclip does (concave fields, holes, clockwise rings)", () => {
    const rand = createRandom(5);
    const viaPolyclip = (a: Position[][][], b: Position[][][]): number => {
      const r = intersect(featureCollection([multiPolygon(a), multiPolygon(b)]));
      return r ? polygonsAreaM2(r.geometry.type === "Polygon" ? [r.geometry.coordinates] : r.geometry.coordinates) : 0;
    };
    // An L-shaped field with a square hole.
    const L: Position[][][] = [
      [
        [
          [0, 0],
          [100, 0],
          [100, 40],
          [40, 40],
          [40, 100],
          [0, 100],
          [0, 0],
        ],
        [
          [10, 10],
          [20, 10],
          [20, 20],
          [10, 20],
          [10, 10],
        ],
      ],
    ];
    for (let k = 0; k < 200; k++) {
      const x = rand.next() * 120 - 20;
      const y = rand.next() * 120 - 20;
      const s = 10 + rand.next() * 60;
      // A triangle, clockwise half of the time.
      const tri: Position[] = [
        [x, y],
        [x + s, y + rand.next() * 10],
        [x + rand.next() * s, y + s],
        [x, y],
      ];
      const ring = k % 2 ? tri : [...tri].reverse();
      const ours = intersectionAreaM2(L, [[ring]]);
      expect(ours).toBeCloseTo(viaPolyclip(L, [[ring]]), 6);
      expect(intersectionAreaM2([[ring]], L)).toBeCloseTo(ours, 9);
    }
  });
});
