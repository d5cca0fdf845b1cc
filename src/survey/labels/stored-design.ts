/**
 * @module survey/labels/stored-design
 * A survey's sample design as the store keeps it (the sample.geojson artifact, with its
 * `coca_design` record): the units with their stratum, map class and position, the strata, the
 * legend, and the design's checksum, written into every sheet so that a label file of another
 * survey (or another draw of the sample) is refused.
 */
import { DataError, InputError } from "../../domain/errors.ts";
import { parseDesignGeoJson } from "../../area/read-units.ts";
import type { DesignRecord, FrameStratum } from "../../area/sample-points.ts";
import { sha256 } from "../../io/checksum.ts";

/** One unit of the design (the map class is in the design, never in an interpreter's sheet). */
export interface DesignUnitRef {
  unitId: string;
  stratum: string;
  mapClass: string;
  mapCode: number;
  row: number;
  col: number;
  x: number;
  y: number;
  lon: number;
  lat: number;
}

export interface StoredDesign {
  record: DesignRecord;
  /** In design order (the order the run's estimate used). */
  units: DesignUnitRef[];
  strata: FrameStratum[];
  legend: string[];
  /** SHA-256 of the design's units (id, stratum, map code, pixel) and strata (id, size), hex. */
  checksum: string;
}

/** The design's checksum: over what makes the sample, not over file paths. */
export function designChecksum(
  units: readonly Pick<DesignUnitRef, "unitId" | "stratum" | "mapCode" | "row" | "col">[],
  strata: readonly Pick<FrameStratum, "stratum" | "sizePx" | "sizeHa">[],
): string {
  const canonical = JSON.stringify({
    units: units.map((u) => [u.unitId, u.stratum, u.mapCode, u.row, u.col]),
    strata: strata.map((s) => [s.stratum, s.sizePx, s.sizeHa]),
  });
  return sha256(new TextEncoder().encode(canonical));
}

/** The design of a sample.geojson (as written by the design stage). */
export function parseStoredDesign(text: string, file: string): StoredDesign {
  let parsed;
  try {
    parsed = parseDesignGeoJson(text, file);
  } catch (error) {
    if (error instanceof InputError) throw new DataError(error.message, { cause: error });
    throw error;
  }
  const raw = JSON.parse(text) as { features: { geometry?: { coordinates?: number[] }; properties?: Record<string, unknown> }[] };
  const units = raw.features.map((f): DesignUnitRef => {
    const p = f.properties ?? {};
    return {
      unitId: String(p.unit_id),
      stratum: String(p.stratum),
      mapClass: String(p.map_class),
      mapCode: Number(p.map_code),
      row: Number(p.row),
      col: Number(p.col),
      x: Number(p.x),
      y: Number(p.y),
      lon: Number(f.geometry?.coordinates?.[0]),
      lat: Number(f.geometry?.coordinates?.[1]),
    };
  });
  const strata = parsed.record.strata;
  return { record: parsed.record, units, strata, legend: parsed.record.legend, checksum: designChecksum(units, strata) };
}
