/**
 * @module raster/read/libdeflate
 * The optional native inflater: libdeflate (the library GDAL links for DEFLATE), through the small
 * Node-API binding in native/libdeflate (built by `native/libdeflate/build.sh` or node-gyp). When the
 * binding is not built, or the library is absent, or COCA_NO_LIBDEFLATE=1 is set, `libdeflate` is
 * null and readers inflate with Node's zlib instead: the pixels are the same either way.
 */
import { createRequire } from "node:module";

export interface NativeInflater {
  /** Inflate zlib data `src` into `dst` on this thread; returns the bytes written. Throws when `dst` is too small or the data is bad. */
  inflate(src: Uint8Array, dst: Uint8Array): number;
  /** The same on libuv's thread pool. */
  inflateAsync(src: Uint8Array, dst: Uint8Array): Promise<number>;
}

/** libdeflate's code for "the output buffer is too small". */
export const INSUFFICIENT_SPACE = 3;

interface Binding {
  inflate(src: Uint8Array, dst: Uint8Array): number;
  inflateAsync(src: Uint8Array, dst: Uint8Array, cb: (error: Error | null, written: number) => void): void;
}

function load(): NativeInflater | null {
  if (process.env.COCA_NO_LIBDEFLATE === "1") return null;
  const require = createRequire(import.meta.url);
  let binding: Binding;
  try {
    binding = require("../../../native/libdeflate/build/Release/coca_libdeflate.node") as Binding;
  } catch {
    return null;
  }
  return {
    inflate: (src, dst) => binding.inflate(src, dst),
    inflateAsync: (src, dst) =>
      new Promise((resolve, reject) => binding.inflateAsync(src, dst, (error, written) => (error ? reject(error) : resolve(written)))),
  };
}

/** The native inflater, or null (then use node:zlib). */
export const libdeflate: NativeInflater | null = load();
