/**
 * @module raster/read/gdal-metadata
 * The GDAL_METADATA TIFF tag (42112): an XML list of `<Item name=".." sample="N" role="..">value</Item>`.
 * It carries band descriptions, scale/offset and free metadata such as class names.
 */

export interface GdalMetadata {
  /** Dataset-level items (no `sample` attribute). */
  dataset: Record<string, string>;
  /** Band-level items by band index (0-based), role-less items only. */
  bands: Record<string, string>[];
  /** Band descriptions (role="description"), by band index. */
  descriptions: (string | undefined)[];
  /** Band scale and offset (role="scale"/"offset"), by band index. */
  scales: (number | undefined)[];
  offsets: (number | undefined)[];
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Decode the five XML entities and numeric character references. */
export function unescapeXml(s: string): string {
  return s.replace(/&(#x?[0-9a-fA-F]+|amp|lt|gt|quot|apos);/g, (whole, e: string) => {
    if (!e.startsWith("#")) return ENTITIES[e]!;
    const code = e.startsWith("#x") ? parseInt(e.slice(2), 16) : Number(e.slice(1));
    // An invalid code point (a corrupt file) stays as written rather than throwing.
    return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Escape text for XML element content or attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Parse the GDAL_METADATA XML; an absent or unparsable tag gives empty metadata. */
export function parseGdalMetadata(xml: string | undefined, bandCount: number): GdalMetadata {
  const md: GdalMetadata = {
    dataset: {},
    bands: Array.from({ length: bandCount }, () => ({})),
    descriptions: new Array(bandCount).fill(undefined),
    scales: new Array(bandCount).fill(undefined),
    offsets: new Array(bandCount).fill(undefined),
  };
  if (!xml) return md;
  const itemRe = /<Item\s+([^>]*?)\s*(?:\/>|>([\s\S]*?)<\/Item>)/g;
  for (const m of xml.matchAll(itemRe)) {
    const attrs: Record<string, string> = {};
    for (const a of m[1]!.matchAll(/(\w+)="([^"]*)"/g)) attrs[a[1]!] = unescapeXml(a[2]!);
    const value = unescapeXml(m[2] ?? "");
    const sample = attrs.sample === undefined ? undefined : Number(attrs.sample);
    if (sample === undefined || !(Number.isInteger(sample) && sample >= 0 && sample < bandCount)) {
      if (attrs.name !== undefined) md.dataset[attrs.name] = value;
      continue;
    }
    switch (attrs.role) {
      case "description":
        md.descriptions[sample] = value;
        break;
      case "scale":
        md.scales[sample] = Number(value);
        break;
      case "offset":
        md.offsets[sample] = Number(value);
        break;
      case undefined:
        if (attrs.name !== undefined) md.bands[sample]![attrs.name] = value;
        break;
    }
  }
  return md;
}
