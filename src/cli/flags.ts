/**
 * @module cli/flags
 * The one way commands read flag values. Commander hands over strings; each flag is a zod schema
 * from that string to its value, built by a helper (`intFlag`, `numberFlag`, `yearFlag`,
 * `choiceFlag`). A bad value is an InputError (exit 2) naming the flag, what it must be and what
 * was given: `--n must be a whole number >= 1, got 'x'`.
 *
 *   const n = intFlag("--n", { min: 1 }).parse(opts.n);               // number | undefined
 *   const { seed, draws } = parseFlags(opts, {                        // keys are commander's camelCase names
 *     seed: intFlag("--seed", { default: 1 }),
 *     draws: intFlag("--draws", { min: 1, default: 10_000 }),
 *   });
 */
import { z } from "zod";
import { InputError } from "../domain/errors.ts";

/** A flag: its name (`--tile-size`) and the schema from commander's raw value to the value. */
export interface Flag<T> {
  readonly name: string;
  readonly schema: z.ZodType<T>;
  /** The value of the flag, or an InputError naming it. */
  parse(raw: unknown): T;
}

export interface NumberFlagOptions {
  min?: number;
  max?: number;
  /** `min` itself is not allowed (> min). */
  minExclusive?: boolean;
  /** `max` itself is not allowed (< max). */
  maxExclusive?: boolean;
  /** The value must be a multiple of this (whole numbers only). */
  multipleOf?: number;
}

/** A plain decimal number: no hex, no "Infinity", no empty string. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** What a number flag must be, in words: "a whole number from 1 to 10", "a number in [0, 1)". */
export function describeNumber(integer: boolean, { min, max, minExclusive = false, maxExclusive = false, multipleOf }: NumberFlagOptions): string {
  const kind = multipleOf !== undefined ? `a multiple of ${multipleOf}` : integer ? "a whole number" : "a number";
  const hasMin = min !== undefined && min > -Infinity;
  const hasMax = max !== undefined && max < Infinity;
  if (hasMin && hasMax) {
    if (integer && !minExclusive && !maxExclusive) return `${kind} from ${min} to ${max}`;
    return `${kind} in ${minExclusive ? "(" : "["}${min}, ${max}${maxExclusive ? ")" : "]"}`;
  }
  if (hasMin) return `${kind} ${minExclusive ? ">" : ">="} ${min}`;
  if (hasMax) return `${kind} ${maxExclusive ? "<" : "<="} ${max}`;
  return kind;
}

function makeFlag<T>(name: string, schema: z.ZodType<T>): Flag<T> {
  return {
    name,
    schema,
    parse(raw: unknown): T {
      const result = schema.safeParse(raw);
      if (result.success) return result.data;
      throw flagError(name, raw, result.error.issues[0]?.message ?? "valid");
    },
  };
}

function flagError(name: string, raw: unknown, expected: string): InputError {
  return new InputError(`${name} must be ${expected}, got '${String(raw)}'`, { field: name.replace(/^-+/, "") });
}

/** A schema from a raw flag value (undefined when not given) to T; `check` returns undefined for a bad value. */
function rawSchema<T>(expected: string, check: (text: string) => T | undefined, fallback: T): z.ZodType<T> {
  return z.unknown().transform((raw, ctx) => {
    if (raw === undefined) return fallback;
    const value = typeof raw === "string" || typeof raw === "number" ? check(String(raw).trim()) : undefined;
    if (value === undefined) {
      ctx.addIssue({ code: "custom", message: expected });
      return z.NEVER;
    }
    return value;
  }) as unknown as z.ZodType<T>;
}

function numberSchema<T extends number | undefined>(integer: boolean, options: NumberFlagOptions, fallback: T): z.ZodType<number | T> {
  const { min = -Infinity, max = Infinity, minExclusive = false, maxExclusive = false, multipleOf } = options;
  return rawSchema<number | T>(
    describeNumber(integer, options),
    (text) => {
      if (!DECIMAL.test(text)) return undefined;
      const v = Number(text);
      if (!Number.isFinite(v) || (integer && !Number.isInteger(v))) return undefined;
      if (minExclusive ? v <= min : v < min) return undefined;
      if (maxExclusive ? v >= max : v > max) return undefined;
      if (multipleOf !== undefined && v % multipleOf !== 0) return undefined;
      return v;
    },
    fallback,
  );
}

/** A whole-number flag; undefined when not given, unless a default is set. */
export function intFlag(name: string, options: NumberFlagOptions & { default: number }): Flag<number>;
export function intFlag(name: string, options?: NumberFlagOptions): Flag<number | undefined>;
export function intFlag(name: string, options: NumberFlagOptions & { default?: number } = {}): Flag<number | undefined> {
  return makeFlag(name, numberSchema(true, options, options.default));
}

/** A number flag (finite, decimal); undefined when not given, unless a default is set. */
export function numberFlag(name: string, options: NumberFlagOptions & { default: number }): Flag<number>;
export function numberFlag(name: string, options?: NumberFlagOptions): Flag<number | undefined>;
export function numberFlag(name: string, options: NumberFlagOptions & { default?: number } = {}): Flag<number | undefined> {
  return makeFlag(name, numberSchema(false, options, options.default));
}

/** A four-digit year. */
export function yearFlag(name: string): Flag<number | undefined> {
  return makeFlag(
    name,
    rawSchema<number | undefined>("a four-digit year", (text) => (/^\d{4}$/.test(text) ? Number(text) : undefined), undefined),
  );
}

/** One of a fixed list of words: `--design must be stratified, simple-random or systematic, got 'x'`. */
export function choiceFlag<const T extends string>(name: string, choices: readonly T[], options: { default: T }): Flag<T>;
export function choiceFlag<const T extends string>(name: string, choices: readonly T[]): Flag<T | undefined>;
export function choiceFlag<const T extends string>(name: string, choices: readonly T[], options: { default?: T } = {}): Flag<T | undefined> {
  const words = choices.length > 1 ? `${choices.slice(0, -1).join(", ")} or ${choices[choices.length - 1]}` : (choices[0] ?? "");
  return makeFlag(
    name,
    rawSchema<T | undefined>(words, (text) => ((choices as readonly string[]).includes(text) ? (text as T) : undefined), options.default),
  );
}

type FlagValues<F extends Record<string, Flag<unknown>>> = { [K in keyof F]: F[K] extends Flag<infer T> ? T : never };

/**
 * Read several flags from commander's options at once (keys are the options' camelCase names).
 * @throws InputError naming the first bad flag.
 */
export function parseFlags<F extends Record<string, Flag<unknown>>>(opts: object, flags: F): FlagValues<F> {
  const raw = opts as Record<string, unknown>;
  return Object.fromEntries(Object.entries(flags).map(([key, flag]) => [key, flag.parse(raw[key])])) as FlagValues<F>;
}
