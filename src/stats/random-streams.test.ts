import { describe, expect, it } from "vitest";
import { createRandom } from "./random.ts";
import { streamFor, streamSeed } from "./random-streams.ts";

describe("named random streams", () => {
  it("derive a fixed seed from the run's seed and the stream's name", () => {
    // Pinned: changing the hash changes every stored seeded result (see test/golden/demo-survey.json).
    expect(streamSeed(2024, "labels")).toBe(814588160);
    expect(streamSeed(2024, "production")).toBe(2103539364);
    expect(streamSeed(2025, "labels")).toBe(3266093014);
  });

  it("give each name its own stream, reproducible with createRandom from the stream's seed", () => {
    const names = ["classifier", "design", "labels", "production"];
    const seeds = names.map((n) => streamSeed(2024, n));
    expect(new Set(seeds).size).toBe(names.length);
    const s = streamFor(2024, "design");
    expect(s.seed).toBe(streamSeed(2024, "design"));
    const again = createRandom(s.seed);
    const drawn = Array.from({ length: 5 }, () => s.next());
    expect(Array.from({ length: 5 }, () => again.next())).toEqual(drawn);
    const other = streamFor(2024, "labels");
    expect(Array.from({ length: 5 }, () => other.next())).not.toEqual(drawn);
  });

  it("do not overlap across neighbouring run seeds the way seed + 1 does", () => {
    const seeds = new Set<number>();
    for (let seed = 0; seed < 200; seed++) for (const n of ["design", "labels", "production"]) seeds.add(streamSeed(seed, n));
    expect(seeds.size).toBe(600);
  });

  it("refuses a non-integer seed and an empty name", () => {
    expect(() => streamSeed(1.5, "labels")).toThrow(RangeError);
    expect(() => streamSeed(1, "")).toThrow(/name/);
  });
});
