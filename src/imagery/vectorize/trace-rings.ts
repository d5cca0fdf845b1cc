/**
 * @module imagery/vectorize/trace-rings
 * Boundary rings of labelled regions by crack following: every cell edge between a region pixel and a
 * pixel outside it becomes a directed edge with the region on its left (in map orientation, north up),
 * and the edges are chained into closed rings. Exterior rings come out counter-clockwise, holes clockwise,
 * as RFC 7946 asks. Where two region pixels touch only at a corner, the chain turns towards its own pixel
 * when the other pixel belongs to another region (4-connectivity: the regions stay apart), and across the
 * corner when both belong to the same region, so that a region's rings touch each other at that point
 * instead of one ring touching itself (OGC simple-feature validity: two holes, or a hole and its
 * exterior, may share a point; a ring may not pass twice through one).
 */
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

/** Region label of the pixel on the left (map orientation) of the edge leaving vertex (x, y) with heading h. */
function edgeLabel(labels: Int32Array, width: number, x: number, y: number, h: number): number {
  if (h === N) return labels[(y - 1) * width + x - 1]!;
  if (h === E) return labels[(y - 1) * width + x]!;
  if (h === S) return labels[y * width + x]!;
  return labels[y * width + x - 1]!;
}

function leftOf(h: number): number {
  return h === E ? N : h === N ? W : h === W ? S : E;
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
export function traceRings(labels: Int32Array, width: number, height: number, keep: Uint8Array): PixelPolygon[] {
  const vw = width + 1;
  const out = new Uint8Array(vw * (height + 1));
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const l = labels[r * width + c]!;
      if (l === 0 || !keep[l]) continue;
      const i = r * width + c;
      if (r === 0 || labels[i - width] !== l) out[r * vw + c + 1]! |= W; // top edge, heading west
      if (c === 0 || labels[i - 1] !== l) out[r * vw + c]! |= S; // left edge, heading south
      if (r === height - 1 || labels[i + width] !== l) out[(r + 1) * vw + c]! |= E; // bottom edge, heading east
      if (c === width - 1 || labels[i + 1] !== l) out[(r + 1) * vw + c + 1]! |= N; // right edge, heading north
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
        const avail = out[v]! | (v === v0 ? h0 : 0);
        let next: number;
        if (avail === N || avail === E || avail === S || avail === W) next = avail;
        else {
          // A corner where two region pixels meet diagonally: across it if the other pixel is ours.
          const r = rightOf(h);
          next = edgeLabel(labels, width, x, y, r) === label ? r : leftOf(h);
        }
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
