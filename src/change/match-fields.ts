/**
 * @module change/match-fields
 * Fields (polygons) of two or more years matched by overlap. A pair of fields of consecutive years is linked
 * when their intersection over union reaches `minIou` or their overlap over the smaller field reaches
 * `minOverlapOfSmaller` (so a field that shrank inside last year's outline still matches). Candidate pairs come
 * from a Flatbush index of the later year's bounding boxes, not from all pairs; intersection areas are computed
 * on planar coordinates (metres): by Sutherland-Hodgman clipping when either field is one convex ring, else
 * with polyclip (via @turf/turf). From the links:
 * - a field with no link to the next year is abandoned, one with no link to the previous year is new;
 * - a field linked to several of the next year split; a field linked from several of the previous year merged;
 * - a one-to-one link is persistent.
 * Links are kept 1:n, and linked fields across all years form tracks, each field carrying its track's history.
 * Field matching is for maps and narrative: its areas are biased as estimates (change.md); areas of change come
 * from the sample estimator, field counts from here.
 */
import { featureCollection, intersect, multiPolygon } from "@turf/turf";
import Flatbush from "flatbush";
import type { Position } from "geojson";
import { InputError } from "../domain/errors.ts";

/** One field of one year, in planar coordinates (metres). */
export interface FieldShape {
  id: string;
  /** Polygons, each a list of rings (outer first), rings of [x, y]. */
  polygons: Position[][][];
}

export interface FieldYear {
  /** The year's label (e.g. "2017"). */
  label: string;
  fields: readonly FieldShape[];
}

export interface MatchOptions {
  /** Link when intersection / union >= this (default 0.3). */
  minIou?: number;
  /** Link when intersection / the smaller area >= this (default 0.5). */
  minOverlapOfSmaller?: number;
}

export type StateFromPrevious = "new" | "persistent" | "split" | "merged";
export type StateToNext = "abandoned" | "persistent" | "split" | "merged";

export interface FieldLink {
  fromYear: string;
  fromId: string;
  toYear: string;
  toId: string;
  intersectionM2: number;
  iou: number;
  overlapOfSmaller: number;
}

export interface MatchedField {
  year: string;
  /** Index of the year in the input. */
  yearIndex: number;
  id: string;
  areaM2: number;
  /** How the field came from the previous year (null for the first year). */
  stateFromPrevious: StateFromPrevious | null;
  /** What became of it in the next year (null for the last year). */
  stateToNext: StateToNext | null;
  previous: string[];
  next: string[];
  /** Fields linked across years share a track. */
  trackId: string;
}

export interface YearPairSummary {
  from: string;
  to: string;
  links: number;
  persistent: number;
  new: number;
  abandoned: number;
  /** Fields of `from` that split into several of `to`. */
  split: number;
  /** Fields of `to` that several of `from` merged into. */
  merged: number;
  /** Candidate pairs whose bounding boxes met (what the index saved against all pairs). */
  candidatePairs: number;
}

export interface FieldMatch {
  fields: MatchedField[];
  links: FieldLink[];
  pairs: YearPairSummary[];
  /** Track id -> the fields of the track by year. */
  tracks: Map<string, { year: string; ids: string[] }[]>;
  options: Required<MatchOptions>;
}

/** Planar area of polygons (outer rings minus holes), m². */
export function polygonsAreaM2(polygons: readonly Position[][][]): number {
  let total = 0;
  for (const poly of polygons)
    poly.forEach((ring, k) => {
      let s = 0;
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j]![0]! + ring[i]![0]!) * (ring[j]![1]! - ring[i]![1]!);
      total += (k === 0 ? 1 : -1) * Math.abs(s / 2);
    });
  return total;
}

function bboxOf(polygons: readonly Position[][][]): [number, number, number, number] {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const poly of polygons)
    for (const p of poly[0] ?? []) {
      if (p[0]! < x0) x0 = p[0]!;
      if (p[0]! > x1) x1 = p[0]!;
      if (p[1]! < y0) y0 = p[1]!;
      if (p[1]! > y1) y1 = p[1]!;
    }
  return [x0, y0, x1, y1];
}

/** Signed shoelace area (positive counter-clockwise) of a ring given as flat [x0, y0, x1, y1, ...] (not closed). */
function flatArea(xy: readonly number[]): number {
  let s = 0;
  const n = xy.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) s += xy[j]! * xy[i + 1]! - xy[i]! * xy[j + 1]!;
  return s / 2;
}

/** A single-ring polygon without holes that is convex: its ring as flat counter-clockwise coordinates, else null. */
function convexRing(polygons: readonly Position[][][]): number[] | null {
  if (polygons.length !== 1 || polygons[0]!.length !== 1) return null;
  const ring = polygons[0]![0]!;
  const xy: number[] = [];
  const n = ring.length - (ring.length > 1 && ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1] ? 1 : 0);
  for (let i = 0; i < n; i++) xy.push(ring[i]![0]!, ring[i]![1]!);
  if (xy.length < 6) return null;
  if (flatArea(xy) < 0) {
    const r: number[] = [];
    for (let i = xy.length - 2; i >= 0; i -= 2) r.push(xy[i]!, xy[i + 1]!);
    xy.splice(0, xy.length, ...r);
  }
  const m = xy.length / 2;
  for (let i = 0; i < m; i++) {
    const a = i * 2;
    const b = ((i + 1) % m) * 2;
    const c = ((i + 2) % m) * 2;
    const cross = (xy[b]! - xy[a]!) * (xy[c + 1]! - xy[b + 1]!) - (xy[b + 1]! - xy[a + 1]!) * (xy[c]! - xy[b]!);
    if (cross < 0) return null;
  }
  return xy;
}

/**
 * Area of a ring (any simple ring) clipped by a convex counter-clockwise ring: Sutherland-Hodgman, exact for a
 * convex clip whatever the subject (a concave subject leaves zero-area slivers that the shoelace sum ignores).
 */
function clippedArea(subject: readonly Position[], clip: readonly number[]): number {
  let poly: number[] = [];
  const n =
    subject.length - (subject.length > 1 && subject[0]![0] === subject[subject.length - 1]![0] && subject[0]![1] === subject[subject.length - 1]![1] ? 1 : 0);
  for (let i = 0; i < n; i++) poly.push(subject[i]![0]!, subject[i]![1]!);
  const m = clip.length / 2;
  for (let e = 0; e < m && poly.length >= 6; e++) {
    const ax = clip[e * 2]!;
    const ay = clip[e * 2 + 1]!;
    const bx = clip[((e + 1) % m) * 2]!;
    const by = clip[((e + 1) % m) * 2 + 1]!;
    const side = (x: number, y: number): number => (bx - ax) * (y - ay) - (by - ay) * (x - ax);
    const out: number[] = [];
    const k = poly.length;
    for (let i = 0; i < k; i += 2) {
      const px = poly[(i - 2 + k) % k]!;
      const py = poly[(i - 1 + k) % k]!;
      const qx = poly[i]!;
      const qy = poly[i + 1]!;
      const sp = side(px, py);
      const sq = side(qx, qy);
      if (sq >= 0) {
        if (sp < 0) {
          const t = sp / (sp - sq);
          out.push(px + t * (qx - px), py + t * (qy - py));
        }
        out.push(qx, qy);
      } else if (sp >= 0) {
        const t = sp / (sp - sq);
        out.push(px + t * (qx - px), py + t * (qy - py));
      }
    }
    poly = out;
  }
  return poly.length >= 6 ? Math.abs(flatArea(poly)) : 0;
}

/** Area of polygons clipped by a convex ring: outer rings minus holes. */
function clippedPolygonsArea(polygons: readonly Position[][][], clip: readonly number[]): number {
  let total = 0;
  for (const poly of polygons) poly.forEach((ring, k) => (total += (k === 0 ? 1 : -1) * clippedArea(ring, clip)));
  return Math.max(0, total);
}

/**
 * Area of the intersection of two fields, m² (0 when disjoint). When either field is one convex ring
 * (rectangles, small fields) the other is clipped by it (Sutherland-Hodgman); otherwise polyclip (via @turf/turf).
 */
export function intersectionAreaM2(a: readonly Position[][][], b: readonly Position[][][]): number {
  const cb = convexRing(b);
  if (cb) return clippedPolygonsArea(a, cb);
  const ca = convexRing(a);
  if (ca) return clippedPolygonsArea(b, ca);
  const r = intersect(featureCollection([multiPolygon(a as Position[][][]), multiPolygon(b as Position[][][])]));
  if (!r) return 0;
  return polygonsAreaM2(r.geometry.type === "Polygon" ? [r.geometry.coordinates] : r.geometry.coordinates);
}

/** Intersection over union and overlap over the smaller of two fields. */
export function overlapMeasures(a: readonly Position[][][], b: readonly Position[][][]): { intersectionM2: number; iou: number; overlapOfSmaller: number } {
  const inter = intersectionAreaM2(a, b);
  const areaA = polygonsAreaM2(a);
  const areaB = polygonsAreaM2(b);
  const union = areaA + areaB - inter;
  return { intersectionM2: inter, iou: union > 0 ? inter / union : 0, overlapOfSmaller: Math.min(areaA, areaB) > 0 ? inter / Math.min(areaA, areaB) : 0 };
}

/** Match the fields of consecutive years. */
export function matchFieldYears(years: readonly FieldYear[], options: MatchOptions = {}): FieldMatch {
  const opts: Required<MatchOptions> = { minIou: options.minIou ?? 0.3, minOverlapOfSmaller: options.minOverlapOfSmaller ?? 0.5 };
  for (const [k, v] of Object.entries(opts)) if (!(v > 0 && v <= 1)) throw new InputError(`${k} must be in (0, 1], got ${v}`, { field: k });
  if (years.length < 2) throw new InputError("field matching needs at least two years", { field: "years" });
  const areas = years.map((y) => y.fields.map((f) => polygonsAreaM2(f.polygons)));
  const boxes = years.map((y) => y.fields.map((f) => bboxOf(f.polygons)));
  years.forEach((y) => {
    const seen = new Set<string>();
    for (const f of y.fields) {
      if (seen.has(f.id)) throw new InputError(`year ${y.label}: field id "${f.id}" appears twice`, { field: "id-field" });
      seen.add(f.id);
    }
  });
  const next: number[][][] = years.map((y) => y.fields.map(() => []));
  const prev: number[][][] = years.map((y) => y.fields.map(() => []));
  const links: FieldLink[] = [];
  const candidates: number[] = [];
  for (let t = 0; t + 1 < years.length; t++) {
    const later = years[t + 1]!;
    let count = 0;
    if (later.fields.length > 0 && years[t]!.fields.length > 0) {
      const index = new Flatbush(later.fields.length);
      for (const [x0, y0, x1, y1] of boxes[t + 1]!) index.add(x0, y0, x1, y1);
      index.finish();
      years[t]!.fields.forEach((fa, i) => {
        const [x0, y0, x1, y1] = boxes[t]![i]!;
        for (const j of index.search(x0, y0, x1, y1)) {
          count++;
          const inter = intersectionAreaM2(fa.polygons, later.fields[j]!.polygons);
          if (inter <= 0) continue;
          const a = areas[t]![i]!;
          const b = areas[t + 1]![j]!;
          const iou = inter / (a + b - inter);
          const overlapOfSmaller = inter / Math.min(a, b);
          if (iou < opts.minIou && overlapOfSmaller < opts.minOverlapOfSmaller) continue;
          next[t]![i]!.push(j);
          prev[t + 1]![j]!.push(i);
          links.push({
            fromYear: years[t]!.label,
            fromId: fa.id,
            toYear: later.label,
            toId: later.fields[j]!.id,
            intersectionM2: inter,
            iou,
            overlapOfSmaller,
          });
        }
      });
    }
    candidates.push(count);
  }

  // Tracks: union-find over all links.
  const offsets = years.map((_, t) => years.slice(0, t).reduce((s, y) => s + y.fields.length, 0));
  const total = offsets[years.length - 1]! + years[years.length - 1]!.fields.length;
  const parent = Int32Array.from({ length: total }, (_, k) => k);
  const find = (k: number): number => {
    while (parent[k] !== k) k = parent[k] = parent[parent[k]!]!;
    return k;
  };
  for (let t = 0; t + 1 < years.length; t++)
    next[t]!.forEach((js, i) => {
      for (const j of js) {
        const a = find(offsets[t]! + i);
        const b = find(offsets[t + 1]! + j);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    });

  const fields: MatchedField[] = [];
  const tracks = new Map<string, { year: string; ids: string[] }[]>();
  const pairs: YearPairSummary[] = [];
  for (let t = 0; t + 1 < years.length; t++) {
    pairs.push({
      from: years[t]!.label,
      to: years[t + 1]!.label,
      links: 0,
      persistent: 0,
      new: 0,
      abandoned: 0,
      split: 0,
      merged: 0,
      candidatePairs: candidates[t]!,
    });
  }
  years.forEach((y, t) => {
    y.fields.forEach((f, i) => {
      const nx = next[t]![i]!;
      const pv = prev[t]![i]!;
      let toNext: StateToNext | null = null;
      if (t + 1 < years.length) {
        if (nx.length === 0) toNext = "abandoned";
        else if (nx.length > 1) toNext = "split";
        else toNext = prev[t + 1]![nx[0]!]!.length > 1 ? "merged" : "persistent";
        const p = pairs[t]!;
        p.links += nx.length;
        if (toNext === "abandoned") p.abandoned++;
        else if (toNext === "split") p.split++;
        else if (toNext === "persistent") p.persistent++;
      }
      let fromPrev: StateFromPrevious | null = null;
      if (t > 0) {
        if (pv.length === 0) fromPrev = "new";
        else if (pv.length > 1) fromPrev = "merged";
        else fromPrev = next[t - 1]![pv[0]!]!.length > 1 ? "split" : "persistent";
        const p = pairs[t - 1]!;
        if (fromPrev === "new") p.new++;
        else if (fromPrev === "merged") p.merged++;
      }
      const trackId = `T${find(offsets[t]! + i) + 1}`;
      fields.push({
        year: y.label,
        yearIndex: t,
        id: f.id,
        areaM2: areas[t]![i]!,
        stateFromPrevious: fromPrev,
        stateToNext: toNext,
        previous: pv.map((k) => years[t - 1]!.fields[k]!.id),
        next: nx.map((k) => years[t + 1]!.fields[k]!.id),
        trackId,
      });
      let track = tracks.get(trackId);
      if (!track) tracks.set(trackId, (track = []));
      let entry = track.find((e) => e.year === y.label);
      if (!entry) track.push((entry = { year: y.label, ids: [] }));
      entry.ids.push(f.id);
    });
  });
  return { fields, links, pairs, tracks, options: opts };
}
