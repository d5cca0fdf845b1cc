import { describe, expect, it } from "vitest";
import { exitCodeFor, InputError } from "../domain/errors.ts";
import { choiceFlag, describeNumber, intFlag, numberFlag, parseFlags, yearFlag } from "./flags.ts";

/** The InputError a parse throws (or fails the test). */
function errorOf(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error("expected an InputError");
}

describe("intFlag / numberFlag", () => {
  it("read valid values, undefined when not given, the default when set", () => {
    expect(intFlag("--n", { min: 1 }).parse("25")).toBe(25);
    expect(intFlag("--n", { min: 1 }).parse(" 7 ")).toBe(7);
    expect(intFlag("--n").parse(undefined)).toBeUndefined();
    expect(intFlag("--seed", { default: 42 }).parse(undefined)).toBe(42);
    expect(intFlag("--seed").parse("-3")).toBe(-3);
    expect(numberFlag("--z").parse("1.96")).toBe(1.96);
    expect(numberFlag("--x").parse("1e3")).toBe(1000);
    expect(numberFlag("--x").parse(".5")).toBe(0.5);
    expect(intFlag("--tile-size", { min: 16, max: 4096, multipleOf: 16 }).parse("512")).toBe(512);
  });

  it("refuse what Number() would let through: empty, hex, Infinity, fractions for whole numbers", () => {
    for (const bad of ["", "  ", "0x10", "Infinity", "NaN", "1.5", "12abc", "1,000"]) {
      expect(() => intFlag("--n").parse(bad), bad).toThrow(InputError);
    }
    expect(() => numberFlag("--x").parse("Infinity")).toThrow(InputError);
    expect(() => numberFlag("--x").parse("")).toThrow(InputError);
  });

  it("name the flag, say what it must be and what was given; exit code 2; field without dashes", () => {
    const e = errorOf(() => intFlag("--n", { min: 1 }).parse("0"));
    expect(e.message).toBe("--n must be a whole number >= 1, got '0'");
    expect(e.field).toBe("n");
    expect(exitCodeFor(e)).toBe(2);
    expect(errorOf(() => numberFlag("--error-rate", { min: 0, max: 1, maxExclusive: true }).parse("1")).message).toBe(
      "--error-rate must be a number in [0, 1), got '1'",
    );
    expect(errorOf(() => intFlag("--tile-size", { min: 16, max: 4096, multipleOf: 16 }).parse("20")).message).toBe(
      "--tile-size must be a multiple of 16 from 16 to 4096, got '20'",
    );
    expect(errorOf(() => intFlag("--horizon", { min: 1, max: 10 }).parse("11")).message).toBe("--horizon must be a whole number from 1 to 10, got '11'");
    expect(errorOf(() => numberFlag("--target-se", { min: 0, minExclusive: true }).parse("0")).message).toBe("--target-se must be a number > 0, got '0'");
  });

  it("describe ranges in words", () => {
    expect(describeNumber(false, {})).toBe("a number");
    expect(describeNumber(true, { max: 9 })).toBe("a whole number <= 9");
    expect(describeNumber(false, { min: 0, max: 1, minExclusive: true, maxExclusive: true })).toBe("a number in (0, 1)");
  });
});

describe("yearFlag / choiceFlag", () => {
  it("a four-digit year", () => {
    expect(yearFlag("--year").parse("2016")).toBe(2016);
    expect(errorOf(() => yearFlag("--from").parse("20x")).message).toBe("--from must be a four-digit year, got '20x'");
    expect(() => yearFlag("--year").parse("216")).toThrow(InputError);
  });

  it("one of a list of words", () => {
    expect(choiceFlag("--connectivity", ["4", "8"], { default: "4" }).parse(undefined)).toBe("4");
    expect(choiceFlag("--connectivity", ["4", "8"]).parse("8")).toBe("8");
    expect(errorOf(() => choiceFlag("--design", ["stratified", "simple-random", "systematic"]).parse("cluster")).message).toBe(
      "--design must be stratified, simple-random or systematic, got 'cluster'",
    );
  });
});

describe("parseFlags", () => {
  it("reads commander's camelCase options and names the first bad flag", () => {
    const spec = { errorRate: numberFlag("--error-rate", { min: 0, max: 1, maxExclusive: true, default: 0.03 }), n: intFlag("--n", { min: 10 }) };
    expect(parseFlags({ n: "40" }, spec)).toEqual({ errorRate: 0.03, n: 40 });
    expect(parseFlags({ errorRate: "0.1", json: true }, spec)).toEqual({ errorRate: 0.1, n: undefined });
    const e = errorOf(() => parseFlags({ errorRate: "0.1", n: "3" }, spec));
    expect(e.message).toBe("--n must be a whole number >= 10, got '3'");
    expect(errorOf(() => parseFlags({ errorRate: "-1", n: "3" }, spec)).field).toBe("error-rate");
  });
});
