#!/usr/bin/env python3
"""Peer for bench/polygonize.bench.ts.
  make SRC DST N   : tile the class map SRC N x N times into DST (uint8, tiled DEFLATE GeoTIFF, SRC's nodata)
  run  SRC OUTDIR R: gdal.Polygonize (what gdal_polygonize.py calls; 4-connected, nodata masked) of SRC into
                     FlatGeobuf, R times; prints JSON with best/median wall and CPU ms and the polygon count per class.
Run with Debian's /usr/bin/python3 (python3-gdal, python3-rasterio, python3-numpy)."""
import json
import os
import sys
import time

import numpy as np
from osgeo import gdal, ogr, osr

gdal.UseExceptions()

if sys.argv[1] == "make":
    import rasterio

    src, dst, n = sys.argv[2], sys.argv[3], int(sys.argv[4])
    with rasterio.open(src) as s:
        a = s.read(1)
        profile = s.profile
        t = s.transform
    big = np.tile(a, (n, n))
    profile.update(width=big.shape[1], height=big.shape[0], tiled=True, blockxsize=512, blockysize=512, compress="deflate")
    with rasterio.open(dst, "w", **profile) as d:
        d.write(big, 1)
    sys.exit(0)

src, outdir, repeats = sys.argv[2], sys.argv[3], int(sys.argv[4])
times = []
cpu = []
counts = {}
for r in range(repeats):
    path = os.path.join(outdir, f"gdal-{r}.fgb")
    t0 = time.perf_counter()
    c0 = time.process_time()
    ds = gdal.Open(src)
    band = ds.GetRasterBand(1)
    drv = ogr.GetDriverByName("FlatGeobuf")
    out = drv.CreateDataSource(path)
    srs = osr.SpatialReference(wkt=ds.GetProjection())
    layer = out.CreateLayer("fields", srs=srs, geom_type=ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("class", ogr.OFTInteger))
    gdal.Polygonize(band, band.GetMaskBand(), layer, 0, [], callback=None)
    layer = None
    out = None
    ds = None
    times.append((time.perf_counter() - t0) * 1000)
    cpu.append((time.process_time() - c0) * 1000)
    if r == 0:
        check = ogr.Open(path)
        for f in check.GetLayer(0):
            c = f.GetField("class")
            counts[c] = counts.get(c, 0) + 1
        check = None
times.sort()
cpu.sort()
print(json.dumps({"gdal": gdal.__version__, "bestMs": times[0], "medianMs": times[len(times) // 2], "cpuBestMs": cpu[0], "cpuMedianMs": cpu[len(cpu) // 2], "polygonsByClass": counts}))
