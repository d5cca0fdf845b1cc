/**
 * @module web/zip
 * A ZIP archive of a few small files, stored without compression, names in UTF-8: what the dashboard's CSV downloads
 * need to hand over a CSV with its sidecars as one file. Written by fflate (its `zipSync`, level 0).
 */
import { strToU8, zipSync } from "fflate";

export interface ZipEntry {
  name: string;
  data: Uint8Array | string;
}

/** The archive's bytes: each entry stored as it is, in the order given, dated `modified`. */
export function zipStored(entries: readonly ZipEntry[], modified: Date = new Date()): Uint8Array<ArrayBuffer> {
  const files = Object.fromEntries(entries.map((e) => [e.name, typeof e.data === "string" ? strToU8(e.data) : e.data]));
  return zipSync(files, { level: 0, mtime: modified }) as Uint8Array<ArrayBuffer>;
}
