import { describe, expect, it } from "vitest";
import { routesOfRound } from "./routes-data.ts";

describe("routesOfRound", () => {
  const line = (round: number, coords: number[][]) => ({
    type: "Feature" as const,
    properties: { round },
    geometry: { type: "LineString", coordinates: coords },
  });
  it("marks as appeared the routes of a round that were not in use the round before", () => {
    const a = [
      [0, 0],
      [1, 1],
    ];
    const b = [
      [0, 0],
      [0.5, 2],
      [1, 1],
    ];
    const fs = [line(0, a), line(1, a), line(1, b)];
    expect(routesOfRound(fs, 0).map((r) => r.appeared)).toEqual([false]);
    expect(routesOfRound(fs, 1).map((r) => r.appeared)).toEqual([false, true]);
    expect(routesOfRound(fs, 2)).toEqual([]);
  });
});
