#!/usr/bin/env python3
"""Peer for bench/change-transitions.bench.ts.
  make A B SIZE : write two SIZE x SIZE class maps (uint8, 4 classes, 0 = nodata, EPSG:4326 at 0.0001 deg,
                  tiled 512 DEFLATE, CLASS_NAMES) whose classes change between the two in blocks
  run A B R     : transition hectares with numpy: read both maps (rasterio), bincount(a * K + b) weighted by the
                  ellipsoidal cell area of each row (as GRASS r.stats -a), once untimed (warm-up: GDAL's first
                  open, page cache) and then R times; prints JSON with best/median wall and CPU ms of the R timed
                  runs, peak RSS, and the hectares per (from, to) code pair.
Run with Debian's /usr/bin/python3 (python3-rasterio, python3-numpy)."""
import json
import math
import resource
import sys
import time

import numpy as np
import rasterio
from rasterio.transform import from_origin

K = 5  # codes 0..4, 0 = nodata

if sys.argv[1] == "make":
    a_path, b_path, size = sys.argv[2], sys.argv[3], int(sys.argv[4])
    profile = dict(driver="GTiff", width=size, height=size, count=1, dtype="uint8", crs="EPSG:4326",
                   transform=from_origin(-75.0, -8.0, 0.0001, 0.0001), tiled=True, blockxsize=512, blockysize=512,
                   compress="deflate", nodata=0)
    rng = np.random.default_rng(7)
    with rasterio.open(a_path, "w", **profile) as da, rasterio.open(b_path, "w", **profile) as db:
        da.update_tags(CLASS_NAMES=json.dumps(["forest", "pasture", "coca", "water"]))
        db.update_tags(CLASS_NAMES=json.dumps(["forest", "pasture", "coca", "water"]))
        for y0 in range(0, size, 512):
            h = min(512, size - y0)
            yy, xx = np.mgrid[y0:y0 + h, 0:size]
            a = (1 + ((xx // 37 + yy // 53) % 4)).astype(np.uint8)
            change = ((xx // 61) * 7 + (yy // 29) * 3) % 10 < 2
            b = np.where(change, 1 + (a % 4), a).astype(np.uint8)
            a[(xx // 97 + yy // 89) % 31 == 0] = 0
            w = rasterio.windows.Window(0, y0, size, h)
            da.write(a, 1, window=w)
            db.write(b, 1, window=w)
    sys.exit(0)

a_path, b_path, repeats = sys.argv[2], sys.argv[3], int(sys.argv[4])


def row_areas_m2(transform, height):
    # Ellipsoidal quadrangle area of each row (WGS 84), as GRASS G_area_of_cell_at_row.
    a_m, f = 6378137.0, 1 / 298.257223563
    es = 2 * f - f * f
    e = math.sqrt(es)

    def q(phi):
        s = math.sin(phi)
        return s / (1 - es * s * s) + math.log((1 + e * s) / (1 - e * s)) / (2 * e)

    dlam = math.radians(abs(transform.a))
    out = np.empty(height)
    for r in range(height):
        lat1 = transform.f + r * transform.e
        out[r] = abs(a_m * a_m * (1 - es) * dlam / 2 * (q(math.radians(lat1 + transform.e)) - q(math.radians(lat1))))
    return out


times, cpu = [], []
result = None
for rep in range(repeats + 1):
    t0 = time.perf_counter()
    c0 = time.process_time()
    with rasterio.open(a_path) as da, rasterio.open(b_path) as db:
        a = da.read(1)
        b = db.read(1)
        area = row_areas_m2(da.transform, da.height)
    idx = a.astype(np.int32) * K + b
    valid = (a != 0) & (b != 0)
    weights = np.broadcast_to(area[:, None], a.shape)
    ha = np.bincount(idx[valid], weights=weights[valid], minlength=K * K) / 1e4
    if rep > 0:
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    result = {f"{i // K}->{i % K}": float(v) for i, v in enumerate(ha) if v > 0}
    del a, b, idx, valid, weights
times.sort()
cpu.sort()
print(json.dumps({"numpy": np.__version__, "bestMs": times[0], "medianMs": times[len(times) // 2], "cpuBestMs": cpu[0],
                  "cpuMedianMs": cpu[len(cpu) // 2], "maxRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "hectares": result}))
