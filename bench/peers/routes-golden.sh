#!/usr/bin/env bash
# Reference accumulated costs and least-cost paths on a real DEM for test/routes/routes-golden.test.ts, from
# scikit-image MCP_Geometric (8 neighbours) and GRASS GIS r.cost (8 neighbours, and 16 with -k).
# Terrain: ../shared/data/dem-andes/southern_ecuador_terrain_attributes.tif (383x415, 10 m, EPSG:32717; CC0).
# Cost per metre of each cell: 1 + slope_deg / 10 from its band 1 (slope in degrees); nodata = impassable.
# Source cell (row 20, col 30); targets (400, 370), (200, 200), (10, 380). Accumulated costs are sampled every
# 8th row and column. Needs python3-skimage, python3-rasterio and grass-core (Debian).
# Run once from the project root: bash bench/peers/routes-golden.sh  (writes test/golden/routes-ecuador.json)
set -euo pipefail
cd "$(dirname "$0")/../.."
DEM="$(cd ../shared/data/dem-andes && pwd)/southern_ecuador_terrain_attributes.tif"
OUT="$(pwd)/test/golden/routes-ecuador.json"
DB="$(mktemp -d)"
trap 'rm -rf "$DB"' EXIT
SRC_ROW=20; SRC_COL=30
# Source cell centre in map coordinates (GRASS wants coordinates).
read -r SX SY < <(/usr/bin/python3 -c "
import rasterio; d=rasterio.open('$DEM'); x,y=d.xy($SRC_ROW,$SRC_COL); print(repr(x),repr(y))")
grass -c EPSG:32717 "$DB/utm17s" -e
run() { grass "$DB/utm17s/PERMANENT" --exec "$@"; }
run r.in.gdal input="$DEM" band=1 output=slope -o --quiet
run g.region raster=slope
run r.mapcalc expression="cost = 1.0 + double(slope) / 10.0" --quiet
run r.cost input=cost output=acc8 start_coordinates="$SX,$SY" --quiet
run r.cost -k input=cost output=acc16 start_coordinates="$SX,$SY" --quiet
run r.out.gdal input=acc8 output="$DB/acc8.tif" type=Float64 --quiet
run r.out.gdal input=acc16 output="$DB/acc16.tif" type=Float64 --quiet
GRASS_VERSION="$(grass --version 2>&1 | head -1)"
/usr/bin/python3 - "$DEM" "$DB" "$OUT" "$GRASS_VERSION" "$SRC_ROW" "$SRC_COL" <<'PY'
import json, sys
import numpy as np, rasterio, skimage
from skimage.graph import MCP_Geometric
dem, db, out, grass_version, sr, sc = sys.argv[1:]
sr, sc = int(sr), int(sc)
with rasterio.open(dem) as d:
    slope = d.read(1).astype(np.float64)
    res = d.res
cost = 1.0 + slope / 10.0
cost[~np.isfinite(cost)] = np.inf
mcp = MCP_Geometric(cost, fully_connected=True, sampling=(res[1], res[0]))
acc, _ = mcp.find_costs([(sr, sc)])
targets = [(400, 370), (200, 200), (10, 380)]
paths = []
for t in targets:
    p = mcp.traceback(t)
    paths.append({"target_rc": list(t), "cost": float(acc[t]), "path_rc": [list(map(int, q)) for q in p]})
rows = list(range(0, cost.shape[0], 8)); cols = list(range(0, cost.shape[1], 8))
def sample(a):
    return [[None if not np.isfinite(a[r, c]) else float(a[r, c]) for c in cols] for r in rows]
def grass(name):
    with rasterio.open(f"{db}/{name}.tif") as g:
        a = g.read(1).astype(np.float64)
        nd = g.nodata
    if nd is not None: a[a == nd] = np.nan
    return a
acc8, acc16 = grass("acc8"), grass("acc16")
json.dump({
    "source": "bench/peers/routes-golden.sh",
    "terrain": "../shared/data/dem-andes/southern_ecuador_terrain_attributes.tif band 1 (slope, degrees); cost per metre = 1 + slope/10; nodata impassable",
    "cellSizeM": [res[0], res[1]],
    "sourceRc": [sr, sc],
    "sampleRows": rows, "sampleCols": cols,
    "skimage": {"version": skimage.__version__, "call": "MCP_Geometric(cost, fully_connected=True, sampling=(10, 10)).find_costs([source])",
                 "accumulated": sample(acc), "paths": paths},
    "grass": {"version": grass_version, "call": "r.cost input=cost start_coordinates=<source cell centre> (and -k); r.cost costs are per cell (steps of 1 or sqrt 2 cells): multiply by the 10 m cell size to compare",
               "accumulated8": sample(acc8), "accumulated16": sample(acc16)},
}, open(out, "w"))
print(f"wrote {out}")
PY
