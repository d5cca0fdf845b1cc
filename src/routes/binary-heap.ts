/**
 * @module routes/binary-heap
 * A min-heap of (key, cell) pairs on typed arrays for Dijkstra over rasters: no object per entry. Decrease-key is
 * done lazily (push again; the caller skips stale entries when it pops), which keeps the heap a plain array pair.
 */

export class CellHeap {
  private keys: Float64Array;
  private cells: Int32Array;
  private n = 0;

  constructor(initialCapacity = 1024) {
    this.keys = new Float64Array(Math.max(16, initialCapacity));
    this.cells = new Int32Array(Math.max(16, initialCapacity));
  }

  get size(): number {
    return this.n;
  }

  /** The smallest key (undefined behaviour on an empty heap: check `size`). */
  get topKey(): number {
    return this.keys[0]!;
  }

  get topCell(): number {
    return this.cells[0]!;
  }

  push(key: number, cell: number): void {
    if (this.n === this.keys.length) this.grow();
    const keys = this.keys;
    const cells = this.cells;
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent]!;
      if (pk <= key) break;
      keys[i] = pk;
      cells[i] = cells[parent]!;
      i = parent;
    }
    keys[i] = key;
    cells[i] = cell;
  }

  /** Remove the top entry (read it first with topKey/topCell). */
  pop(): void {
    const n = --this.n;
    if (n <= 0) return;
    const keys = this.keys;
    const cells = this.cells;
    const key = keys[n]!;
    const cell = cells[n]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && keys[right]! < keys[child]!) child = right;
      if (keys[child]! >= key) break;
      keys[i] = keys[child]!;
      cells[i] = cells[child]!;
      i = child;
    }
    keys[i] = key;
    cells[i] = cell;
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
