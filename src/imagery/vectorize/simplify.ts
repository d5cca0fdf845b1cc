/**
 * @module imagery/vectorize/simplify
 * Douglas-Peucker line simplification (Douglas & Peucker 1973, "Algorithms for the reduction of the
 * number of points required to represent a digitized line or its caricature", Cartographica 10(2)).
 */

/**
 * Simplify a closed ring [x0, y0, ..., x0, y0] so that no dropped vertex lies farther than
 * `tolerance` from the kept outline. The ring is split at the vertex farthest from its first vertex,
 * and each half is simplified on its own. Returns the input when fewer than 4 vertices would remain.
 * Rings are simplified one at a time, so a large tolerance can make a hole touch its exterior:
 * keep the tolerance below a pixel or two.
 */
export function simplifyRing(ring: readonly number[], tolerance: number): number[] {
  const n = ring.length / 2 - 1; // distinct vertices
  if (tolerance <= 0 || n < 4) return ring.slice();
  const keep = new Uint8Array(n + 1);
  let far = 0;
  let farD = -1;
  for (let i = 1; i < n; i++) {
    const d = (ring[2 * i]! - ring[0]!) ** 2 + (ring[2 * i + 1]! - ring[1]!) ** 2;
    if (d > farD) {
      farD = d;
      far = i;
    }
  }
  keep[0] = 1;
  keep[far] = 1;
  keep[n] = 1;
  const tol2 = tolerance * tolerance;
  const stack: number[] = [0, far, far, n];
  while (stack.length > 0) {
    const b = stack.pop()!;
    const a = stack.pop()!;
    const ax = ring[2 * a]!;
    const ay = ring[2 * a + 1]!;
    const dx = ring[2 * b]! - ax;
    const dy = ring[2 * b + 1]! - ay;
    const len2 = dx * dx + dy * dy;
    let best = -1;
    let bestD = tol2;
    for (let i = a + 1; i < b; i++) {
      const px = ring[2 * i]! - ax;
      const py = ring[2 * i + 1]! - ay;
      let d: number;
      if (len2 === 0) d = px * px + py * py;
      else {
        const t = Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
        d = (px - t * dx) ** 2 + (py - t * dy) ** 2;
      }
      if (d > bestD) {
        bestD = d;
        best = i;
      }
    }
    if (best >= 0) {
      keep[best] = 1;
      stack.push(a, best, best, b);
    }
  }
  const out: number[] = [];
  for (let i = 0; i <= n; i++) if (keep[i]) out.push(ring[2 * i]!, ring[2 * i + 1]!);
  return out.length / 2 - 1 < 3 ? ring.slice() : out;
}
