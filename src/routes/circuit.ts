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
    if (!(a >= 0 && a < nodeCount && b >= 0 && b < nodeCount) || a === b) throw new RangeError(`edge ${e} (${a}, ${b}) is not between two distinct nodes of ${nodeCount}`);
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
  const matvec = (src: Float64Array, dst: Float64Array): void => {
    for (let u = 0; u < m; u++) {
      let s = diagR[u]! * src[u]!;
      for (let q = rp[u]!, e = rp[u + 1]!; q < e; q++) s -= rg[q]! * src[rc[q]!]!;
      dst[u] = s;
    }
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
    matvec(p, ap);
    let pap = 0;
    for (let u = 0; u < m; u++) pap += p[u]! * ap[u]!;
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
  if (rNorm2 > target2 && bNorm2 > 0) throw new DataError(`conjugate gradient did not converge in ${it} iterations (relative residual ${rel.toExponential(2)} > ${tol})`);
  return { voltagesV: v, iterations: it, relativeResidual: rel, unknowns };
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
export function effectiveResistance(net: Network, sources: ArrayLike<number>, targets: ArrayLike<number>, options: { tolerance?: number } = {}): EffectiveResistance {
  const src = [...new Set(Array.from(sources))];
  const tgt = [...new Set(Array.from(targets))];
  if (src.length === 0 || tgt.length === 0) throw new InputError("effective resistance needs at least one source and one target");
  const srcSet = new Set(src);
  for (const t of tgt) if (srcSet.has(t)) throw new InputError(`node ${t} is both a source and a target`);
  const fixedNodes = Int32Array.from([...src, ...tgt]);
  const fixedVoltagesV = Float64Array.from([...src.map(() => 1), ...tgt.map(() => 0)]);
  const sol = solveVoltages(net, { fixedNodes, fixedVoltagesV, tolerance: options.tolerance ?? 1e-12 });
  const outflow = netOutflowA(net, sol.voltagesV);
  let current = 0;
  for (const s of src) current += outflow[s]!;
  if (!(current > 0)) throw new DataError("no current flows from the sources to the targets: they are not connected");
  const v = sol.voltagesV;
  for (let i = 0; i < v.length; i++) v[i] = v[i]! / current;
  return { resistanceOhm: 1 / current, voltagesV: v, currentA: nodeCurrentA(net, v), iterations: sol.iterations, relativeResidual: sol.relativeResidual };
}
