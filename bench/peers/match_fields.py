#!/usr/bin/env python3
"""Peer for bench/match-fields.bench.ts.
  make OUT N : two years of N fields each (jittered quadrilaterals, convex, 40-120 m, EPSG:32718) as GeoJSON
               OUT.1.geojson, OUT.2.geojson; year 2 moves, grows, drops and adds fields (seeded)
  run OUT R  : shapely STRtree candidates (query_items, then intersects), intersection areas, IoU >= 0.3 or
               overlap of the smaller >= 0.5, R times; prints JSON with best/median wall and CPU ms, link count.
               Reading the files is not timed (as on our side).
Run with Debian's /usr/bin/python3 (python3-shapely, python3-numpy)."""
import json
import sys
import time

import numpy as np
import shapely
from shapely.geometry import Polygon
from shapely.strtree import STRtree

if sys.argv[1] == "make":
    out, n = sys.argv[2], int(sys.argv[3])
    rng = np.random.default_rng(42)
    side = np.sqrt(n) * 150.0
    x = rng.random(n) * side + 500000
    y = rng.random(n) * side + 8000000
    w = 40 + rng.random(n) * 80
    h = 40 + rng.random(n) * 80

    def quads(x, y, w, h):
        j = lambda: (rng.random(len(x)) - 0.5) * 10
        return [[[[float(a), float(b)], [float(a + c + j1), float(b + j2)], [float(a + c + j3), float(b + d + j4)], [float(a + j5), float(b + d)], [float(a), float(b)]]]
                for a, b, c, d, j1, j2, j3, j4, j5 in zip(x, y, w, h, j(), j(), j(), j(), j())]

    keep = rng.random(n) > 0.1
    dx = (rng.random(n) - 0.5) * 60
    scale = 0.8 + rng.random(n) * 0.4
    x2, y2, w2, h2 = (x + dx)[keep], (y + dx)[keep], (w * scale)[keep], (h * scale)[keep]
    m = n // 10
    x2 = np.concatenate([x2, rng.random(m) * side + 500000])
    y2 = np.concatenate([y2, rng.random(m) * side + 8000000])
    w2 = np.concatenate([w2, 40 + rng.random(m) * 80])
    h2 = np.concatenate([h2, 40 + rng.random(m) * 80])
    for k, rings in ((1, quads(x, y, w, h)), (2, quads(x2, y2, w2, h2))):
        fc = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32718"}},
              "features": [{"type": "Feature", "properties": {"field_id": f"{k}-{i}"}, "geometry": {"type": "Polygon", "coordinates": r}} for i, r in enumerate(rings)]}
        with open(f"{out}.{k}.geojson", "w") as f:
            json.dump(fc, f)
    sys.exit(0)

out, repeats = sys.argv[2], int(sys.argv[3])
years = []
for k in (1, 2):
    with open(f"{out}.{k}.geojson") as f:
        years.append([feat["geometry"]["coordinates"][0] for feat in json.load(f)["features"]])
times, cpu = [], []
links = 0
for _ in range(repeats):
    t0 = time.perf_counter()
    c0 = time.process_time()
    a = [Polygon(r) for r in years[0]]
    b = [Polygon(r) for r in years[1]]
    tree = STRtree(b)
    area_b = [g.area for g in b]
    links = 0
    candidates = 0
    for g in a:
        ga = g.area
        for j in tree.query_items(g):
            h = b[j]
            if not g.intersects(h):
                continue
            candidates += 1
            inter = g.intersection(h).area
            if inter <= 0:
                continue
            if inter / (ga + area_b[j] - inter) >= 0.3 or inter / min(ga, area_b[j]) >= 0.5:
                links += 1
    times.append((time.perf_counter() - t0) * 1000)
    cpu.append((time.process_time() - c0) * 1000)
times.sort()
cpu.sort()
print(json.dumps({"shapely": shapely.__version__, "bestMs": times[0], "medianMs": times[len(times) // 2], "cpuBestMs": cpu[0],
                  "cpuMedianMs": cpu[len(cpu) // 2], "links": links, "candidatePairs": candidates}))
