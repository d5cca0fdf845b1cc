"""Peer of bench/ndvi.bench.ts: NDVI = (nir - red) / (nir + red) over two float32 arrays with numpy.

Usage: /usr/bin/python3 bench/peers/ndvi_numpy.py N_PIXELS REPEATS
The inputs are the same formula as ours: red[i] = (i*7919 mod 1000)/10000 + 0.02, nir[i] = (i*104729 mod 3000)/10000 + 0.1.
Prints JSON with times in ms (the NDVI expression only, not making the inputs) and the float64 sum of the result.
"""
import json
import sys
import time

import numpy as np


def main() -> None:
    n, repeats = int(sys.argv[1]), int(sys.argv[2])
    i = np.arange(n, dtype=np.int64)
    red = (((i * 7919) % 1000) / 10000 + 0.02).astype(np.float32)
    nir = (((i * 104729) % 3000) / 10000 + 0.1).astype(np.float32)
    del i
    times = []
    total = 0.0
    for _ in range(repeats):
        t0 = time.perf_counter()
        ndvi = (nir - red) / (nir + red)
        times.append((time.perf_counter() - t0) * 1000)
        total = float(ndvi.sum(dtype=np.float64))
        del ndvi
    times.sort()
    print(json.dumps({"numpy": np.__version__, "timesMs": times, "medianMs": times[len(times) // 2], "sum": total}))


if __name__ == "__main__":
    main()
