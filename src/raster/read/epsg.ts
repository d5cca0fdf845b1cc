/**
 * @module raster/read/epsg
 * EPSG codes as proj4 definitions. The codes met in Andean and Amazon imagery (WGS 84, SIRGAS 2000,
 * PSAD56 and their UTM zones, NAD83, Web Mercator) are written here; every other code is looked up in
 * the `epsg-index` package (the EPSG registry as JSON, one small file per code, read on demand).
 * Projected CRSs whose unit is not the metre are refused (cell areas and distances assume metres).
 * An unknown code returns undefined; callers turn that into a DataError naming the file.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { WGS84_PROJ4, type Crs } from "../../domain/raster-grid.ts";

interface EpsgIndexEntry {
  code: string;
  kind: string;
  name: string;
  proj4: string | null;
  unit: string | null;
}

let indexDir: string | null | undefined;
const cache = new Map<number, Crs | null>();

/** The CRS for an EPSG code from the `epsg-index` registry, or null when it has none usable. */
function fromRegistry(epsg: number): Crs | null {
  if (cache.has(epsg)) return cache.get(epsg)!;
  if (indexDir === undefined) {
    try {
      indexDir = join(dirname(createRequire(import.meta.url).resolve("epsg-index/package.json")), "s");
    } catch {
      indexDir = null;
    }
  }
  let crs: Crs | null = null;
  if (indexDir !== null && Number.isInteger(epsg) && epsg > 0) {
    try {
      const entry = JSON.parse(readFileSync(join(indexDir, `${epsg}.json`), "utf8")) as EpsgIndexEntry;
      const proj = entry.proj4?.replace(/\s*\+type=crs/, "").trim();
      const geographic = /\+proj=longlat\b/.test(proj ?? "");
      const projected = entry.kind === "CRS-PROJCRS" && entry.unit === "metre";
      if (proj && (geographic || projected)) crs = { epsg, proj4: proj, geographic, name: entry.name };
    } catch {
      crs = null;
    }
  }
  cache.set(epsg, crs);
  return crs;
}

/** The CRS for an EPSG code, or undefined when the registry does not know it (or it is projected in a unit other than metres). */
export function crsFromEpsg(epsg: number): Crs | undefined {
  const utm = (zone: number, south: boolean, datum: string, base: string): Crs => ({
    epsg,
    proj4: `+proj=utm +zone=${zone}${south ? " +south" : ""} ${datum} +units=m +no_defs`,
    geographic: false,
    name: `${base} / UTM zone ${zone}${south ? "S" : "N"}`,
  });
  if (epsg >= 32601 && epsg <= 32660) return utm(epsg - 32600, false, "+datum=WGS84", "WGS 84");
  if (epsg >= 32701 && epsg <= 32760) return utm(epsg - 32700, true, "+datum=WGS84", "WGS 84");
  const sirgas = "+ellps=GRS80 +towgs84=0,0,0,0,0,0,0";
  if (epsg >= 31965 && epsg <= 31976) return utm(epsg - 31965 + 11, false, sirgas, "SIRGAS 2000");
  if (epsg >= 31977 && epsg <= 31985) return utm(epsg - 31977 + 17, true, sirgas, "SIRGAS 2000");
  const psad = "+ellps=intl +towgs84=-288,175,-376,0,0,0,0";
  if (epsg >= 24817 && epsg <= 24821) return utm(epsg - 24817 + 17, false, psad, "PSAD56");
  if (epsg >= 24877 && epsg <= 24882) return utm(epsg - 24877 + 17, true, psad, "PSAD56");
  switch (epsg) {
    case 4326:
      return { epsg, proj4: WGS84_PROJ4, geographic: true, name: "WGS 84" };
    case 4674:
      return { epsg, proj4: `+proj=longlat ${sirgas} +no_defs`, geographic: true, name: "SIRGAS 2000" };
    case 4248:
      return { epsg, proj4: `+proj=longlat ${psad} +no_defs`, geographic: true, name: "PSAD56" };
    case 4269:
      return { epsg, proj4: "+proj=longlat +datum=NAD83 +no_defs", geographic: true, name: "NAD83" };
    case 3857:
      return {
        epsg,
        proj4: "+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs",
        geographic: false,
        name: "WGS 84 / Pseudo-Mercator",
      };
    default:
      return fromRegistry(epsg) ?? undefined;
  }
}
