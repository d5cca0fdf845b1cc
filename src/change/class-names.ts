/**
 * @module change/class-names
 * A class map's names for the change commands: raster/read/class-map's, except that a CLASS_NAMES item still
 * XML-escaped (`[&quot;forest&quot;, ...]`, as GDAL and rasterio write it into GDAL_METADATA) is unescaped and
 * read here, where class-map would fall back to "class 1" .. "class 255" (to fix in raster/read/class-map.ts).
 */
import type { ClassMap } from "../raster/read/class-map.ts";
import { unescapeXml } from "../raster/read/gdal-metadata.ts";

/** classNames[k - 1] names code k. */
export function classNamesOf(map: Pick<ClassMap, "classNames" | "source">): readonly string[] {
  const text = map.source.metadata.dataset.CLASS_NAMES ?? map.source.metadata.bands[0]?.CLASS_NAMES;
  if (text && text.includes("&quot;")) {
    try {
      const v = JSON.parse(unescapeXml(text)) as unknown;
      if (Array.isArray(v) && v.every((s) => typeof s === "string")) return v;
    } catch {
      // not JSON: keep class-map's names
    }
  }
  return map.classNames;
}
