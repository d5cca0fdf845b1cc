"""Peer of bench/routes-cost.bench.ts: accumulated cost and traceback with scikit-image MCP_Geometric.

Usage: /usr/bin/python3 bench/peers/routes_mcp.py SIDE REPEATS [cost.tif for GRASS to read]
Cost per metre of cell i (row-major): 1 + (i*7919 mod 1000) / 100, float64; cells 10 m; 8 neighbours; one source at
(SIDE//2, SIDE//2); traceback to (0, 0). Prints JSON: times in ms (find_costs + traceback), the cost at (0, 0), the path
length in cells and the sum of all accumulated costs. With a third argument, also writes the cost raster as a
GeoTIFF (EPSG:32718, 10 m) for GRASS r.cost.
"""
import json
import sys
import time

import numpy as np
import skimage
from skimage.graph import MCP_Geometric


def main() -> None:
    side, repeats = int(sys.argv[1]), int(sys.argv[2])
    i = np.arange(side * side, dtype=np.int64)
    cost = (1 + ((i * 7919) % 1000) / 100).astype(np.float64).reshape(side, side)
    del i
    if len(sys.argv) > 3:
        import rasterio
        from rasterio.transform import from_origin
        with rasterio.open(sys.argv[3], "w", driver="GTiff", width=side, height=side, count=1, dtype="float64",
                           crs="EPSG:32718", transform=from_origin(500000, 9000000, 10, 10), tiled=True, compress="deflate") as d:
            d.write(cost, 1)
    src = (side // 2, side // 2)
    times = []
    corner = total = 0.0
    plen = 0
    for _ in range(repeats):
        t0 = time.perf_counter()
        mcp = MCP_Geometric(cost, fully_connected=True, sampling=(10.0, 10.0))
        acc, _ = mcp.find_costs([src])
        path = mcp.traceback((0, 0))
        times.append((time.perf_counter() - t0) * 1000)
        corner = float(acc[0, 0])
        plen = len(path)
        total = float(acc.sum())
        del mcp, acc, path
    times.sort()
    print(json.dumps({"skimage": skimage.__version__, "timesMs": times, "medianMs": times[len(times) // 2], "corner": corner, "pathCells": plen, "sum": total}))


if __name__ == "__main__":
    main()
