/**
 * @module routes/binary-heap
 * A min-heap of (key, cell) pairs on typed arrays for Dijkstra over rasters: no object per entry.
 */

/**
 * A min-heap of cells keyed by cost with decrease-key: each cell is in the heap at most once (`pos[cell]` is its
 * slot, -1 when absent), so Dijkstra pops every cell exactly once and the heap stays as small as the frontier.
 */
export class IndexedCellHeap {
  private keys: Float64Array;
  private cells: Int32Array;
  private readonly pos: Int32Array;
  private n = 0;

  constructor(cellCount: number, initialCapacity = 1024) {
    this.pos = new Int32Array(cellCount).fill(-1);
    this.keys = new Float64Array(Math.max(16, initialCapacity));
    this.cells = new Int32Array(Math.max(16, initialCapacity));
  }

  get size(): number {
    return this.n;
  }

  /** Insert `cell` with `key`, or lower its key if it is already in the heap with a larger one. */
  pushOrDecrease(key: number, cell: number): void {
    let i = this.pos[cell]!;
    if (i < 0) {
      if (this.n === this.keys.length) this.grow();
      i = this.n++;
    } else if (this.keys[i]! <= key) return;
    const keys = this.keys;
    const cells = this.cells;
    const pos = this.pos;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent]!;
      if (pk <= key) break;
      keys[i] = pk;
      const pc = cells[parent]!;
      cells[i] = pc;
      pos[pc] = i;
      i = parent;
    }
    keys[i] = key;
    cells[i] = cell;
    pos[cell] = i;
  }

  /** Remove and return the cell with the smallest key (check `size` first). */
  popCell(): number {
    const keys = this.keys;
    const cells = this.cells;
    const pos = this.pos;
    const top = cells[0]!;
    pos[top] = -1;
    const n = --this.n;
    if (n === 0) return top;
    const key = keys[n]!;
    const cell = cells[n]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && keys[right]! < keys[child]!) child = right;
      const ck = keys[child]!;
      if (ck >= key) break;
      keys[i] = ck;
      const cc = cells[child]!;
      cells[i] = cc;
      pos[cc] = i;
      i = child;
    }
    keys[i] = key;
    cells[i] = cell;
    pos[cell] = i;
    return top;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    const cells = new Int32Array(this.cells.length * 2);
    cells.set(this.cells);
    this.keys = keys;
    this.cells = cells;
  }
}
