"""Peer for bench/area-design.bench.ts: stratified random selection of pixels with numpy.

Usage: area_design.py SIZE N REPEATS SEED
Builds the same synthetic class map as the benchmark (untimed), then times: per-class pixel
counts (np.bincount), allocation (min:75, rest proportional) and, per stratum, a draw of n_h
pixels without replacement among its pixels (np.flatnonzero + Generator.choice), with row/col.
Prints JSON: best and median ms, numpy version, counts and the sample size drawn.
"""
import json
import sys
import time

import numpy as np


def class_map(size):
    r = np.arange(size, dtype=np.int64)[:, None]
    c = np.arange(size, dtype=np.int64)[None, :]
    a = (r // 37 + c // 53) % 3 + 2
    rare = ((r // 37) * 7 + (c // 53) * 13) % 50 == 0
    return np.where(rare, 1, a).astype(np.uint8)


def allocate(n, sizes, minimum):
    sizes = np.asarray(sizes, dtype=float)
    fixed = np.zeros(len(sizes), dtype=bool)
    alloc = np.zeros(len(sizes))
    while True:
        rest = n - alloc[fixed].sum()
        share = np.where(fixed, alloc, rest * sizes / sizes[~fixed].sum())
        low = (~fixed) & (share < minimum)
        if not low.any():
            alloc = share
            break
        alloc[low] = minimum
        fixed |= low
    counts = np.floor(alloc).astype(int)
    order = np.argsort(-(alloc - counts), kind="stable")
    counts[order[: n - counts.sum()]] += 1
    return counts


def design(a, n, rng):
    flat = a.ravel()
    counts = np.bincount(flat, minlength=256)
    ids = np.flatnonzero(counts)
    alloc = allocate(n, counts[ids], 75)
    picked = []
    for h, k in zip(ids, alloc):
        idx = np.flatnonzero(flat == h)
        picked.append(rng.choice(idx, size=k, replace=False))
    sel = np.sort(np.concatenate(picked))
    rows, cols = np.divmod(sel, a.shape[1])
    return counts[ids], rows, cols


def main():
    size, n, repeats, seed = (int(x) for x in sys.argv[1:5])
    a = class_map(size)
    rng = np.random.default_rng(seed)
    design(a, n, rng)  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        counts, rows, _cols = design(a, n, rng)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    print(json.dumps({"bestMs": times[0], "medianMs": times[len(times) // 2], "numpy": np.__version__, "counts": counts.tolist(), "drawn": int(rows.size)}))


if __name__ == "__main__":
    main()
