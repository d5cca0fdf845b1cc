/**
 * @module change/transition-legend
 * The legend of a transition map between two class maps: one code for every from -> to pair of the common
 * legend (code = 1 + i·K + j for classes i, j of K), their names and colours, and the lookup table that turns
 * a pair of raw map codes into a transition code in one typed-array read. Class names are matched by name,
 * not by code (the two maps may number their classes differently); a rename mapping (`bosque=forest`) may
 * bring both legends to the same names. Legends that still differ are refused: a transition between
 * classes that only one map knows is not a change on the ground.
 */
import { InputError } from "../domain/errors.ts";
import type { Rgba } from "../raster/read/raster-source.ts";

/** Transition codes are uint8: 0 is nodata, 255 marks "a code outside the legend" while counting. */
export const MAX_TRANSITIONS = 254;
export const UNKNOWN_CODE = 255;

export interface TransitionClass {
  /** Code in the transition raster (1..254). */
  code: number;
  fromClass: string;
  toClass: string;
  /** "forest -> cleared". */
  name: string;
  changed: boolean;
}

export interface TransitionLegend {
  /** The common legend (after renaming), in the order of the first map. */
  classes: string[];
  /** One per from -> to pair, by code. */
  transitions: TransitionClass[];
  /** lut[(fromCode << 8) | toCode] = transition code, 0 for nodata, UNKNOWN_CODE for a code outside the legend. */
  lut: Uint8Array;
  /** Colour of each transition code (index = code). */
  colorTable: Rgba[];
}

/** One class map's legend as read from its file. */
export interface MapLegend {
  /** Path or URL, for messages. */
  ref: string;
  /** classNames[k - 1] names raw code k. */
  classNames: readonly string[];
  /** Raw nodata value (code 0 is nodata as well). */
  nodata: number | null;
}

/** Parse `old=new,old2=new2` (class names; `=` inside names is not supported). */
export function parseClassRenames(text: string | undefined, flag = "class-map"): Map<string, string> {
  const out = new Map<string, string>();
  if (text === undefined || text.trim() === "") return out;
  for (const part of text.split(",")) {
    const m = /^\s*([^=]+?)\s*=\s*(.+?)\s*$/.exec(part);
    if (!m) throw new InputError(`--${flag}: expected OLD=NEW class-name pairs separated by commas, got '${part}'`, { field: flag });
    out.set(m[1]!, m[2]!);
  }
  return out;
}

/** The transition name of a pair. */
export const transitionName = (from: string, to: string): string => `${from} -> ${to}`;

/**
 * Build the transition legend of two maps. Throws InputError naming the files when the legends differ after
 * renaming, or when there are more than 254 pairs.
 */
export function buildTransitionLegend(from: MapLegend, to: MapLegend, renames: ReadonlyMap<string, string> = new Map()): TransitionLegend {
  const rename = (n: string): string => renames.get(n) ?? n;
  const fromNames = from.classNames.map(rename);
  const toNames = to.classNames.map(rename);
  const classes: string[] = [];
  for (const n of fromNames) if (!classes.includes(n)) classes.push(n);
  const toSet = new Set(toNames);
  const onlyFrom = classes.filter((n) => !toSet.has(n));
  const onlyTo = [...toSet].filter((n) => !classes.includes(n));
  if (onlyFrom.length > 0 || onlyTo.length > 0) {
    const parts: string[] = [];
    if (onlyTo.length) parts.push(`${to.ref} has ${onlyTo.map((n) => `"${n}"`).join(", ")} that ${from.ref} lacks`);
    if (onlyFrom.length) parts.push(`${from.ref} has ${onlyFrom.map((n) => `"${n}"`).join(", ")} that ${to.ref} lacks`);
    throw new InputError(`the two class maps have different legends: ${parts.join("; ")}. Give --class-map OLD=NEW,... to bring both to the same class names`, {
      field: "class-map",
    });
  }
  const K = classes.length;
  if (K * K > MAX_TRANSITIONS) {
    throw new InputError(
      `${from.ref} and ${to.ref} have ${K} classes, so ${K * K} transitions: more than the ${MAX_TRANSITIONS} codes of a uint8 transition map; ` +
        `merge classes with --class-map OLD=NEW,...`,
      { field: "class-map" },
    );
  }
  const index = new Map(classes.map((n, i) => [n, i]));
  const transitions: TransitionClass[] = [];
  for (let i = 0; i < K; i++)
    for (let j = 0; j < K; j++) {
      const fromClass = classes[i]!;
      const toClass = classes[j]!;
      transitions.push({ code: 1 + i * K + j, fromClass, toClass, name: transitionName(fromClass, toClass), changed: i !== j });
    }
  // Raw code -> class index + 1 (0: nodata, -1: outside the legend).
  const classOfCode = (legend: MapLegend, names: string[]): Int16Array => {
    const t = new Int16Array(256).fill(-1);
    names.forEach((n, k) => {
      if (k + 1 < 256) t[k + 1] = index.get(n)! + 1;
    });
    t[0] = 0;
    if (legend.nodata !== null && Number.isInteger(legend.nodata) && legend.nodata >= 0 && legend.nodata < 256) t[legend.nodata] = 0;
    return t;
  };
  const fa = classOfCode(from, fromNames);
  const tb = classOfCode(to, toNames);
  const lut = new Uint8Array(65536);
  for (let a = 0; a < 256; a++)
    for (let b = 0; b < 256; b++) {
      const i = fa[a]!;
      const j = tb[b]!;
      lut[(a << 8) | b] = i === 0 || j === 0 ? 0 : i < 0 || j < 0 ? UNKNOWN_CODE : 1 + (i - 1) * K + (j - 1);
    }
  return { classes, transitions, lut, colorTable: transitionColors(transitions) };
}

const isCoca = (n: string): boolean => /coca/i.test(n);

/**
 * Colours: stable classes in light greys, changes in a hue per destination class; for coca, new coca red,
 * coca lost blue, persistent coca dark red.
 */
export function transitionColors(transitions: readonly TransitionClass[]): Rgba[] {
  const table: Rgba[] = Array.from({ length: 256 }, () => [0, 0, 0, 0] as const);
  const palette: Rgba[] = [
    [255, 127, 0, 255],
    [152, 78, 163, 255],
    [77, 175, 74, 255],
    [255, 255, 51, 255],
    [166, 86, 40, 255],
    [247, 129, 191, 255],
    [0, 200, 200, 255],
  ];
  const dest = [...new Set(transitions.map((t) => t.toClass))];
  transitions.forEach((t) => {
    let c: Rgba;
    if (!t.changed)
      c = isCoca(t.fromClass)
        ? [120, 0, 0, 255]
        : ([190 - (dest.indexOf(t.fromClass) % 4) * 20, 190 - (dest.indexOf(t.fromClass) % 4) * 20, 190 - (dest.indexOf(t.fromClass) % 4) * 20, 255] as const);
    else if (isCoca(t.toClass)) c = [215, 25, 28, 255];
    else if (isCoca(t.fromClass)) c = [43, 131, 186, 255];
    else c = palette[dest.indexOf(t.toClass) % palette.length]!;
    table[t.code] = c;
  });
  return table;
}
