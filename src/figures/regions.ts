/**
 * @module figures/regions
 * Region names and kinds. A region is "national" (the whole country, or the Andean total) or a named
 * sub-national unit with its kind (see `RegionKind` in domain/figure.ts). The reference CSV marks some
 * kinds with a prefix ("dept:Cusco", "zone:VRAEM"); the others are listed here, decided from
 * ../shared/reference/official-figures.md:
 * - valley: Peru's UNODC valleys of 2004-05 (Alto Huallaga, Apurímac-Ene, La Convención y Lares);
 * - zone: UNODC Bolivia's monitoring regions (Yungas de La Paz, Norte de La Paz, Trópico de Cochabamba /
 *   Chapare, Apolo) and its yield zones; DEVIDA's production zones ("zone:" prefix);
 * - department: departments ("dept:" prefix) and the department allocations of Bolivia's Law 906
 *   ("La Paz (Yungas)", "Cochabamba (Tropico)");
 * - region: UNODC Colombia's groups of departments (Central, Pacific, Meta-Guaviare, Putumayo-Caquetá)
 *   and the "Elsewhere" remainders.
 */
import { REGION_KINDS, type RegionKind } from "../domain/figure.ts";

export const NATIONAL = "national";

const PREFIXES: Readonly<Record<string, RegionKind>> = {
  "dept:": "department",
  "department:": "department",
  "province:": "province",
  "prov:": "province",
  "zone:": "zone",
  "valley:": "valley",
  "region:": "region",
};

/** Kinds of the region names in the seed data that carry no prefix. */
const KNOWN_KINDS: Readonly<Record<string, RegionKind>> = {
  "apolo (norte de la paz)": "zone",
  chapare: "zone",
  "chapare (tropico de cochabamba)": "zone",
  "tropico de cochabamba": "zone",
  "yungas de la paz": "zone",
  "norte de la paz": "zone",
  "traditional zones (apolo/yungas)": "zone",
  "yungas outside traditional zones": "zone",
  "cochabamba (tropico)": "department",
  "la paz (yungas)": "department",
  "central region": "region",
  "meta-guaviare region": "region",
  "pacific region": "region",
  "putumayo-caqueta region": "region",
  elsewhere: "region",
  "alto huallaga": "valley",
  "apurimac-ene": "valley",
  "la convencion y lares": "valley",
};

export function isRegionKind(text: string): text is RegionKind {
  return (REGION_KINDS as readonly string[]).includes(text);
}

/**
 * Split a region as written in a file into its name and kind.
 * @param raw the region text ("national", "total", "dept:Cusco", "Yungas de La Paz")
 * @param kind an explicit kind from a `region_kind` column, if any
 * @returns the region, or a reason when it cannot be placed.
 */
export function parseRegion(raw: string, kind?: string): { region: string; regionKind: RegionKind } | { error: string } {
  let name = raw.trim().replace(/\s+/g, " ");
  let prefixKind: RegionKind | undefined;
  for (const [prefix, k] of Object.entries(PREFIXES)) {
    if (name.toLowerCase().startsWith(prefix)) {
      prefixKind = k;
      name = name.slice(prefix.length).trim();
      break;
    }
  }
  const explicit = kind?.trim().toLowerCase() || undefined;
  if (explicit !== undefined && !isRegionKind(explicit)) {
    return { error: `unknown region kind '${kind}' (expected one of ${REGION_KINDS.join(", ")})` };
  }
  const isNational = name === "" || /^(national|total)$/i.test(name);
  if (isNational) {
    if (prefixKind || (explicit && explicit !== "national")) {
      return { error: `region '${raw}' is national but its kind says ${prefixKind ?? explicit}` };
    }
    return { region: NATIONAL, regionKind: "national" };
  }
  if (explicit === "national") return { error: `region '${raw}' is not national but its kind says national` };
  if (prefixKind && explicit && prefixKind !== explicit) {
    return { error: `region '${raw}' has prefix kind ${prefixKind} but region_kind ${explicit}` };
  }
  const regionKind = explicit ?? prefixKind ?? KNOWN_KINDS[name.toLowerCase()];
  if (!regionKind) {
    return {
      error: `kind of region '${name}' unknown: add a region_kind column (${REGION_KINDS.filter((k) => k !== "national").join(", ")}) or a prefix such as dept:`,
    };
  }
  return { region: name, regionKind: regionKind as RegionKind };
}
