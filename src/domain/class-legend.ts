/**
 * @module domain/class-legend
 * The legend of a class map: for each class its code, its name and its colour (RGBA).
 *
 * Index convention (the one every class map of Coca Monitor uses): code 0 is nodata (masked, outside
 * the data; transparent, no class); `classes[i]` has code `i + 1`, so a legend of K classes uses the
 * codes 1..K (at most 255, the codes of a uint8 class map). It is the convention of the classifier
 * model (`model.classes[code - 1]`), the class-map writer (GDAL_METADATA CLASS_NAMES in code order, a
 * colour table indexed by code with entry 0 transparent), the class-map reader (`classNames[code - 1]`)
 * and the API overview (`value = i + 1`).
 *
 * Colours: a class keeps the colour it is given (e.g. from a file's colour table); otherwise a class
 * named as in the project's land-cover legend gets that colour (`LAND_COVER_COLORS`, the demo scene's
 * legend), and any other class takes the colour of its index in a fixed palette (ColorBrewer Set1
 * first, as before the legend) unless that is within CIE76 ΔE 20 of a colour already in the legend, in
 * which case it takes the first palette colour clearly distinct from all of them.
 */
import { DataError } from "./errors.ts";

/** A colour: red, green, blue, alpha, each 0..255. */
export type Rgba = readonly [number, number, number, number];

export interface LegendClass {
  /** The class code in the class map (1..255). */
  readonly code: number;
  readonly name: string;
  readonly color: Rgba;
}

/** A legend; `classes[i].code === i + 1` always. */
export interface ClassLegend {
  readonly classes: readonly LegendClass[];
}

/** The code of nodata in every class map. */
export const NODATA_CODE = 0;
/** Colour-table entry of nodata: transparent black. */
export const NODATA_COLOR: Rgba = [0, 0, 0, 0];
/** The largest class code of a uint8 class map. */
export const MAX_CLASS_CODE = 255;

/** Colours of the project's land-cover classes by exact name (the demo scene's legend; coca is red). */
export const LAND_COVER_COLORS: Readonly<Record<string, Rgba>> = {
  "primary forest": [11, 93, 30, 255],
  "secondary regrowth": [95, 168, 57, 255],
  pasture: [217, 232, 111, 255],
  "other crops": [184, 134, 11, 255],
  coca: [227, 26, 28, 255],
  "bare soil and roads": [160, 82, 45, 255],
  settlement: [127, 127, 127, 255],
  water: [31, 120, 180, 255],
};

/**
 * Colours for other classes, tried from the class's own index on (ColorBrewer Set1 first, as class maps
 * were coloured before the legend existed, then further distinct hues).
 */
const PALETTE: readonly Rgba[] = [
  [228, 26, 28, 255],
  [55, 126, 184, 255],
  [77, 175, 74, 255],
  [152, 78, 163, 255],
  [255, 127, 0, 255],
  [255, 255, 51, 255],
  [166, 86, 40, 255],
  [247, 129, 191, 255],
  [153, 153, 153, 255],
  [27, 158, 119, 255],
  [117, 112, 179, 255],
  [102, 194, 165, 255],
  [252, 141, 98, 255],
  [0, 0, 128, 255],
  [128, 0, 0, 255],
  [0, 128, 128, 255],
  [202, 178, 214, 255],
  [40, 40, 40, 255],
];

/** Colours closer than this (CIE76 ΔE in CIELAB) count as the same colour. */
export const MIN_COLOR_DISTANCE = 20;

/** One class as given to `createClassLegend`: a name and, optionally, its colour. */
export interface LegendEntry {
  name: string;
  color?: Rgba | undefined;
}

/**
 * A legend from names in code order (`entries[i]` gets code i + 1), each with its colour or a default one
 * (see the module doc). Throws a DataError for more than 255 classes. Names are not required to be
 * unique (a GDAL file may repeat them); lookups by name give the first.
 */
export function createClassLegend(entries: readonly (string | LegendEntry)[]): ClassLegend {
  if (entries.length > MAX_CLASS_CODE)
    throw new DataError(`a class map holds at most ${MAX_CLASS_CODE} classes (codes 1..${MAX_CLASS_CODE}); got ${entries.length}`);
  const list = entries.map((e) => (typeof e === "string" ? { name: e } : e));
  const colors: (Rgba | undefined)[] = list.map((e) => e.color ?? LAND_COVER_COLORS[e.name]);
  const taken = colors.filter((c): c is Rgba => c !== undefined).map(toLab);
  // First every other class takes the palette colour of its index, unless that clashes; then the clashing
  // ones take the first free colour. So a class changes colour only when its own would clash.
  const clashing: number[] = [];
  list.forEach((_, i) => {
    if (colors[i]) return;
    const own = PALETTE[i % PALETTE.length]!;
    const lab = toLab(own);
    if (taken.some((t) => labDistance2(lab, t) < MIN_COLOR_DISTANCE * MIN_COLOR_DISTANCE)) clashing.push(i);
    else {
      colors[i] = own;
      taken.push(lab);
    }
  });
  for (const i of clashing) {
    const color = distinctColor(i, taken);
    colors[i] = color;
    taken.push(toLab(color));
  }
  const classes = list.map((e, i): LegendClass => {
    const color = colors[i]!;
    return { code: i + 1, name: e.name, color: [color[0], color[1], color[2], color[3]] };
  });
  return { classes };
}

/**
 * The legend of a class map as read: names in code order and the file's colour table (index = code) when
 * it has one. A code's table colour is kept unless it is black with no colour (0, 0, 0), which is what a
 * table without an entry for the code holds; such classes get a default colour.
 */
export function legendFromColorTable(classNames: readonly string[], colorTable: readonly (readonly number[])[] | undefined): ClassLegend {
  return createClassLegend(
    classNames.slice(0, MAX_CLASS_CODE).map((name, i) => {
      const c = colorTable?.[i + 1];
      const color: Rgba | undefined = c && (c[0]! | c[1]! | c[2]!) !== 0 ? [c[0]!, c[1]!, c[2]!, c[3] ?? 255] : undefined;
      return { name, color };
    }),
  );
}

/** The class of a code, or undefined for nodata and codes outside the legend. */
export function classByCode(legend: ClassLegend, code: number): LegendClass | undefined {
  return Number.isInteger(code) && code >= 1 ? legend.classes[code - 1] : undefined;
}

/** The (first) class of a name, or undefined. */
export function classByName(legend: ClassLegend, name: string): LegendClass | undefined {
  return legend.classes.find((c) => c.name === name);
}

/** The code of a class name, or undefined when the legend has no such class. */
export function codeOf(legend: ClassLegend, name: string): number | undefined {
  return classByName(legend, name)?.code;
}

/** The name of a code, or undefined for nodata and codes outside the legend. */
export function nameOf(legend: ClassLegend, code: number): string | undefined {
  return classByCode(legend, code)?.name;
}

/** Class names in code order (`names[code - 1]`), as written to CLASS_NAMES. */
export function legendNames(legend: ClassLegend): string[] {
  return legend.classes.map((c) => c.name);
}

/** The colour table of a class map: index = code, entry 0 (nodata) transparent. */
export function legendColorTable(legend: ClassLegend): Rgba[] {
  return [NODATA_COLOR, ...legend.classes.map((c) => c.color)];
}

/** A colour as CSS hex, "#rrggbb" (alpha dropped). */
export function hexColor(color: Rgba): string {
  return `#${[color[0], color[1], color[2]].map((v) => v.toString(16).padStart(2, "0")).join("")}`;
}

/** CIE76 colour difference ΔE between two colours (alpha ignored). */
export function colorDistance(a: Rgba, b: Rgba): number {
  const la = toLab(a);
  const lb = toLab(b);
  return Math.hypot(la[0] - lb[0], la[1] - lb[1], la[2] - lb[2]);
}

/** Further candidates after the palette: golden-angle hues at three lightnesses. */
const GENERATED: readonly Rgba[] = Array.from({ length: 64 }, (_, k) => hsl((k * 137.508) % 360, 0.65, [0.45, 0.65, 0.3][k % 3]!));

let candidateLabs: { palette: Lab[]; generated: Lab[] } | undefined;

/** The first palette colour from index `i` on (then generated hues) at least MIN_COLOR_DISTANCE from all `taken`; else the farthest. */
function distinctColor(i: number, taken: readonly Lab[]): Rgba {
  candidateLabs ??= { palette: PALETTE.map(toLab), generated: GENERATED.map(toLab) };
  const { palette, generated } = candidateLabs;
  const min2 = MIN_COLOR_DISTANCE * MIN_COLOR_DISTANCE;
  let best: Rgba = PALETTE[i % PALETTE.length]!;
  let bestDistance2 = -1;
  const n = PALETTE.length + GENERATED.length;
  for (let k = 0; k < n; k++) {
    const [color, lab] =
      k < PALETTE.length
        ? [PALETTE[(i + k) % PALETTE.length]!, palette[(i + k) % PALETTE.length]!]
        : [GENERATED[k - PALETTE.length]!, generated[k - PALETTE.length]!];
    let nearest2 = Infinity;
    for (const t of taken) {
      const d = labDistance2(lab, t);
      if (d < nearest2) {
        nearest2 = d;
        if (d < bestDistance2) break;
      }
    }
    if (nearest2 >= min2) return color;
    if (nearest2 > bestDistance2) {
      best = color;
      bestDistance2 = nearest2;
    }
  }
  return best;
}

function hsl(h: number, s: number, l: number): Rgba {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number): number => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4), 255];
}

type Lab = [number, number, number];

function labDistance2(a: Lab, b: Lab): number {
  return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2;
}

/** sRGB (D65) to CIELAB. */
function toLab(c: Rgba): Lab {
  const lin = (v: number): number => {
    const u = v / 255;
    return u <= 0.04045 ? u / 12.92 : ((u + 0.055) / 1.055) ** 2.4;
  };
  const r = lin(c[0]),
    g = lin(c[1]),
    b = lin(c[2]);
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number): number => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}
