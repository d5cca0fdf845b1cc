/**
 * @module io/checksum
 * SHA-256 checksums of input files, for provenance.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/** SHA-256 of a file, hex-encoded, streamed so large scenes do not sit in memory. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** SHA-256 of a string or bytes, hex-encoded. */
export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
