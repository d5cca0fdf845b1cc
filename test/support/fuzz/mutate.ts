/**
 * @module test/support/fuzz/mutate
 * Seeded mutators for fuzzing readers: byte-level mutations for any file, and structure-aware ones for TIFF
 * (an IFD entry's type, count or value rewritten to an "interesting" number) and for JSON (values replaced by
 * other JSON types, arrays nested deeply, members removed). Input `i` of a run is a pure function of
 * (seed, i), so any finding is reproduced from its two numbers.
 */
import { createRandom, type Random } from "../../../src/stats/random.ts";

/** Numbers that break parsers: zero, one, powers of two and their neighbours, the largest values of each width. */
export const INTERESTING = [
  0, 1, 2, 3, 4, 7, 8, 15, 16, 17, 31, 32, 63, 64, 127, 128, 255, 256, 512, 4095, 4096, 0x7fff, 0x8000, 0xfffe, 0xffff, 0x10000, 0x7fffffff, 0x80000000,
  0xfffffffe, 0xffffffff,
];

/** The generator of input `index` of run `seed`. */
export function inputRandom(seed: number, index: number): Random {
  return createRandom((Math.imul(seed, 1_000_003) + index * 7919) | 0);
}

function pick<T>(r: Random, items: readonly T[]): T {
  return items[r.int(items.length)]!;
}

/** One to a few byte-level mutations: bit flips, interesting bytes/words, truncation, chunk copies, insertions. */
export function mutateBytes(input: Uint8Array, r: Random): Uint8Array {
  let out: Uint8Array = Uint8Array.from(input);
  const n = 1 + r.int(4);
  for (let k = 0; k < n && out.length > 0; k++) {
    const at = r.int(out.length);
    switch (r.int(7)) {
      case 0:
        out[at] = out[at]! ^ (1 << r.int(8));
        break;
      case 1:
        out[at] = pick(r, [0, 1, 0x7f, 0x80, 0xff]);
        break;
      case 2: {
        const v = pick(r, INTERESTING);
        const dv = new DataView(out.buffer, out.byteOffset, out.length);
        if (at + 4 <= out.length) dv.setUint32(at, v >>> 0, r.int(2) === 0);
        else if (at + 2 <= out.length) dv.setUint16(at, v & 0xffff, r.int(2) === 0);
        break;
      }
      case 3:
        out = out.subarray(0, at);
        break;
      case 4: {
        const from = r.int(out.length);
        const len = Math.min(1 + r.int(64), out.length - from, out.length - at);
        out.copyWithin(at, from, from + len);
        break;
      }
      case 5: {
        const len = 1 + r.int(16);
        const grown = new Uint8Array(out.length + len);
        grown.set(out.subarray(0, at));
        for (let i = 0; i < len; i++) grown[at + i] = r.int(256);
        grown.set(out.subarray(at), at + len);
        out = grown;
        break;
      }
      default:
        for (let i = 0; i < 1 + r.int(32) && at + i < out.length; i++) out[at + i] = r.int(256);
    }
  }
  return out;
}

/** Byte positions of the fields of each entry of a TIFF's first IFD (empty when the header is unreadable). */
export function tiffEntryFields(bytes: Uint8Array): { le: boolean; big: boolean; entries: { at: number }[] } {
  const none = { le: true, big: false, entries: [] };
  if (bytes.length < 16) return none;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const le = bytes[0] === 0x49;
  const magic = dv.getUint16(2, le);
  const big = magic === 43;
  if (magic !== 42 && !big) return none;
  const ifd = big ? Number(dv.getBigUint64(8, le)) : dv.getUint32(4, le);
  const countSize = big ? 8 : 2;
  if (ifd + countSize > bytes.length) return none;
  const n = big ? Number(dv.getBigUint64(ifd, le)) : dv.getUint16(ifd, le);
  const size = big ? 20 : 12;
  const entries: { at: number }[] = [];
  for (let i = 0; i < n && ifd + countSize + (i + 1) * size <= bytes.length; i++) entries.push({ at: ifd + countSize + i * size });
  return { le, big, entries };
}

/**
 * A TIFF-aware mutation: rewrite one IFD entry's type, count or value/offset (the fields behind band counts, tile
 * sizes, offsets and GeoKey directories), or corrupt a few bytes of the values an entry points to; else a byte-level one.
 */
export function mutateTiff(input: Uint8Array, r: Random): Uint8Array {
  const { le, big, entries } = tiffEntryFields(input);
  if (entries.length === 0 || r.int(4) === 0) return mutateBytes(input, r);
  const out = Uint8Array.from(input);
  const dv = new DataView(out.buffer);
  const rounds = 1 + r.int(2);
  for (let k = 0; k < rounds; k++) {
    const { at } = pick(r, entries);
    const valueAt = at + (big ? 12 : 8);
    switch (r.int(5)) {
      case 0: // field type, including RATIONAL, DOUBLE, LONG8 and unknown codes
        dv.setUint16(at + 2, pick(r, [0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 16, 17, 18, 19, 0xffff]), le);
        break;
      case 1: // count
        if (big) dv.setBigUint64(at + 4, BigInt(pick(r, [...INTERESTING, 2 ** 40, 2 ** 53])), le);
        else dv.setUint32(at + 4, pick(r, INTERESTING) >>> 0, le);
        break;
      case 2: // inline value or offset
        if (big) dv.setBigUint64(valueAt, BigInt(pick(r, [...INTERESTING, input.length, input.length - 1, 2 ** 62])), le);
        else dv.setUint32(valueAt, pick(r, [...INTERESTING, input.length, input.length - 1]) >>> 0, le);
        break;
      case 3: // one 16-bit half of an inline value (SHORT tags: width, bands, bits, tile size)
        dv.setUint16(valueAt + 2 * r.int(2), pick(r, INTERESTING) & 0xffff, le);
        break;
      default: {
        // bytes the entry points to (tile offsets, GeoKeys, model tags)
        const off = big ? Number(dv.getBigUint64(valueAt, le)) : dv.getUint32(valueAt, le);
        if (off + 8 <= out.length) for (let i = 0; i < 1 + r.int(8); i++) out[off + r.int(Math.min(64, out.length - off))] = pick(r, [0, 0xff, r.int(256)]);
      }
    }
  }
  return out;
}

const JSON_REPLACEMENTS: unknown[] = [null, true, 0, -1, 1e308, -1e308, "", "x", [], {}, [[]], [null], [1], { type: "Polygon" }, NaN];

/** Deeply nested arrays, built iteratively (depth up to 100,000). */
function deepArray(depth: number): string {
  return "[".repeat(depth) + "]".repeat(depth);
}

/** All paths (arrays of keys) to values inside `value`, visited iteratively, at most `limit`. */
function paths(value: unknown, limit = 20_000): (string | number)[][] {
  const out: (string | number)[][] = [];
  const stack: [unknown, (string | number)[]][] = [[value, []]];
  while (stack.length > 0 && out.length < limit) {
    const [v, p] = stack.pop()!;
    out.push(p);
    if (Array.isArray(v)) v.forEach((x, i) => stack.push([x, [...p, i]]));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) stack.push([x, [...p, k]]);
  }
  return out;
}

/**
 * A JSON-aware mutation: replace a value by one of another type, remove a member, duplicate an array element
 * (or grow a number hugely), or splice in deeply nested arrays; one time in eight, a byte-level mutation of the text.
 */
export function mutateJson(text: string, r: Random, deepLevels: readonly number[] = [64, 1000, 20_000, 100_000]): string {
  if (r.int(8) === 0) return new TextDecoder().decode(mutateBytes(new TextEncoder().encode(text), r));
  const doc = JSON.parse(text) as unknown;
  const all = paths(doc);
  const rounds = 1 + r.int(3);
  let root = doc;
  const deep: string[] = [];
  for (let k = 0; k < rounds; k++) {
    const p = pick(r, all);
    if (p.length === 0) continue;
    let parent = root as Record<string | number, unknown>;
    for (const key of p.slice(0, -1)) {
      const next = parent?.[key];
      if (next === null || typeof next !== "object") break;
      parent = next as Record<string | number, unknown>;
    }
    const last = p[p.length - 1]!;
    if (parent === null || typeof parent !== "object" || !(last in parent)) continue;
    switch (r.int(6)) {
      case 0:
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else delete parent[last];
        break;
      case 1: {
        const v = parent[last];
        if (typeof v === "number") parent[last] = pick(r, [v * 1e9, -v, v + 0.5, 1e300, -1e300, 0]);
        else parent[last] = structuredClone(pick(r, JSON_REPLACEMENTS));
        break;
      }
      case 2:
        if (Array.isArray(parent)) for (let i = 0; i < 1 + r.int(3); i++) parent.push(parent[Number(last)]);
        else parent[last] = structuredClone(pick(r, JSON_REPLACEMENTS));
        break;
      case 3: {
        // a placeholder replaced by a deep array in the text, so that JSON.stringify need not recurse
        const mark = `__deep${deep.length}__`;
        deep.push(deepArray(pick(r, deepLevels)));
        parent[last] = mark;
        break;
      }
      default:
        parent[last] = structuredClone(pick(r, JSON_REPLACEMENTS));
    }
    root = doc;
  }
  let out = JSON.stringify(root);
  deep.forEach((d, i) => (out = out.replace(`"__deep${i}__"`, d)));
  return out;
}
