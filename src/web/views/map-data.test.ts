import { describe, expect, it } from "vitest";
import { breaks, pickSurvey } from "./map-data.ts";

const survey = (id: number, year: number) => ({ id, year, name: `s${id}`, country: "PER", simulated: false, createdAt: "2026-01-01" });

describe("map data", () => {
  it("picks the asked survey, else the newest of the year, else the newest", () => {
    const all = [survey(1, 2022), survey(2, 2023), survey(3, 2023), survey(4, 2021)];
    expect(pickSurvey(all, 2023)?.id).toBe(3);
    expect(pickSurvey(all, 2021)?.id).toBe(4);
    expect(pickSurvey(all, 2030)?.id).toBe(3);
    expect(pickSurvey(all, 2023, 1)?.id).toBe(1);
    expect(pickSurvey(all, 2023, 99)).toBeUndefined();
    expect(pickSurvey([], 2023)).toBeUndefined();
  });

  it("breaks at quantiles of the positive values, without repeats", () => {
    expect(breaks([10, 20, 30, 40, 50, 60, 70, 80, 90, 100])).toEqual([30, 50, 70, 90]);
    expect(breaks([0, 5, 5, 5, Number.NaN])).toEqual([5]);
    expect(breaks([0, -1])).toEqual([]);
  });
});
