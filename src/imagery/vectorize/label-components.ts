/**
 * @module imagery/vectorize/label-components
 * Connected-component labelling of a class mask (two-pass with union-find; Rosenfeld & Pfaltz 1966,
 * "Sequential operations in digital picture processing", J. ACM 13(4)).
 */

/** Which neighbours join pixels into one region: 4 = edge neighbours only (GDAL's default), 8 = also diagonal. */
export type Connectivity = 4 | 8;

export interface Components {
  /** Region of each pixel, 1..count; 0 where the pixel is not of the class. */
  labels: Int32Array;
  count: number;
}

function find(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]!]!;
    i = parent[i]!;
  }
  return i;
}

function union(parent: Int32Array, a: number, b: number): number {
  const ra = find(parent, a);
  const rb = find(parent, b);
  if (ra === rb) return ra;
  if (ra < rb) {
    parent[rb] = ra;
    return ra;
  }
  parent[ra] = rb;
  return rb;
}

/**
 * Label the connected regions of pixels whose value equals `code`.
 * @param values class codes, row-major, `width * height`
 */
export function labelComponents(
  values: Uint8Array,
  width: number,
  height: number,
  code: number,
  connectivity: Connectivity = 4,
): Components {
  const labels = new Int32Array(width * height);
  let parent = new Int32Array(1024);
  let next = 1;
  const diag = connectivity === 8;
  for (let r = 0; r < height; r++) {
    const row = r * width;
    for (let c = 0; c < width; c++) {
      const i = row + c;
      if (values[i] !== code) continue;
      let l = 0;
      if (c > 0 && labels[i - 1]! > 0) l = labels[i - 1]!;
      if (r > 0) {
        const up = labels[i - width]!;
        if (up > 0) l = l > 0 ? union(parent, l, up) : up;
        if (diag) {
          if (c > 0 && labels[i - width - 1]! > 0) l = l > 0 ? union(parent, l, labels[i - width - 1]!) : labels[i - width - 1]!;
          if (c + 1 < width && labels[i - width + 1]! > 0)
            l = l > 0 ? union(parent, l, labels[i - width + 1]!) : labels[i - width + 1]!;
        }
      }
      if (l === 0) {
        if (next === parent.length) {
          const grown = new Int32Array(parent.length * 2);
          grown.set(parent);
          parent = grown;
        }
        parent[next] = next;
        l = next++;
      }
      labels[i] = l;
    }
  }
  // Compact the roots to 1..count in scan order.
  const compact = new Int32Array(next);
  let count = 0;
  for (let l = 1; l < next; l++) {
    const root = find(parent, l);
    if (root === l) compact[l] = ++count;
  }
  for (let l = 1; l < next; l++) compact[l] = compact[find(parent, l)]!;
  for (let i = 0; i < labels.length; i++) if (labels[i]! > 0) labels[i] = compact[labels[i]!]!;
  return { labels, count };
}
