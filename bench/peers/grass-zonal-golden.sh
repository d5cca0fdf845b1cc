#!/usr/bin/env bash
# Reference class areas from GRASS GIS `r.stats -a` (ellipsoidal cell areas) on the PRODES map of
# Rondônia (EPSG:4674, SIRGAS 2000 geographic), over the whole map and per region of
# test/fixtures/prodes-diagonal-regions.geojson (two triangles split along the map's diagonal;
# GRASS rasterises them by cell centre with v.to.rast). Writes test/golden/zonal-prodes-grass.json.
# Needs grass-core (Debian). Run once from the project root: bash bench/peers/grass-zonal-golden.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
MAP="$(cd ../shared/data/sits-rondonia && pwd)/PRODES_LANDSAT_AMZ_2000-08-01_2020-07-31_class_v20220606.tif"
REGIONS="$(pwd)/test/fixtures/prodes-diagonal-regions.geojson"
OUT="$(pwd)/test/golden/zonal-prodes-grass.json"
DB="$(mktemp -d)"
trap 'rm -rf "$DB"' EXIT
grass -c EPSG:4674 "$DB/sirgas" -e
run() { grass "$DB/sirgas/PERMANENT" --exec "$@"; }
run r.in.gdal input="$MAP" output=prodes -o --quiet
run g.region raster=prodes
run v.in.ogr input="$REGIONS" output=regions -o --quiet
run v.to.rast input=regions output=zone use=cat --quiet
run r.stats -a -n input=prodes separator=, >"$DB/map.csv"
run r.stats -a -n input=zone,prodes separator=, >"$DB/zone.csv"
GRASS_VERSION="$(grass --version 2>&1 | head -1)"
/usr/bin/python3 - "$DB/map.csv" "$DB/zone.csv" "$OUT" "$GRASS_VERSION" <<'PY'
import json, sys
map_csv, zone_csv, out, version = sys.argv[1:]
names = {1: "north-east", 2: "south-west"}
whole = [{"classCode": int(c), "areaHa": float(a) / 1e4} for c, a in (l.strip().split(",") for l in open(map_csv) if l.strip())]
zones = [{"region": names[int(z)], "classCode": int(c), "areaHa": float(a) / 1e4} for z, c, a in (l.strip().split(",") for l in open(zone_csv) if l.strip())]
json.dump({
    "source": "GRASS GIS r.stats -a -n (ellipsoidal cell areas, m² converted to ha), location EPSG:4674",
    "grass": version,
    "map": "sits-rondonia/PRODES_LANDSAT_AMZ_2000-08-01_2020-07-31_class_v20220606.tif",
    "regions": "test/fixtures/prodes-diagonal-regions.geojson, rasterised by cell centre (v.to.rast)",
    "wholeMap": whole,
    "byRegion": zones,
}, open(out, "w"), indent=1)
print(f"wrote {out}")
PY
