/**
 * @module imagery/vectorize/trace-rings
 * Boundary rings of labelled regions by crack following: every cell edge between a region pixel and a
 * pixel outside it becomes a directed edge with the region on its left (in map orientation, north up),
 * and the edges are chained into closed rings. Exterior rings come out counter-clockwise, holes clockwise,
 * as RFC 7946 asks. Regions of several classes can be traced at once: at each vertex the chain follows
 * the edge of its own region. Where a region's pixels touch only at a corner (possible with 8-connectivity,
 * or with 4-connectivity when they are joined elsewhere), the chain turns across the corner, so that the
 * region's rings touch each other at that point instead of one ring touching itself (OGC simple-feature
 * validity: two holes, or a hole and its exterior, may share a point; a ring may not pass twice through one).
 */
import type { Runs } from "./label-components.ts";

// Edge headings in pixel space (x right, y down), one bit each.
const N = 1;
const E = 2;
const S = 4;
const W = 8;

/** One region's boundary: the exterior ring first, then its holes, as closed [x0, y0, x1, y1, ..., x0, y0] in pixel-corner coordinates. */
export interface PixelPolygon {
  label: number;
  rings: number[][];
}

/** Set `bit` at out[base + c] for the columns c in [s, e) where the neighbouring row's label is not `l`. */
function edgesAgainst(labels: Int32Array, nbRow: number, l: number, s: number, e: number, out: Uint8Array, base: number, bit: number): void {
  for (let c = s; c < e; c++) if (labels[nbRow + c] !== l) out[base + c]! |= bit;
}

/** Region label of the pixel on the left (map orientation) of the edge leaving vertex (x, y) with heading h. */
function edgeLabel(labels: Int32Array, width: number, x: number, y: number, h: number): number {
  if (h === N) return labels[(y - 1) * width + x - 1]!;
  if (h === E) return labels[(y - 1) * width + x]!;
  if (h === S) return labels[y * width + x]!;
  return labels[y * width + x - 1]!;
}

function rightOf(h: number): number {
  return h === E ? S : h === S ? W : h === W ? N : E;
}

/** Twice the signed area of a closed ring in pixel space (negative for exterior rings, whose region is on the left in map orientation). */
function signedArea2(ring: readonly number[]): number {
  let s = 0;
  for (let i = 0; i + 3 < ring.length; i += 2) s += ring[i]! * ring[i + 3]! - ring[i + 2]! * ring[i + 1]!;
  return s;
}

/**
 * Trace the rings of every region whose `keep[label]` is non-zero.
 * @returns one polygon per kept region, ordered by label
 */
export function traceRings(labels: Int32Array, width: number, height: number, keep: Uint8Array, runs: Runs): PixelPolygon[] {
  const vw = width + 1;
  const out = new Uint8Array(vw * (height + 1));
  const { rowStart, start, end, label: runLabel } = runs;
  for (let r = 0; r < height; r++) {
    for (let k = rowStart[r]!; k < rowStart[r + 1]!; k++) {
      const l = runLabel[k]!;
      if (!keep[l]) continue;
      const s = start[k]!;
      const e = end[k]!;
      // Runs are maximal, so a run's ends are always boundaries: left edge heading south, right edge heading north.
      out[r * vw + s]! |= S;
      out[(r + 1) * vw + e]! |= N;
      // Top edges (heading west) where the row above is not this region; bottom edges (heading east) likewise below.
      if (r === 0) for (let c = s; c < e; c++) out[c + 1]! |= W;
      else edgesAgainst(labels, (r - 1) * width, l, s, e, out, r * vw + 1, W);
      if (r === height - 1) for (let c = s; c < e; c++) out[(r + 1) * vw + c]! |= E;
      else edgesAgainst(labels, (r + 1) * width, l, s, e, out, (r + 1) * vw, E);
    }
  }
  const byLabel = new Map<number, PixelPolygon>();
  const holes: { label: number; ring: number[] }[] = [];
  for (let v0 = 0; v0 < out.length; v0++) {
    while (out[v0] !== 0) {
      const bits0 = out[v0]!;
      const h0 = bits0 & E ? E : bits0 & S ? S : bits0 & N ? N : W;
      const x0 = v0 % vw;
      const y0 = (v0 - x0) / vw;
      const label = edgeLabel(labels, width, x0, y0, h0);
      const ring: number[] = [x0, y0];
      let x = x0;
      let y = y0;
      let h = h0;
      out[v0]! &= ~h0;
      while (true) {
        if (h === N) y--;
        else if (h === E) x++;
        else if (h === S) y++;
        else x--;
        const v = y * vw + x;
        // Edges leaving this vertex that bound our region (others may belong to neighbouring regions).
        const all = out[v]! | (v === v0 ? h0 : 0);
        let avail = all;
        // A single way on is ours (our boundary must go on); otherwise keep the edges of our region.
        if (all !== N && all !== E && all !== S && all !== W) {
          avail = 0;
          if (all & N && edgeLabel(labels, width, x, y, N) === label) avail |= N;
          if (all & E && edgeLabel(labels, width, x, y, E) === label) avail |= E;
          if (all & S && edgeLabel(labels, width, x, y, S) === label) avail |= S;
          if (all & W && edgeLabel(labels, width, x, y, W) === label) avail |= W;
        }
        // One way on; or a corner where the region meets itself diagonally: turn across it (right).
        const next = avail === N || avail === E || avail === S || avail === W ? avail : rightOf(h);
        if (v === v0 && next === h0) break;
        if (next !== h) ring.push(x, y);
        out[v]! &= ~next;
        h = next;
      }
      ring.push(x0, y0);
      if (signedArea2(ring) < 0) byLabel.set(label, { label, rings: [ring] });
      else holes.push({ label, ring });
    }
  }
  for (const { label, ring } of holes) byLabel.get(label)?.rings.push(ring);
  return [...byLabel.values()].sort((a, b) => a.label - b.label);
}
