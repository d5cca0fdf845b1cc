/**
 * @module imagery/synth/landscape
 * A procedural, simulated landscape of the Andes-Amazon transition: meandering rivers, roads, settlements at
 * crossings, a belt of small farm parcels along rivers and roads (pasture, cacao/coffee, coca, regrowth, bare
 * soil) inside primary forest, and clouds with their shadows. Every pixel's class is a pure function of
 * (seed, size, x, y), so any tile can be generated on its own, in any order, with the same result.
 * Pixels are 10 m, so 1 ha = 100 pixels; parcels are 5-16 x 6-15 pixels (0.3-2.4 ha), most under 1 ha.
 */
import { createRandom } from "../../stats/random.ts";
import { CLASS } from "./legend.ts";

/** 32-bit integer hash of three integers and a salt (a murmur3-style finaliser). */
export function hash3(x: number, y: number, z: number, salt: number): number {
  let h = Math.imul(x | 0, 0x27d4eb2d) ^ Math.imul(y | 0, 0x165667b1) ^ Math.imul(z | 0, 0x85ebca77) ^ salt;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  return (h ^ (h >>> 15)) >>> 0;
}

/** Uniform [0, 1) from a hash. */
export function unit(h: number): number {
  return h / 4294967296;
}

/** Smooth value noise in [0, 1] at (x, y) with lattice spacing `scale` pixels. */
export function valueNoise(x: number, y: number, scale: number, salt: number): number {
  const gx = x / scale;
  const gy = y / scale;
  const ix = Math.floor(gx);
  const iy = Math.floor(gy);
  let fx = gx - ix;
  let fy = gy - iy;
  fx = fx * fx * (3 - 2 * fx);
  fy = fy * fy * (3 - 2 * fy);
  const a = unit(hash3(ix, iy, 7, salt));
  const b = unit(hash3(ix + 1, iy, 7, salt));
  const c = unit(hash3(ix, iy + 1, 7, salt));
  const d = unit(hash3(ix + 1, iy + 1, 7, salt));
  return a + (b - a) * fx + (c - a) * fy + (a - b - c + d) * fx * fy;
}

interface Crossing {
  x: number;
  y: number;
  radius: number;
}

/** The landscape's fixed layout for a seed and size: rivers, roads, parcel rows. */
export interface Landscape {
  readonly seed: number;
  readonly sizePx: number;
  readonly salt: number;
  /** Salt of the cloud field (the salt by default; another value gives another day's clouds over the same ground). */
  readonly cloudSalt: number;
  /** Per row: centre column of each north-south river, and its half-width. */
  riversX: Float32Array[];
  riverHalfWidthPx: number[];
  /** Per column: centre row of each east-west tributary. */
  tributariesY: Float32Array[];
  tributaryHalfWidthPx: number[];
  /** Per column: row of each east-west road; per row: column of each north-south road. */
  roadsY: Float32Array[];
  roadsX: Float32Array[];
  crossings: Crossing[];
  /** Farm belt width (pixels from the nearest river or road). */
  beltPx: number;
  /** Per row: parcel row index; parcel row start rows. */
  parcelRowOf: Int32Array;
  parcelRowStart: Int32Array;
  /** Cache of parcel column boundaries per parcel row. */
  columnCache: Map<number, Int32Array>;
}

function meander(n: number, start: number, amplitude: number, random: ReturnType<typeof createRandom>): Float32Array {
  const out = new Float32Array(n);
  const w1 = 2 * Math.PI * (1 / (300 + random.next() * 500));
  const w2 = 2 * Math.PI * (1 / (80 + random.next() * 120));
  const p1 = random.next() * 6.283;
  const p2 = random.next() * 6.283;
  const drift = (random.next() - 0.5) * 0.3;
  for (let i = 0; i < n; i++) out[i] = start + drift * i + amplitude * Math.sin(i * w1 + p1) + amplitude * 0.3 * Math.sin(i * w2 + p2);
  return out;
}

/** Build the layout. Deterministic in (seed, sizePx); O(sizePx) memory. */
export function createLandscape(seed: number, sizePx: number): Landscape {
  const random = createRandom(seed);
  const salt = hash3(seed, sizePx, 1, 0x5eed);
  const nRivers = 1 + Math.floor(sizePx / 3000);
  const nRoads = 1 + Math.floor(sizePx / 3500);
  const riversX: Float32Array[] = [];
  const riverHalfWidthPx: number[] = [];
  for (let k = 0; k < nRivers; k++) {
    riversX.push(meander(sizePx, ((k + 0.5) / nRivers) * sizePx * (0.8 + 0.4 * random.next()), Math.min(220, sizePx * 0.06), random));
    riverHalfWidthPx.push(k === 0 ? 4 : 2.5);
  }
  const tributariesY = [meander(sizePx, sizePx * (0.25 + 0.2 * random.next()), Math.min(150, sizePx * 0.05), random)];
  const tributaryHalfWidthPx = [1.5];
  const roadsY: Float32Array[] = [];
  const roadsX: Float32Array[] = [];
  for (let k = 0; k < nRoads; k++) {
    roadsY.push(meander(sizePx, ((k + 0.6) / nRoads) * sizePx * (0.85 + 0.2 * random.next()), Math.min(60, sizePx * 0.02), random));
    roadsX.push(meander(sizePx, ((k + 0.3) / nRoads) * sizePx * (0.9 + 0.2 * random.next()), Math.min(60, sizePx * 0.02), random));
  }
  const crossings: Crossing[] = [];
  for (const ry of roadsY) {
    for (const rx of [...roadsX, ...riversX]) {
      // Where the east-west road meets a north-south line: find x with |x - rx[ry[x]]| small.
      for (let x = 0; x < sizePx; x++) {
        const y = Math.round(ry[x]!);
        if (y >= 0 && y < sizePx && Math.abs(x - rx[y]!) < 1) {
          crossings.push({ x, y, radius: 25 + 35 * random.next() });
          break;
        }
      }
    }
  }
  const parcelRowOf = new Int32Array(sizePx);
  const starts: number[] = [];
  let y = 0;
  let j = 0;
  while (y < sizePx) {
    const h = 6 + Math.floor(unit(hash3(j, 0, 3, salt)) ** 2 * 10);
    starts.push(y);
    for (let k = 0; k < h && y < sizePx; k++, y++) parcelRowOf[y] = j;
    j++;
  }
  return {
    seed,
    sizePx,
    salt,
    cloudSalt: salt,
    riversX,
    riverHalfWidthPx,
    tributariesY,
    tributaryHalfWidthPx,
    roadsY,
    roadsX,
    crossings,
    beltPx: Math.max(60, Math.min(260, sizePx * 0.09)),
    parcelRowOf,
    parcelRowStart: Int32Array.from(starts),
    columnCache: new Map(),
  };
}

/** Parcel index of each column in parcel row j (parcels 5-16 px wide, most narrow). */
export function parcelColumns(land: Landscape, j: number): Int32Array {
  let cols = land.columnCache.get(j);
  if (cols) return cols;
  if (land.columnCache.size > 512) land.columnCache.clear();
  cols = new Int32Array(land.sizePx);
  let x = 0;
  let i = 0;
  // Offset each row so parcel edges do not line up vertically.
  let w = Math.floor(unit(hash3(j, -1, 4, land.salt)) * 12);
  while (x < land.sizePx) {
    for (let k = 0; k < w && x < land.sizePx; k++, x++) cols[x] = i;
    i++;
    w = 5 + Math.floor(unit(hash3(j, i, 4, land.salt)) ** 2 * 12);
  }
  land.columnCache.set(j, cols);
  return cols;
}

/** Distance (pixels, along rows/columns) to the nearest river or road. */
export function accessDistance(land: Landscape, x: number, y: number): number {
  let d = Infinity;
  for (const r of land.riversX) d = Math.min(d, Math.abs(x - r[y]!));
  for (const r of land.roadsX) d = Math.min(d, Math.abs(x - r[y]!));
  for (const r of land.roadsY) d = Math.min(d, Math.abs(y - r[x]!));
  for (const r of land.tributariesY) d = Math.min(d, Math.abs(y - r[x]!) * 1.5);
  return d;
}

/** Land use of parcel (j, i), given the access distance of its first pixel. */
function parcelClass(land: Landscape, j: number, i: number, x: number, y: number): number {
  const d = accessDistance(land, x, y);
  const belt = land.beltPx * (0.6 + 0.8 * valueNoise(x, y, 400, land.salt ^ 0x11));
  if (d > belt) return valueNoise(x, y, 90, land.salt ^ 0x22) > 0.78 ? CLASS.regrowth : CLASS.forest;
  const near = d / belt; // 0 at the river/road, 1 at the forest edge
  // Coca hot spots: a low-frequency propensity field, higher away from the road but near rivers.
  const hot = valueNoise(x, y, 350, land.salt ^ 0x33);
  const u = unit(hash3(j, i, 5, land.salt));
  const pCoca = (0.03 + 0.22 * hot * hot) * (0.5 + near);
  const pForest = near > 0.7 ? (0.25 * (near - 0.7)) / 0.3 : 0;
  const rest = 1 - pCoca - pForest;
  const pPasture = rest * (0.47 - 0.25 * near);
  const pCrops = rest * 0.27;
  const pRegrowth = rest * (0.2 + 0.25 * near);
  let c = pCoca;
  if (u < c) return CLASS.coca;
  if (u < (c += pForest)) return CLASS.forest;
  if (u < (c += pPasture)) return CLASS.pasture;
  if (u < (c += pCrops)) return CLASS.crops;
  if (u < c + pRegrowth) return CLASS.regrowth;
  return CLASS.bare;
}

/** The land-cover class at pixel (x, y). */
export function classAt(land: Landscape, x: number, y: number): number {
  const special = specialAt(land, x, y);
  if (special) return special;
  const j = land.parcelRowOf[y]!;
  const cols = parcelColumns(land, j);
  const i = cols[x]!;
  // Decide the parcel's class at its top-left pixel so the whole parcel agrees.
  let x0 = x;
  while (x0 > 0 && cols[x0 - 1] === i) x0--;
  return parcelClass(land, j, i, x0, land.parcelRowStart[j]!);
}

/** Cloud cover in [0, 1] at (x, y): fractal value noise; a pixel is cloud above CLOUD_THRESHOLD. */
export function cloudiness(land: Landscape, x: number, y: number): number {
  return (
    0.6 * valueNoise(x, y, 160, land.cloudSalt ^ 0x44) + 0.3 * valueNoise(x, y, 40, land.cloudSalt ^ 0x55) + 0.1 * valueNoise(x, y, 10, land.cloudSalt ^ 0x66)
  );
}

export const CLOUD_THRESHOLD = 0.74;
/** Shadows fall this many pixels south-east of their cloud (sun from the north-west). */
export const SHADOW_OFFSET_PX = 30;

/** 0 clear, 1 cloud, 2 cloud shadow at (x, y). */
export function skyAt(land: Landscape, x: number, y: number): number {
  if (cloudiness(land, x, y) > CLOUD_THRESHOLD) return 1;
  if (cloudiness(land, x - SHADOW_OFFSET_PX, y - SHADOW_OFFSET_PX) > CLOUD_THRESHOLD) return 2;
  return 0;
}

/** Class and sky codes of a window (row-major), computed row by row with the parcel lookups shared. */
export function renderWindow(land: Landscape, x0: number, y0: number, x1: number, y1: number): { classes: Uint8Array; sky: Uint8Array; parcels: Int32Array } {
  const w = x1 - x0;
  const classes = new Uint8Array(w * (y1 - y0));
  const sky = new Uint8Array(w * (y1 - y0));
  const parcels = new Int32Array(w * (y1 - y0));
  // Cloud noise is smooth: evaluate on a 2-pixel lattice (20 m, as Sentinel-2's SCL) and repeat.
  for (let y = y0; y < y1; y++) {
    const row = (y - y0) * w;
    let lastParcel = -1;
    let lastClass = 0;
    const j = land.parcelRowOf[y]!;
    const cols = parcelColumns(land, j);
    for (let x = x0; x < x1; x++) {
      const i = cols[x]!;
      let c = specialAt(land, x, y);
      if (c === 0) {
        if (i !== lastParcel) {
          lastClass = classAt(land, x, y);
          lastParcel = i;
        }
        c = lastClass;
      }
      classes[row + x - x0] = c;
      parcels[row + x - x0] = j * 65536 + i;
      if ((x & 1) === 0 || x === x0) sky[row + x - x0] = (y & 1) === 0 || y === y0 ? skyAt(land, x & ~1, y & ~1) : sky[row - w + x - x0]!;
      else sky[row + x - x0] = sky[row + x - x0 - 1]!;
    }
  }
  return { classes, sky, parcels };
}

/** Water, road or settlement at (x, y), else 0 (the pixel takes its parcel's class). */
function specialAt(land: Landscape, x: number, y: number): number {
  for (let k = 0; k < land.riversX.length; k++) if (Math.abs(x - land.riversX[k]![y]!) < land.riverHalfWidthPx[k]!) return CLASS.water;
  for (let k = 0; k < land.tributariesY.length; k++) if (Math.abs(y - land.tributariesY[k]![x]!) < land.tributaryHalfWidthPx[k]!) return CLASS.water;
  for (const r of land.roadsY) if (Math.abs(y - r[x]!) < 1) return CLASS.bare;
  for (const r of land.roadsX) if (Math.abs(x - r[y]!) < 1) return CLASS.bare;
  for (const c of land.crossings) {
    const dx = x - c.x;
    const dy = y - c.y;
    if (dx * dx + dy * dy < c.radius * c.radius) {
      const h = unit(hash3(x >> 2, y >> 2, 6, land.salt));
      return h < 0.7 ? CLASS.settlement : h < 0.85 ? CLASS.bare : CLASS.pasture;
    }
  }
  return 0;
}
