/**
 * @module routes/components
 * Connected components of the passable cells of a cost raster (8-connected, or 4 for rook moves: knight's moves
 * need their two side cells passable, so they connect nothing that 8 neighbours do not). Used to say why there is
 * no route.
 */
import { isPassable } from "./accumulated-cost.ts";

export interface Components {
  /** Component id of each cell (1..count), 0 for impassable cells. */
  labels: Int32Array;
  count: number;
  /** Cells in each component (index = id; [0] = impassable cells). */
  sizes: Int32Array;
}

export function labelComponents(costs: ArrayLike<number>, width: number, height: number, neighbours: 4 | 8 | 16 = 8): Components {
  const n = width * height;
  const labels = new Int32Array(n);
  const queue = new Int32Array(n);
  const sizes: number[] = [0];
  for (let i = 0; i < n; i++) if (!isPassable(costs[i]!)) sizes[0]!++;
  let count = 0;
  for (let seed = 0; seed < n; seed++) {
    if (labels[seed] !== 0 || !isPassable(costs[seed]!)) continue;
    const id = ++count;
    let head = 0;
    let tail = 0;
    queue[tail++] = seed;
    labels[seed] = id;
    while (head < tail) {
      const cell = queue[head++]!;
      const r = (cell / width) | 0;
      const c = cell - r * width;
      for (let dr = -1; dr <= 1; dr++) {
        const rr = r + dr;
        if (rr < 0 || rr >= height) continue;
        for (let dc = -1; dc <= 1; dc++) {
          if ((dr === 0 && dc === 0) || (neighbours === 4 && dr !== 0 && dc !== 0)) continue;
          const cc = c + dc;
          if (cc < 0 || cc >= width) continue;
          const j = rr * width + cc;
          if (labels[j] === 0 && isPassable(costs[j]!)) {
            labels[j] = id;
            queue[tail++] = j;
          }
        }
      }
    }
    sizes.push(tail);
  }
  return { labels, count, sizes: Int32Array.from(sizes) };
}
