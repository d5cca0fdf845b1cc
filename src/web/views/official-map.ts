/**
 * @module web/views/official-map
 * Pure helpers of the map's official-figures layer: the registry's sub-national figures of one year and
 * source joined to the boundaries the dashboard draws (departments of data/boundaries/). A department
 * figure is matched by name (case and accents ignored); a zone is drawn on the department it names
 * (Bolivia's "Yungas de La Paz" on La Paz), its parts in parentheses ("Chapare (Tropico de
 * Cochabamba)") left out so that nothing is counted twice. A region named after its departments (UNODC
 * Colombia's "Meta-Guaviare region", "Putumayo-Caqueta region") is drawn on the union of those departments.
 * Figures with no boundary are listed with their values, not drawn.
 */
import type { Figure } from "../types.ts";

export interface BoundaryFeature {
  type: "Feature";
  geometry: unknown;
  properties: { name: string; iso2: string | null; level: string };
}

export interface OfficialRegion {
  /** The department drawn (or the region's name, drawn on its departments). */
  department: string;
  iso2: string;
  /** Every department drawn for it (iso2): one, or a region's departments. */
  members: string[];
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
): { regions: OfficialRegion[]; unmatched: string[]; unmatchedFigures: { region: string; valueHa: number; citation: string }[] } {
  const departments = boundaries.filter(
    (b) => b.properties.level === "department" && b.properties.iso2 && COUNTRY_OF_ISO2[b.properties.iso2.slice(0, 2)] === country,
  );
  const rows = latest(figures).filter(
    (f) => f.country === country && f.source === source && f.year === year && f.metric === "cultivation_ha" && f.regionKind !== "national",
  );
  // Department figures where there are any; else zones.
  const departmentRows = rows.filter((f) => f.regionKind === "department");
  const zoneRows = rows.filter((f) => f.regionKind === "zone" && !f.region.includes("("));
  const used = departmentRows.length > 0 ? departmentRows : zoneRows.length > 0 ? zoneRows : rows.filter((f) => f.regionKind === "region");
  const out = new Map<string, OfficialRegion>();
  const unmatched: string[] = [];
  const unmatchedFigures: { region: string; valueHa: number; citation: string }[] = [];
  for (const f of used) {
    if (f.regionKind === "region") {
      // "Meta-Guaviare region": the departments its name lists, all of them or it is not drawn.
      const parts = f.region
        .replace(/\s+region$/i, "")
        .split("-")
        .map(fold);
      const members = parts.map((part) => departments.find((b) => fold(b.properties.name) === part));
      if (members.length < 2 || members.some((m) => !m)) {
        unmatched.push(f.region);
        unmatchedFigures.push({ region: f.region, valueHa: f.value, citation: f.citation });
        continue;
      }
      const iso = members.map((m) => m!.properties.iso2!);
      out.set(iso.join("+"), { department: f.region, iso2: iso[0]!, members: iso, valueHa: f.value, parts: [f.region], source, year, citations: [f.citation] });
      continue;
    }
    const name = fold(f.region);
    const d =
      departments.find((b) => fold(b.properties.name) === name) ??
      // A zone named after its department: the longest department name it contains.
      [...departments]
        .sort((a, b) => b.properties.name.length - a.properties.name.length)
        .find((b) => f.regionKind === "zone" && name.includes(fold(b.properties.name)));
    if (!d) {
      unmatched.push(f.region);
      unmatchedFigures.push({ region: f.region, valueHa: f.value, citation: f.citation });
      continue;
    }
    const key = d.properties.iso2!;
    const r = out.get(key) ?? { department: d.properties.name, iso2: key, members: [key], valueHa: 0, parts: [], source, year, citations: [] };
    r.valueHa += f.value;
    r.parts.push(f.region);
    if (!r.citations.includes(f.citation)) r.citations.push(f.citation);
    out.set(key, r);
  }
  return {
    regions: [...out.values()].sort((a, b) => b.valueHa - a.valueHa),
    unmatched: unmatched.sort(),
    unmatchedFigures: unmatchedFigures.sort((a, b) => b.valueHa - a.valueHa),
  };
}
