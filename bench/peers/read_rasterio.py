"""Peer of bench/read.bench.ts: read a whole tiled DEFLATE uint16 GeoTIFF with rasterio (GDAL), REPEATS times.

Usage: /usr/bin/python3 bench/peers/read_rasterio.py FILE REPEATS
Prints JSON: rasterio/GDAL versions, wall and CPU times in ms, a checksum of the data (sum of all samples) to compare with ours.
"""
import json
import sys
import time

import numpy as np
import rasterio


def main() -> None:
    path, repeats = sys.argv[1], int(sys.argv[2])
    times = []
    cpu = []
    total = 0
    for _ in range(repeats):
        t0 = time.perf_counter()
        c0 = time.process_time()
        with rasterio.open(path) as src:
            data = src.read()
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        total = int(data.sum(dtype=np.uint64))
        del data
    times.sort()
    cpu.sort()
    print(json.dumps({"rasterio": rasterio.__version__, "gdal": rasterio.__gdal_version__, "timesMs": times, "cpuMs": cpu, "medianMs": times[len(times) // 2],
                      "cpuMedianMs": cpu[len(cpu) // 2], "sum": total}))


if __name__ == "__main__":
    main()
