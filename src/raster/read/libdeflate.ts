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
  /**
   * On libuv's thread pool: inflate a whole pixel-interleaved tile (little-endian, 1-, 2- or 4-byte samples, predictor
   * 1 or 2) into a per-thread scratch buffer, undo the predictor, and copy a window of it into each band's array
   * (`dsts[k]` for sample k, null to skip it). Resolves to the inflated bytes; a result below the tile's size means a
   * truncated tile (nothing was copied). Absent when the built binding predates it.
   */
  inflateScatterAsync?(src: Uint8Array | null, dsts: readonly (ArrayBufferView | null)[], layout: ScatterLayout): Promise<number>;
  /**
   * An ArrayBuffer of `bytes`: one that an earlier buffer of the same size left in the binding's pool when the garbage
   * collector freed it (contents undefined), or a new zeroed one. Whoever takes it writes every byte before anyone reads
   * it. Buffers idle in the pool for RECYCLE_IDLE_MS are freed (an unref'd timer, armed while any may wait). Absent
   * when the built binding predates it.
   */
  allocRecycled?(bytes: number): ArrayBuffer;
  /** What the pool holds now and how often it served a request. */
  recycledStats?(): { buffers: number; bytes: number; hits: number; misses: number };
  /** Free the pooled buffers idle longer than `maxIdleMs` (0: all); returns how many. */
  trimRecycled?(maxIdleMs: number): number;
}

/** How long a recycled buffer may wait in the pool for a read of its size before it is freed. */
export const RECYCLE_IDLE_MS = 10_000;

/** A tile and the window of it that inflateScatterAsync copies: pixels (srcX, srcY) to (srcX + rowLen, srcY + rows) of the tile go to element dstStart of each band, rows dstStride apart. */
export interface ScatterLayout {
  width: number;
  height: number;
  samples: number;
  bytesPerSample: number;
  predictor: number;
  rows: number;
  rowLen: number;
  srcX: number;
  srcY: number;
  dstStart: number;
  dstStride: number;
  /** With src null: the pool thread reads the tile itself, `count` bytes at `offset` of file descriptor `fd`. */
  fd?: number;
  offset?: number;
  count?: number;
}

/** libdeflate's code for "the output buffer is too small". */
export const INSUFFICIENT_SPACE = 3;
/** The binding's code for "the file ends inside the tile" (inflateScatterAsync reading a file itself). */
export const SHORT_READ = -2;

interface Binding {
  inflate(src: Uint8Array, dst: Uint8Array): number;
  inflateAsync(src: Uint8Array, dst: Uint8Array, cb: (error: Error | null, written: number) => void): void;
  inflateScatterAsync?(
    src: Uint8Array | null,
    dsts: readonly (ArrayBufferView | null)[],
    layout: ScatterLayout,
    cb: (error: Error | null, written: number) => void,
  ): void;
  allocRecycled?(bytes: number): ArrayBuffer;
  recycledStats?(): { buffers: number; bytes: number; hits: number; misses: number };
  trimRecycled?(maxIdleMs: number): number;
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
  const scatter = binding.inflateScatterAsync;
  return {
    inflate: (src, dst) => binding.inflate(src, dst),
    inflateAsync: (src, dst) =>
      new Promise((resolve, reject) => binding.inflateAsync(src, dst, (error, written) => (error ? reject(error) : resolve(written)))),
    inflateScatterAsync: scatter
      ? (src, dsts, layout) =>
          new Promise((resolve, reject) => scatter.call(binding, src, dsts, layout, (error, written) => (error ? reject(error) : resolve(written))))
      : undefined,
    allocRecycled:
      binding.allocRecycled && binding.trimRecycled && binding.recycledStats
        ? recycling(binding.allocRecycled.bind(binding), binding.trimRecycled.bind(binding), () => binding.recycledStats!().buffers)
        : undefined,
    recycledStats: binding.recycledStats?.bind(binding),
    trimRecycled: binding.trimRecycled?.bind(binding),
  };
}

/**
 * allocRecycled with the pool's expiry: after a request, a timer (unref'd: it keeps no process alive) frees what has
 * waited RECYCLE_IDLE_MS, and comes back while the pool still holds buffers.
 */
function recycling(alloc: (bytes: number) => ArrayBuffer, trim: (maxIdleMs: number) => number, pooled: () => number): (bytes: number) => ArrayBuffer {
  let timer: NodeJS.Timeout | undefined;
  const sweep = (): void => {
    timer = undefined;
    trim(RECYCLE_IDLE_MS);
    // Buffers the collector frees later come back to the pool after this sweep; the next request re-arms it.
    if (pooled() > 0) arm();
  };
  const arm = (): void => {
    timer ??= setTimeout(sweep, RECYCLE_IDLE_MS).unref();
  };
  return (bytes) => {
    arm();
    return alloc(bytes);
  };
}

/** The native inflater, or null (then use node:zlib). */
export const libdeflate: NativeInflater | null = load();
