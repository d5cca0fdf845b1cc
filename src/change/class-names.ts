/**
 * @module change/class-names
 * A class map's names for the change commands (code k = names[k - 1]), as raster/read/class-map reads them
 * (the CLASS_NAMES item, XML-escaped or not, else the .aux.xml categories).
 */
import type { ClassMap } from "../raster/read/class-map.ts";

/** classNames[k - 1] names code k. */
export function classNamesOf(map: Pick<ClassMap, "classNames">): readonly string[] {
  return map.classNames;
}
