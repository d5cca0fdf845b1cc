/**
 * @module raster/read/byte-source
 * Random access to the bytes of a raster: a local file (positional reads) or an
 * http(s) URL (HTTP range requests, with a small block cache).
 */
import { open, type FileHandle } from "node:fs/promises";
import { DataError, NotFoundError } from "../../domain/errors.ts";
import { fileError } from "../../io/read-file.ts";

export interface ByteSource {
  /** Where the bytes come from (path or URL), for error messages. */
  readonly name: string;
  /** Total size in bytes when known. */
  readonly sizeBytes: number | undefined;
  /** Read `length` bytes at `offset`; fewer bytes only at end of file. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** A local file's descriptor, for native code that reads it on libuv's pool (valid until close). */
  readonly fd?: number;
  close(): Promise<void>;
}

/** True when `ref` is an http(s) URL rather than a path. */
export function isUrl(ref: string): boolean {
  return /^https?:\/\//i.test(ref);
}

/** Open a local file for positional reads. A missing file is a NotFoundError naming it. */
export async function openFileSource(path: string): Promise<ByteSource> {
  let handle: FileHandle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    throw fileError(error, path, { unreadable: "data" });
  }
  const { size } = await handle.stat();
  return {
    name: path,
    sizeBytes: size,
    fd: handle.fd,
    async read(offset, length) {
      const end = Math.min(offset + length, size);
      if (offset >= end) return new Uint8Array(0);
      const out = Buffer.allocUnsafe(end - offset);
      let done = 0;
      while (done < out.length) {
        const { bytesRead } = await handle.read(out, done, out.length - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return new Uint8Array(out.buffer, out.byteOffset, done);
    },
    close: () => handle.close(),
  };
}

/** Block size of the HTTP cache; COG headers and small tiles usually fit in one block. */
const HTTP_BLOCK_BYTES = 64 * 1024;

/**
 * Largest file read whole from a server that ignores Range requests; larger ones are refused
 * (reading a country's COG whole for every tile would be slow and memory-hungry). Override with
 * COCA_HTTP_WHOLE_READ_MAX_BYTES.
 */
export const WHOLE_READ_MAX_BYTES = 64 * 1024 * 1024;

export interface UrlSourceOptions {
  signal?: AbortSignal;
  /** Told once when the server ignores Range requests (default: a process warning on stderr). */
  onWarning?: (message: string) => void;
  /** Default WHOLE_READ_MAX_BYTES, or COCA_HTTP_WHOLE_READ_MAX_BYTES when set. */
  wholeReadMaxBytes?: number;
}

/**
 * Open an http(s) URL for range reads. Requests are aligned to 64 KiB blocks and
 * cached, so reading a COG header then its tiles costs few round trips. A server that
 * answers a range request with the whole file (HTTP 200) is detected and named: the file
 * is then read once and kept when it is small, and refused when it is large.
 */
export async function openUrlSource(url: string, options: UrlSourceOptions = {}): Promise<ByteSource> {
  const { signal } = options;
  const maxWhole = options.wholeReadMaxBytes ?? (Number(process.env.COCA_HTTP_WHOLE_READ_MAX_BYTES) || WHOLE_READ_MAX_BYTES);
  const warn = options.onWarning ?? ((m: string) => process.emitWarning(m, { code: "COCA_HTTP_NO_RANGE" }));
  const cache = new Map<number, Promise<Uint8Array>>();
  let sizeBytes: number | undefined;
  /** The whole file, once a server that ignores Range has sent it. */
  let whole: Uint8Array | undefined;
  let warned = false;
  const fetchRange = async (start: number, endInclusive: number): Promise<Uint8Array> => {
    if (whole) return whole.subarray(start, endInclusive + 1);
    let response: Response;
    try {
      response = await fetch(url, { headers: { Range: `bytes=${start}-${endInclusive}` }, signal });
    } catch (error) {
      throw new DataError(`${url}: request failed (${(error as Error).message})`, { cause: error });
    }
    if (response.status === 404) throw new NotFoundError(`${url}: not found (HTTP 404)`);
    if (response.status === 416) return new Uint8Array(0);
    if (!response.ok) throw new DataError(`${url}: HTTP ${response.status} ${response.statusText}`);
    if (response.status === 200) {
      // The server ignored the Range header and is sending the whole file.
      const declared = Number(response.headers.get("content-length"));
      if (Number.isFinite(declared) && declared > maxWhole) {
        await response.body?.cancel();
        throw new DataError(
          `${url}: the server ignores HTTP Range requests (answered 200 with the whole file, ${declared} bytes); files over ${maxWhole} bytes are not read whole: serve it from a server that honours Range, or download it first`,
        );
      }
      const body = new Uint8Array(await response.arrayBuffer());
      if (body.length > maxWhole) {
        throw new DataError(`${url}: the server ignores HTTP Range requests and sent ${body.length} bytes; files over ${maxWhole} bytes are not read whole`);
      }
      if (!warned) warn(`${url}: the server ignores HTTP Range requests; the file (${body.length} bytes) was read whole and is kept in memory`);
      warned = true;
      whole = body;
      sizeBytes = body.length;
      return body.subarray(start, endInclusive + 1);
    }
    const body = new Uint8Array(await response.arrayBuffer());
    const range = response.headers.get("content-range");
    const total = range ? /\/(\d+)$/.exec(range)?.[1] : undefined;
    if (total) sizeBytes = Number(total);
    return body;
  };
  const block = (index: number): Promise<Uint8Array> => {
    let p = cache.get(index);
    if (!p) {
      p = fetchRange(index * HTTP_BLOCK_BYTES, (index + 1) * HTTP_BLOCK_BYTES - 1);
      cache.set(index, p);
      p.catch(() => cache.delete(index));
    }
    return p;
  };
  const source: ByteSource = {
    name: url,
    get sizeBytes() {
      return sizeBytes;
    },
    async read(offset, length) {
      if (length > 4 * HTTP_BLOCK_BYTES) return fetchRange(offset, offset + length - 1);
      const first = Math.floor(offset / HTTP_BLOCK_BYTES);
      const last = Math.floor((offset + length - 1) / HTTP_BLOCK_BYTES);
      const blocks = await Promise.all(Array.from({ length: last - first + 1 }, (_, i) => block(first + i)));
      const out = new Uint8Array(length);
      let filled = 0;
      for (let i = 0; i < blocks.length; i++) {
        const b = blocks[i]!;
        const blockStart = (first + i) * HTTP_BLOCK_BYTES;
        const from = Math.max(offset, blockStart) - blockStart;
        const to = Math.min(offset + length - blockStart, b.length);
        if (to <= from) break;
        out.set(b.subarray(from, to), Math.max(offset, blockStart) - offset);
        filled = Math.max(filled, blockStart + to - offset);
      }
      return out.subarray(0, filled);
    },
    async close() {
      cache.clear();
    },
  };
  return source;
}

/** Open a path or URL. */
export function openByteSource(ref: string, options: UrlSourceOptions = {}): Promise<ByteSource> {
  return isUrl(ref) ? openUrlSource(ref, options) : openFileSource(ref);
}
