/**
 * @module routes/circuit
 * Circuit theory on a resistor network (McRae et al. 2008, Ecology 89:2712; Circuitscape): a sparse graph Laplacian
 * in CSR form, node voltages solved by the conjugate gradient with a Jacobi preconditioner on typed arrays, the
 * current through each node (where flow concentrates) and the effective resistance between node sets. A cost raster
 * becomes a network with conductance 1 / (mean of the two cell costs x step length) between neighbours, the same
 * convention as the least-cost paths.
 */
import { DataError, InputError } from "../domain/errors.ts";
import { isPassable, MOVE_DC, MOVE_DR, stepLengthM, type CostGrid } from "./accumulated-cost.ts";
import { applyStencil, finishLevel, multigridPreconditioner, newStencilLevel } from "./stencil-multigrid.ts";

/** A symmetric network: for node i, neighbours cols[rowPtr[i]..rowPtr[i+1]) with conductances (siemens). */
export interface Network {
  nodeCount: number;
  rowPtr: Int32Array;
  cols: Int32Array;
  conductanceS: Float64Array;
}

/** A network from an undirected edge list (each edge once; parallel edges add up). Conductances must be > 0. */
export function networkFromEdges(nodeCount: number, from: ArrayLike<number>, to: ArrayLike<number>, conductanceS: ArrayLike<number>): Network {
  const degree = new Int32Array(nodeCount + 1);
  for (let e = 0; e < from.length; e++) {
    const a = from[e]!;
    const b = to[e]!;
    if (!(a >= 0 && a < nodeCount && b >= 0 && b < nodeCount) || a === b)
      throw new RangeError(`edge ${e} (${a}, ${b}) is not between two distinct nodes of ${nodeCount}`);
    if (!(conductanceS[e]! > 0)) throw new RangeError(`edge ${e} has conductance ${conductanceS[e]} (must be > 0)`);
    degree[a + 1]!++;
    degree[b + 1]!++;
  }
  const rowPtr = new Int32Array(nodeCount + 1);
  for (let i = 0; i < nodeCount; i++) rowPtr[i + 1] = rowPtr[i]! + degree[i + 1]!;
  const fill = rowPtr.slice(0, nodeCount);
  const cols = new Int32Array(rowPtr[nodeCount]!);
  const g = new Float64Array(rowPtr[nodeCount]!);
  for (let e = 0; e < from.length; e++) {
    const a = from[e]!;
    const b = to[e]!;
    cols[fill[a]!] = b;
    g[fill[a]!++] = conductanceS[e]!;
    cols[fill[b]!] = a;
    g[fill[b]!++] = conductanceS[e]!;
  }
  return { nodeCount, rowPtr, cols, conductanceS: g };
}

/**
 * The resistor network of a cost raster: one node per cell, an edge between passable neighbours (4 or 8) with
 * resistance (c_a + c_b) / 2 x step length in metres (Circuitscape's average-resistance connection scheme).
 */
export function rasterNetwork(grid: CostGrid, neighbours: 4 | 8 = 8): Network {
  const { width, height, costs } = grid;
  const n = width * height;
  const widths = typeof grid.cellWidthM === "number" ? new Float64Array(height).fill(grid.cellWidthM) : grid.cellWidthM;
  // Count degrees first, then fill CSR rows in cell order (no per-edge objects).
  const moves = neighbours === 4 ? [1, 2, 3, 4] : [1, 2, 3, 4, 5, 6, 7, 8];
  const rowPtr = new Int32Array(n + 1);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      let d = 0;
      if (isPassable(costs[i]!)) {
        for (const k of moves) {
          const r2 = r + MOVE_DR[k]!;
          const c2 = c + MOVE_DC[k]!;
          if (r2 >= 0 && r2 < height && c2 >= 0 && c2 < width && isPassable(costs[r2 * width + c2]!)) d++;
        }
      }
      rowPtr[i + 1] = rowPtr[i]! + d;
    }
  }
  const cols = new Int32Array(rowPtr[n]!);
  const g = new Float64Array(rowPtr[n]!);
  const stepByRow = new Float64Array(height * 9);
  for (let r = 0; r < height; r++) for (const k of moves) stepByRow[r * 9 + k] = stepLengthM(k, r, widths, grid.cellHeightM);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      const ci = costs[i]!;
      if (!isPassable(ci)) continue;
      let p = rowPtr[i]!;
      for (const k of moves) {
        const r2 = r + MOVE_DR[k]!;
        const c2 = c + MOVE_DC[k]!;
        if (r2 < 0 || r2 >= height || c2 < 0 || c2 >= width) continue;
        const j = r2 * width + c2;
        const cj = costs[j]!;
        if (!isPassable(cj)) continue;
        // The step length of the move j -> i equals i -> j (mean row widths), so the matrix stays symmetric.
        const resistance = 0.5 * (ci + cj) * stepByRow[r * 9 + k]!;
        cols[p] = j;
        g[p++] = resistance > 0 ? 1 / resistance : 1e30;
      }
    }
  }
  return { nodeCount: n, rowPtr, cols, conductanceS: g };
}

export interface SolveOptions {
  /** Nodes held at a voltage (Dirichlet): sources, targets, 0-ohm grounds. */
  fixedNodes: ArrayLike<number>;
  fixedVoltagesV: ArrayLike<number>;
  /** Current injected at each node in amperes (positive in); default none. */
  injectionA?: Float64Array;
  /** Conductance from each node to ground (0 V), siemens; default none. */
  groundConductanceS?: Float64Array;
  /** Stop when ||r|| <= tolerance x ||b|| (default 1e-10). */
  tolerance?: number;
  maxIterations?: number;
}

export interface Solution {
  /** Node voltages; NaN at nodes not connected to any fixed or grounded node (floating). */
  voltagesV: Float64Array;
  iterations: number;
  relativeResidual: number;
  /** Nodes solved for (free and connected). */
  unknowns: number;
}

/** Node voltages of the network by Jacobi-preconditioned conjugate gradient on the reduced Laplacian. */
export function solveVoltages(net: Network, o: SolveOptions): Solution {
  const { nodeCount: n, rowPtr, cols, conductanceS: g } = net;
  const fixed = new Uint8Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < o.fixedNodes.length; i++) {
    const f = o.fixedNodes[i]!;
    fixed[f] = 1;
    v[f] = o.fixedVoltagesV[i]!;
  }
  const ground = o.groundConductanceS;
  // Nodes reachable from a fixed or grounded node; the rest float (their system is singular).
  const active = new Uint8Array(n);
  const queue = new Int32Array(n);
  let tail = 0;
  for (let i = 0; i < n; i++) {
    if (fixed[i] === 1 || (ground !== undefined && ground[i]! > 0)) {
      queue[tail++] = i;
      active[i] = 1;
    }
  }
  if (tail === 0) throw new InputError("the network has no fixed or grounded node: voltages are undetermined");
  for (let head = 0; head < tail; head++) {
    const i = queue[head]!;
    for (let p = rowPtr[i]!; p < rowPtr[i + 1]!; p++) {
      const j = cols[p]!;
      if (active[j] === 0) {
        active[j] = 1;
        queue[tail++] = j;
      }
    }
  }
  const inj = o.injectionA;
  let unknowns = 0;
  const diag = new Float64Array(n);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (fixed[i] === 1) continue;
    if (active[i] === 0) {
      if (inj !== undefined && inj[i] !== 0) throw new DataError(`current is injected at node ${i}, which is connected to no source, target or ground`);
      v[i] = NaN;
      continue;
    }
    active[i] = 2; // 2 = unknown
    unknowns++;
    let d = ground !== undefined ? ground[i]! : 0;
    let bi = inj !== undefined ? inj[i]! : 0;
    for (let p = rowPtr[i]!; p < rowPtr[i + 1]!; p++) {
      d += g[p]!;
      const j = cols[p]!;
      if (fixed[j] === 1) bi += g[p]! * v[j]!;
    }
    diag[i] = d;
    b[i] = bi;
  }
  const tol = o.tolerance ?? 1e-10;
  const maxIt = o.maxIterations ?? Math.max(2000, 50 * Math.ceil(Math.sqrt(unknowns)));
  // The reduced system over the unknowns only, as its own CSR (contiguous loops in the iterations).
  const index = new Int32Array(n).fill(-1);
  const nodes = new Int32Array(unknowns);
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (active[i] !== 2) continue;
    index[i] = m;
    nodes[m++] = i;
  }
  const rp = new Int32Array(m + 1);
  for (let u = 0; u < m; u++) {
    const i = nodes[u]!;
    let d = 0;
    for (let q = rowPtr[i]!; q < rowPtr[i + 1]!; q++) if (index[cols[q]!]! >= 0) d++;
    rp[u + 1] = rp[u]! + d;
  }
  const rc = new Int32Array(rp[m]!);
  const rg = new Float64Array(rp[m]!);
  const dInv = new Float64Array(m);
  const bb = new Float64Array(m);
  for (let u = 0; u < m; u++) {
    const i = nodes[u]!;
    let w = rp[u]!;
    for (let q = rowPtr[i]!; q < rowPtr[i + 1]!; q++) {
      const ju = index[cols[q]!]!;
      if (ju < 0) continue;
      rc[w] = ju;
      rg[w++] = g[q]!;
    }
    dInv[u] = 1 / diag[i]!;
    bb[u] = b[i]!;
  }
  const diagR = Float64Array.from(nodes, (i) => diag[i]!);
  /** dst = A src; returns src · dst (the p·Ap of the iteration, fused to save a pass over the vectors). */
  const matvec = (src: Float64Array, dst: Float64Array): number => {
    let dot = 0;
    for (let u = 0; u < m; u++) {
      const su = src[u]!;
      let s = diagR[u]! * su;
      for (let q = rp[u]!, e = rp[u + 1]!; q < e; q++) s -= rg[q]! * src[rc[q]!]!;
      dst[u] = s;
      dot += su * s;
    }
    return dot;
  };
  // PCG (Saad 2003, Iterative Methods for Sparse Linear Systems, Algorithm 9.1) with M = diag(A), x0 = M^-1 b.
  const x = new Float64Array(m);
  const r = new Float64Array(m);
  const z = new Float64Array(m);
  const p = new Float64Array(m);
  const ap = new Float64Array(m);
  let bNorm2 = 0;
  for (let u = 0; u < m; u++) {
    x[u] = bb[u]! * dInv[u]!;
    bNorm2 += bb[u]! * bb[u]!;
  }
  matvec(x, ap);
  let rz = 0;
  let rNorm2 = 0;
  for (let u = 0; u < m; u++) {
    const ru = bb[u]! - ap[u]!;
    r[u] = ru;
    z[u] = ru * dInv[u]!;
    p[u] = z[u]!;
    rz += ru * z[u]!;
    rNorm2 += ru * ru;
  }
  const target2 = tol * tol * bNorm2;
  let it = 0;
  while (rNorm2 > target2 && it < maxIt) {
    const pap = matvec(p, ap);
    if (!(pap > 0)) break;
    const alpha = rz / pap;
    let rzNew = 0;
    rNorm2 = 0;
    for (let u = 0; u < m; u++) {
      x[u] = x[u]! + alpha * p[u]!;
      const ru = r[u]! - alpha * ap[u]!;
      r[u] = ru;
      const zu = ru * dInv[u]!;
      z[u] = zu;
      rzNew += ru * zu;
      rNorm2 += ru * ru;
    }
    const beta = rzNew / rz;
    rz = rzNew;
    for (let u = 0; u < m; u++) p[u] = z[u]! + beta * p[u]!;
    it++;
  }
  for (let u = 0; u < m; u++) v[nodes[u]!] = x[u]!;
  const rel = bNorm2 > 0 ? Math.sqrt(rNorm2 / bNorm2) : 0;
  if (rNorm2 > target2 && bNorm2 > 0)
    throw new DataError(`conjugate gradient did not converge in ${it} iterations (relative residual ${rel.toExponential(2)} > ${tol})`);
  return { voltagesV: v, iterations: it, relativeResidual: rel, unknowns };
}

/**
 * The voltages of `rasterNetwork(grid, neighbours)` solved matrix-free on the raster's stencil: the conductance of
 * each edge stored once per cell and direction on a grid padded by one cell (no column indices, no bounds checks),
 * then the preconditioned conjugate gradient on the unknowns, stopping at the same relative residual
 * ||r|| <= tolerance x ||b|| as solveVoltages. The preconditioner is a multigrid V-cycle on the same stencil
 * (src/routes/stencil-multigrid.ts; iterations nearly independent of the raster's size) or, on request, Jacobi
 * (diag(A), as solveVoltages). Same system, same solution to the tolerance.
 */
export function solveRasterVoltages(
  grid: CostGrid,
  neighbours: 4 | 8,
  o: {
    fixedNodes: ArrayLike<number>;
    fixedVoltagesV: ArrayLike<number>;
    tolerance?: number;
    maxIterations?: number;
    preconditioner?: "multigrid" | "jacobi";
  },
): Solution & { preconditioner: "multigrid" | "jacobi"; levels: number } {
  const { width: w, height: h, costs } = grid;
  const W = w + 2;
  const N = W * (h + 2);
  const widths = typeof grid.cellWidthM === "number" ? new Float64Array(h).fill(grid.cellWidthM) : grid.cellWidthM;
  const pad = (cell: number): number => {
    const r = Math.floor(cell / w);
    return (r + 1) * W + (cell - r * w) + 1;
  };
  // Edge conductances from each padded cell to its E, S, SE and SW neighbours (0: no edge), held in the arrays of
  // the finest multigrid level, which later turn into the matrix entries (-g between unknowns, else 0).
  const A = newStencilLevel(w, h);
  const { e: gE, s: gS, se: gSE, sw: gSW, diag } = A;
  const cond = (ci: number, cj: number, step: number): number => {
    const res = 0.5 * (ci + cj) * step;
    return res > 0 ? 1 / res : 1e30;
  };
  for (let r = 0; r < h; r++) {
    const stepE = stepLengthM(2, r, widths, grid.cellHeightM);
    const stepS = stepLengthM(3, r, widths, grid.cellHeightM);
    const stepSE = stepLengthM(6, r, widths, grid.cellHeightM);
    for (let c = 0; c < w; c++) {
      const i = r * w + c;
      const ci = costs[i]!;
      if (!isPassable(ci)) continue;
      const P = (r + 1) * W + c + 1;
      if (c + 1 < w && isPassable(costs[i + 1]!)) gE[P] = cond(ci, costs[i + 1]!, stepE);
      if (r + 1 < h && isPassable(costs[i + w]!)) gS[P] = cond(ci, costs[i + w]!, stepS);
      if (neighbours === 8 && r + 1 < h) {
        if (c + 1 < w && isPassable(costs[i + w + 1]!)) gSE[P] = cond(ci, costs[i + w + 1]!, stepSE);
        if (c > 0 && isPassable(costs[i + w - 1]!)) gSW[P] = cond(ci, costs[i + w - 1]!, stepSE);
      }
    }
  }
  // Cells W+1 .. N-W-2 cover every real cell and keep P ± (W + 1) inside the padded arrays.
  const first = W + 1;
  const last = N - W - 1;
  for (let P = first; P < last; P++) diag[P] = gE[P]! + gE[P - 1]! + gS[P]! + gS[P - W]! + gSE[P]! + gSE[P - W - 1]! + gSW[P]! + gSW[P - W + 1]!;
  // fixed = 1, unknown = 2, floating = 0 (BFS from the fixed cells over edges)
  const state = new Uint8Array(N);
  const vFixed = new Float64Array(N);
  const queue = new Int32Array(N);
  let tail = 0;
  for (let k = 0; k < o.fixedNodes.length; k++) {
    const P = pad(o.fixedNodes[k]!);
    state[P] = 1;
    vFixed[P] = o.fixedVoltagesV[k]!;
    queue[tail++] = P;
  }
  const offs = [1, -1, W, -W, W + 1, -W - 1, W - 1, -W + 1];
  const edgeG = (P: number, k: number): number => {
    switch (k) {
      case 0:
        return gE[P]!;
      case 1:
        return gE[P - 1]!;
      case 2:
        return gS[P]!;
      case 3:
        return gS[P - W]!;
      case 4:
        return gSE[P]!;
      case 5:
        return gSE[P - W - 1]!;
      case 6:
        return gSW[P]!;
      default:
        return gSW[P - W + 1]!;
    }
  };
  for (let head = 0; head < tail; head++) {
    const P = queue[head]!;
    for (let k = 0; k < offs.length; k++) {
      const Q = P + offs[k]!;
      if (state[Q] === 0 && edgeG(P, k) > 0) {
        state[Q] = 2;
        queue[tail++] = Q;
      }
    }
  }
  // b = G v_fixed on the unknowns; then the entries of the reduced matrix in place.
  const b = new Float64Array(N);
  let unknowns = 0;
  let bNorm2 = 0;
  for (let P = first; P < last; P++) {
    if (state[P] !== 2) continue;
    unknowns++;
    const bp =
      gE[P]! * vFixed[P + 1]! +
      gE[P - 1]! * vFixed[P - 1]! +
      gS[P]! * vFixed[P + W]! +
      gS[P - W]! * vFixed[P - W]! +
      gSE[P]! * vFixed[P + W + 1]! +
      gSE[P - W - 1]! * vFixed[P - W - 1]! +
      gSW[P]! * vFixed[P + W - 1]! +
      gSW[P - W + 1]! * vFixed[P - W + 1]!;
    b[P] = bp;
    bNorm2 += bp * bp;
  }
  for (let P = 0; P < N; P++) {
    if (state[P] !== 2) {
      diag[P] = gE[P] = gS[P] = gSE[P] = gSW[P] = 0;
      continue;
    }
    gE[P] = state[P + 1] === 2 ? -gE[P]! : 0;
    gS[P] = state[P + W] === 2 ? -gS[P]! : 0;
    gSE[P] = state[P + W + 1] === 2 ? -gSE[P]! : 0;
    gSW[P] = state[P + W - 1] === 2 ? -gSW[P]! : 0;
  }
  finishLevel(A);
  const dInv = A.inv;
  const which = o.preconditioner ?? "multigrid";
  const mg = which === "multigrid" && unknowns > 0 ? multigridPreconditioner(A) : null;
  const precondition = mg
    ? mg.apply
    : (src: Float64Array, dst: Float64Array): void => {
        for (let P = 0; P < N; P++) dst[P] = src[P]! * dInv[P]!;
      };
  // PCG (Saad 2003, Algorithm 9.1) from x0 = D^-1 b, stopping when ||r|| <= tol ||b|| (as SciPy's cg).
  const x = new Float64Array(N);
  for (let P = 0; P < N; P++) x[P] = b[P]! * dInv[P]!;
  const r = new Float64Array(N);
  const z = new Float64Array(N);
  const p = new Float64Array(N);
  const ap = new Float64Array(N);
  applyStencil(A, x, ap);
  let rNorm2 = 0;
  for (let P = 0; P < N; P++) {
    const rp = b[P]! - ap[P]!;
    r[P] = rp;
    rNorm2 += rp * rp;
  }
  const tol = o.tolerance ?? 1e-10;
  const maxIt = o.maxIterations ?? Math.max(2000, 50 * Math.ceil(Math.sqrt(unknowns)));
  const target2 = tol * tol * bNorm2;
  let rz = 0;
  if (rNorm2 > target2) {
    precondition(r, z);
    for (let P = 0; P < N; P++) {
      p[P] = z[P]!;
      rz += r[P]! * z[P]!;
    }
  }
  let it = 0;
  while (rNorm2 > target2 && it < maxIt) {
    const pap = applyStencil(A, p, ap);
    if (!(pap > 0)) break;
    const alpha = rz / pap;
    rNorm2 = 0;
    for (let P = 0; P < N; P++) {
      x[P] = x[P]! + alpha * p[P]!;
      const rp = r[P]! - alpha * ap[P]!;
      r[P] = rp;
      rNorm2 += rp * rp;
    }
    it++;
    if (rNorm2 <= target2) break;
    precondition(r, z);
    let rzNew = 0;
    for (let P = 0; P < N; P++) rzNew += r[P]! * z[P]!;
    const beta = rzNew / rz;
    rz = rzNew;
    for (let P = 0; P < N; P++) p[P] = z[P]! + beta * p[P]!;
  }
  const rel = bNorm2 > 0 ? Math.sqrt(rNorm2 / bNorm2) : 0;
  if (rNorm2 > target2 && bNorm2 > 0)
    throw new DataError(`conjugate gradient did not converge in ${it} iterations (relative residual ${rel.toExponential(2)} > ${tol})`);
  const v = new Float64Array(w * h);
  for (let i = 0; i < v.length; i++) {
    const P = pad(i);
    v[i] = state[P] === 1 ? vFixed[P]! : state[P] === 2 ? x[P]! : NaN;
  }
  return { voltagesV: v, iterations: it, relativeResidual: rel, unknowns, preconditioner: mg ? "multigrid" : "jacobi", levels: mg ? mg.levels : 1 };
}

/** Net current leaving each node into the network (A): positive at sources, negative at sinks, ~0 elsewhere. */
export function netOutflowA(net: Network, voltagesV: Float64Array): Float64Array {
  const out = new Float64Array(net.nodeCount);
  for (let i = 0; i < net.nodeCount; i++) {
    const vi = voltagesV[i]!;
    if (Number.isNaN(vi)) continue;
    let s = 0;
    for (let p = net.rowPtr[i]!; p < net.rowPtr[i + 1]!; p++) s += net.conductanceS[p]! * (vi - voltagesV[net.cols[p]!]!);
    out[i] = s;
  }
  return out;
}

/**
 * Current through each node (A): half the sum of the absolute currents on its edges plus half the absolute
 * current it injects or takes out (Circuitscape's node current). 0 at floating nodes.
 */
export function nodeCurrentA(net: Network, voltagesV: Float64Array): Float64Array {
  const out = new Float64Array(net.nodeCount);
  for (let i = 0; i < net.nodeCount; i++) {
    const vi = voltagesV[i]!;
    if (Number.isNaN(vi)) continue;
    let abs = 0;
    let sum = 0;
    for (let p = net.rowPtr[i]!; p < net.rowPtr[i + 1]!; p++) {
      const c = net.conductanceS[p]! * (vi - voltagesV[net.cols[p]!]!);
      abs += Math.abs(c);
      sum += c;
    }
    out[i] = 0.5 * (abs + Math.abs(sum));
  }
  return out;
}

export interface EffectiveResistance {
  /** Resistance between the sources (shorted together) and the targets (shorted together), ohms. */
  resistanceOhm: number;
  /** Voltages for 1 A from sources to targets (targets at 0 V). */
  voltagesV: Float64Array;
  /** Current through each node for 1 A total. */
  currentA: Float64Array;
  iterations: number;
  relativeResidual: number;
}

/**
 * Effective resistance between node sets: sources held at 1 V and targets at 0 V, R = 1 / (current leaving the
 * sources); voltages and currents are then scaled to 1 A. Disjoint, non-empty sets; a target must be reachable.
 */
export function effectiveResistance(
  net: Network,
  sources: ArrayLike<number>,
  targets: ArrayLike<number>,
  options: { tolerance?: number; raster?: { grid: CostGrid; neighbours: 4 | 8; preconditioner?: "multigrid" | "jacobi" } } = {},
): EffectiveResistance {
  const src = [...new Set(Array.from(sources))];
  const tgt = [...new Set(Array.from(targets))];
  if (src.length === 0 || tgt.length === 0) throw new InputError("effective resistance needs at least one source and one target");
  const srcSet = new Set(src);
  for (const t of tgt) if (srcSet.has(t)) throw new InputError(`node ${t} is both a source and a target`);
  const fixedNodes = Int32Array.from([...src, ...tgt]);
  const fixedVoltagesV = Float64Array.from([...src.map(() => 1), ...tgt.map(() => 0)]);
  const tolerance = options.tolerance ?? 1e-12;
  // A network made by rasterNetwork may be solved on its stencil (same system, faster).
  const sol = options.raster
    ? solveRasterVoltages(options.raster.grid, options.raster.neighbours, {
        fixedNodes,
        fixedVoltagesV,
        tolerance,
        preconditioner: options.raster.preconditioner,
      })
    : solveVoltages(net, { fixedNodes, fixedVoltagesV, tolerance });
  const outflow = netOutflowA(net, sol.voltagesV);
  let current = 0;
  for (const s of src) current += outflow[s]!;
  if (!(current > 0)) throw new DataError("no current flows from the sources to the targets: they are not connected");
  const v = sol.voltagesV;
  for (let i = 0; i < v.length; i++) v[i] = v[i]! / current;
  return { resistanceOhm: 1 / current, voltagesV: v, currentA: nodeCurrentA(net, v), iterations: sol.iterations, relativeResidual: sol.relativeResidual };
}
