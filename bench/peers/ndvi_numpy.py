"""Peer of bench/ndvi.bench.ts: NDVI = (nir - red) / (nir + red) over two float32 arrays with numpy, two ways, and
numpy's own streaming reference out = a + b.

Usage: /usr/bin/python3 bench/peers/ndvi_numpy.py N_PIXELS REPEATS
The inputs are the same formula as ours: red[i] = (i*7919 mod 1000)/10000 + 0.02, nir[i] = (i*104729 mod 3000)/10000 + 0.1.
  alloc:  ndvi = (nir - red) / (nir + red)          (numpy allocates the temporaries and the output each time)
  out:    subtract/add/divide with out= into preallocated arrays (no allocation)
  add:    np.add(nir, red, out=c)                   (two reads and a write: NDVI's traffic, no arithmetic to speak of)
Prints JSON with wall and CPU times in ms per repeat and the float64 sum of each NDVI result.
"""
import json
import sys
import time

import numpy as np


def timed(fn, repeats):
    wall, cpu = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        c0 = time.process_time()
        fn()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return wall, cpu


def main() -> None:
    n, repeats = int(sys.argv[1]), int(sys.argv[2])
    i = np.arange(n, dtype=np.int64)
    red = (((i * 7919) % 1000) / 10000 + 0.02).astype(np.float32)
    nir = (((i * 104729) % 3000) / 10000 + 0.1).astype(np.float32)
    del i
    out = np.empty(n, dtype=np.float32)
    tmp = np.empty(n, dtype=np.float32)
    result = {}

    def alloc():
        result["alloc"] = (nir - red) / (nir + red)

    def with_out():
        np.subtract(nir, red, out=out)
        np.add(nir, red, out=tmp)
        np.divide(out, tmp, out=out)

    def add():
        np.add(nir, red, out=tmp)

    rows = {}
    for _ in range(1):
        for name, fn in (("alloc", alloc), ("out", with_out), ("add", add)):
            w, c = timed(fn, repeats)
            rows[name] = {"wallMs": w, "cpuMs": c}
    print(json.dumps({"numpy": np.__version__, **rows, "sumAlloc": float(result["alloc"].sum(dtype=np.float64)), "sumOut": float(out.sum(dtype=np.float64))}))


if __name__ == "__main__":
    main()
