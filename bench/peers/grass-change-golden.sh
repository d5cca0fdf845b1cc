#!/usr/bin/env bash
# Reference transition areas from GRASS GIS `r.stats -a -n input=A,B` (ellipsoidal cell areas) for two
# "years" derived from the real PRODES deforestation-year map of Rondônia (EPSG:4674), over the whole map
# and per region of test/fixtures/prodes-diagonal-regions.geojson (rasterised by cell centre, v.to.rast).
# Derivation (the same rule as test/change/transitions-prodes.test.ts):
#   A = state in 2018, before the 2018 clearing: forest (1) = codes 1,17,27,29,33; cleared (2) = 11,16
#   B = state in 2020: forest (1) = codes 1,33; cleared (2) = 11,16,17,27,29
#   clouds (32) and nodata (255) are null in both.
# Writes test/golden/change-prodes-grass.json. Needs grass-core (Debian).
# Run once from the project root: bash bench/peers/grass-change-golden.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
MAP="$(cd ../shared/data/sits-rondonia && pwd)/PRODES_LANDSAT_AMZ_2000-08-01_2020-07-31_class_v20220606.tif"
REGIONS="$(pwd)/test/fixtures/prodes-diagonal-regions.geojson"
OUT="$(pwd)/test/golden/change-prodes-grass.json"
DB="$(mktemp -d)"
trap 'rm -rf "$DB"' EXIT
grass -c EPSG:4674 "$DB/sirgas" -e
run() { grass "$DB/sirgas/PERMANENT" --exec "$@"; }
run r.in.gdal input="$MAP" output=prodes -o --quiet
run g.region raster=prodes
run r.mapcalc --quiet expression="A = if(prodes == 1 || prodes == 17 || prodes == 27 || prodes == 29 || prodes == 33, 1, if(prodes == 11 || prodes == 16, 2, null()))"
run r.mapcalc --quiet expression="B = if(prodes == 1 || prodes == 33, 1, if(prodes == 11 || prodes == 16 || prodes == 17 || prodes == 27 || prodes == 29, 2, null()))"
run v.in.ogr input="$REGIONS" output=regions -o --quiet
run v.to.rast input=regions output=zone use=cat --quiet
run r.stats -a -n input=A,B separator=, >"$DB/map.csv"
run r.stats -a -n input=zone,A,B separator=, >"$DB/zone.csv"
GRASS_VERSION="$(grass --version 2>&1 | head -1)"
/usr/bin/python3 - "$DB/map.csv" "$DB/zone.csv" "$OUT" "$GRASS_VERSION" <<'PY'
import json, sys
map_csv, zone_csv, out, version = sys.argv[1:]
names = {1: "north-east", 2: "south-west"}
classes = {1: "forest", 2: "cleared"}
rows = lambda path: [l.strip().split(",") for l in open(path) if l.strip()]
whole = [{"from": classes[int(a)], "to": classes[int(b)], "areaHa": float(x) / 1e4} for a, b, x in rows(map_csv)]
zones = [{"region": names[int(z)], "from": classes[int(a)], "to": classes[int(b)], "areaHa": float(x) / 1e4} for z, a, b, x in rows(zone_csv)]
json.dump({
    "source": "GRASS GIS r.stats -a -n input=A,B (ellipsoidal cell areas, m² converted to ha), location EPSG:4674",
    "grass": version,
    "map": "sits-rondonia/PRODES_LANDSAT_AMZ_2000-08-01_2020-07-31_class_v20220606.tif",
    "derivation": {
        "A": "forest = PRODES 1,17,27,29,33; cleared = 11,16; else null",
        "B": "forest = PRODES 1,33; cleared = 11,16,17,27,29; else null",
    },
    "regions": "test/fixtures/prodes-diagonal-regions.geojson, rasterised by cell centre (v.to.rast)",
    "wholeMap": whole,
    "byRegion": zones,
}, open(out, "w"), indent=1)
print(f"wrote {out}")
PY
