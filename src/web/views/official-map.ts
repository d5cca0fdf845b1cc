/**
 * @module web/views/official-map
 * Pure helpers of the map's official-figures layer: the registry's sub-national figures of one year and
 * source joined to the boundaries the dashboard draws (departments of data/boundaries/). A department
 * figure is matched by name (case and accents ignored); a zone is drawn on the department it names
 * (Bolivia's "Yungas de La Paz" on La Paz), its parts in parentheses ("Chapare (Tropico de
 * Cochabamba)") left out so that nothing is counted twice. Figures with no boundary are listed, not drawn.
 */
import type { Figure } from "../types.ts";

export interface BoundaryFeature {
  type: "Feature";
  geometry: unknown;
  properties: { name: string; iso2: string | null; level: string };
}

export interface OfficialRegion {
  /** The department drawn. */
  department: string;
  iso2: string;
  valueHa: number;
  /** The registry's units summed into it (one for a department figure). */
  parts: string[];
  source: string;
  year: number;
  citations: string[];
}

const fold = (s: string): string =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .trim();

const COUNTRY_OF_ISO2: Record<string, string> = { PE: "PER", BO: "BOL", CO: "COL" };

/** The latest vintage of each sub-national figure (country, region, year, metric, source). */
function latest(figures: readonly Figure[]): Figure[] {
  const best = new Map<string, Figure>();
  for (const f of figures) {
    const key = `${f.country}|${f.region}|${f.year}|${f.metric}|${f.source}`;
    const old = best.get(key);
    if (!old || old.published < f.published) best.set(key, f);
  }
  return [...best.values()];
}

/** The (country, source) pairs with sub-national area figures in `year`, e.g. ["PER", "DEVIDA"]. */
export function officialChoices(figures: readonly Figure[], year: number): { country: string; source: string }[] {
  const seen = new Map<string, { country: string; source: string }>();
  for (const f of figures) {
    if (f.year !== year || f.metric !== "cultivation_ha" || f.regionKind === "national") continue;
    seen.set(`${f.country}|${f.source}`, { country: f.country, source: f.source });
  }
  return [...seen.values()].sort((a, b) => a.country.localeCompare(b.country) || a.source.localeCompare(b.source));
}

/** Join one year's and source's sub-national area figures of a country to the departments drawn. */
export function officialRegions(
  figures: readonly Figure[],
  boundaries: readonly BoundaryFeature[],
  { country, source, year }: { country: string; source: string; year: number },
): { regions: OfficialRegion[]; unmatched: string[] } {
  const departments = boundaries.filter(
    (b) => b.properties.level === "department" && b.properties.iso2 && COUNTRY_OF_ISO2[b.properties.iso2.slice(0, 2)] === country,
  );
  const rows = latest(figures).filter(
    (f) => f.country === country && f.source === source && f.year === year && f.metric === "cultivation_ha" && f.regionKind !== "national",
  );
  // Department figures where there are any; else zones.
  const departmentRows = rows.filter((f) => f.regionKind === "department");
  const used = departmentRows.length > 0 ? departmentRows : rows.filter((f) => f.regionKind === "zone" && !f.region.includes("("));
  const out = new Map<string, OfficialRegion>();
  const unmatched: string[] = [];
  for (const f of used) {
    const name = fold(f.region);
    const d =
      departments.find((b) => fold(b.properties.name) === name) ??
      // A zone named after its department: the longest department name it contains.
      [...departments]
        .sort((a, b) => b.properties.name.length - a.properties.name.length)
        .find((b) => f.regionKind === "zone" && name.includes(fold(b.properties.name)));
    if (!d) {
      unmatched.push(f.region);
      continue;
    }
    const key = d.properties.iso2!;
    const r = out.get(key) ?? { department: d.properties.name, iso2: key, valueHa: 0, parts: [], source, year, citations: [] };
    r.valueHa += f.value;
    r.parts.push(f.region);
    if (!r.citations.includes(f.citation)) r.citations.push(f.citation);
    out.set(key, r);
  }
  return { regions: [...out.values()].sort((a, b) => b.valueHa - a.valueHa), unmatched: unmatched.sort() };
}
