/**
 * @module raster/read/sample-type
 * Raster sample types and the typed arrays that hold them.
 */

export type SampleType = "uint8" | "int8" | "uint16" | "int16" | "uint32" | "int32" | "float32" | "float64";

export type RasterArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

/** Bytes per sample of each type. */
export const BYTES_PER_SAMPLE: Readonly<Record<SampleType, number>> = {
  uint8: 1,
  int8: 1,
  uint16: 2,
  int16: 2,
  uint32: 4,
  int32: 4,
  float32: 4,
  float64: 8,
};

/** A new zero-filled typed array of `length` samples of `type`. */
export function allocRaster(type: SampleType, length: number): RasterArray {
  switch (type) {
    case "uint8":
      return new Uint8Array(length);
    case "int8":
      return new Int8Array(length);
    case "uint16":
      return new Uint16Array(length);
    case "int16":
      return new Int16Array(length);
    case "uint32":
      return new Uint32Array(length);
    case "int32":
      return new Int32Array(length);
    case "float32":
      return new Float32Array(length);
    case "float64":
      return new Float64Array(length);
  }
}

/** A typed-array view of `bytes` (which must be aligned for the type) as samples of `type`. */
export function viewRaster(type: SampleType, bytes: Uint8Array): RasterArray {
  const { buffer, byteOffset, byteLength } = bytes;
  const n = byteLength / BYTES_PER_SAMPLE[type];
  switch (type) {
    case "uint8":
      return new Uint8Array(buffer, byteOffset, n);
    case "int8":
      return new Int8Array(buffer, byteOffset, n);
    case "uint16":
      return new Uint16Array(buffer, byteOffset, n);
    case "int16":
      return new Int16Array(buffer, byteOffset, n);
    case "uint32":
      return new Uint32Array(buffer, byteOffset, n);
    case "int32":
      return new Int32Array(buffer, byteOffset, n);
    case "float32":
      return new Float32Array(buffer, byteOffset, n);
    case "float64":
      return new Float64Array(buffer, byteOffset, n);
  }
}

/** The sample type for TIFF BitsPerSample + SampleFormat, or undefined when unsupported. */
export function sampleTypeFromTiff(bits: number, format: number): SampleType | undefined {
  if (format === 1) return bits === 8 ? "uint8" : bits === 16 ? "uint16" : bits === 32 ? "uint32" : undefined;
  if (format === 2) return bits === 8 ? "int8" : bits === 16 ? "int16" : bits === 32 ? "int32" : undefined;
  if (format === 3) return bits === 32 ? "float32" : bits === 64 ? "float64" : undefined;
  return undefined;
}
