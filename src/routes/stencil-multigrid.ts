/**
 * @module routes/stencil-multigrid
 * A geometric multigrid V-cycle for a symmetric 9-point operator on a raster (the reduced graph Laplacian of a cost
 * raster), used as the preconditioner of the conjugate gradient in `solveRasterVoltages`.
 *
 * Every level is a 9-point stencil on a grid padded by one cell, stored as typed arrays: the diagonal and the
 * entries to the E, S, SE and SW neighbours (the other four follow by symmetry). The next level keeps every
 * other row and column (vertex-centred coarsening, any width and height); its operator is the Galerkin product
 * P^T A P with bilinear interpolation P, restricted to the cells that are unknowns (fixed, impassable and
 * floating cells interpolate nothing), which is again a 9-point stencil. The smoother is one forward Gauss-Seidel
 * sweep before the coarse correction and one backward sweep after it; the coarsest level (at most 256 cells) is
 * solved by a dense Cholesky factorization. The V-cycle is therefore a fixed symmetric positive definite linear
 * operator, as the preconditioned conjugate gradient requires (Briggs, Henson & McCormick 2000, A Multigrid
 * Tutorial, ch. 3 and 8; Trottenberg, Oosterlee & Schüller 2001, Multigrid, §2.3 and §7.7 on Galerkin coarsening).
 * It changes the iterations needed, not the system solved nor the stopping rule.
 */

/** One level: a w x h grid padded to W = w + 2 columns and h + 2 rows; index of cell (r, c) is (r + 1) W + c + 1. */
export interface StencilLevel {
  w: number;
  h: number;
  W: number;
  /** Matrix entries A(P, P), A(P, P + 1), A(P, P + W), A(P, P + W + 1), A(P, P + W - 1); 0 in the padding. */
  diag: Float64Array;
  e: Float64Array;
  s: Float64Array;
  se: Float64Array;
  sw: Float64Array;
  /** 1 / diag at unknowns, 0 elsewhere (those cells stay 0). */
  inv: Float64Array;
}

interface Parents {
  /** For each fine index along one axis: the coarse index of the first parent and its weight, then the second. */
  i0: Int32Array;
  w0: Float64Array;
  i1: Int32Array;
  w1: Float64Array;
}

/** Fine index k takes coarse k/2 when k is even, else the mean of (k-1)/2 and (k+1)/2 (only (k-1)/2 past the end). */
function parentsOf(n: number): { parents: Parents; coarse: number } {
  const coarse = ((n - 1) >> 1) + 1;
  const i0 = new Int32Array(n);
  const w0 = new Float64Array(n);
  const i1 = new Int32Array(n);
  const w1 = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    if ((k & 1) === 0 || (k + 1) >> 1 >= coarse) {
      i0[k] = k >> 1;
      w0[k] = 1;
      i1[k] = k >> 1;
      w1[k] = 0;
    } else {
      i0[k] = (k - 1) >> 1;
      w0[k] = 0.5;
      i1[k] = (k + 1) >> 1;
      w1[k] = 0.5;
    }
  }
  return { parents: { i0, w0, i1, w1 }, coarse };
}

function emptyLevel(w: number, h: number): StencilLevel {
  const W = w + 2;
  const N = W * (h + 2);
  return {
    w,
    h,
    W,
    diag: new Float64Array(N),
    e: new Float64Array(N),
    s: new Float64Array(N),
    se: new Float64Array(N),
    sw: new Float64Array(N),
    inv: new Float64Array(N),
  };
}

/** A level of `w` x `h` cells with zeroed entries, for the caller to fill (then `finishLevel`). */
export function newStencilLevel(w: number, h: number): StencilLevel {
  return emptyLevel(w, h);
}

/** Sets `inv` from the diagonal: cells with a positive diagonal are unknowns. */
export function finishLevel(L: StencilLevel): void {
  const { diag, inv } = L;
  for (let P = 0; P < diag.length; P++) inv[P] = diag[P]! > 0 ? 1 / diag[P]! : 0;
}

/** The Galerkin coarse level P^T A P (see the module comment). */
function coarsen(F: StencilLevel, rows: Parents, cols: Parents, wc: number, hc: number): StencilLevel {
  const C = emptyLevel(wc, hc);
  const { W, w, h, diag, e, s, se, sw, inv } = F;
  const CW = C.W;
  const cd = C.diag;
  const ce = C.e;
  const cs = C.s;
  const cse = C.se;
  const csw = C.sw;
  // Neighbour q of fine cell p = (r, c) at (r + dr, c + dc), k = 0..8 with (dr, dc) row-major from (-1, -1).
  const a = new Float64Array(9);
  const pr = new Int32Array(2);
  const pw = new Float64Array(2);
  const pc = new Int32Array(2);
  const pcw = new Float64Array(2);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const P = (r + 1) * W + c + 1;
      if (inv[P] === 0) continue;
      a[0] = se[P - W - 1]!;
      a[1] = s[P - W]!;
      a[2] = sw[P - W + 1]!;
      a[3] = e[P - 1]!;
      a[4] = diag[P]!;
      a[5] = e[P]!;
      a[6] = sw[P]!;
      a[7] = s[P]!;
      a[8] = se[P]!;
      pr[0] = rows.i0[r]!;
      pw[0] = rows.w0[r]!;
      pr[1] = rows.i1[r]!;
      pw[1] = rows.w1[r]!;
      pc[0] = cols.i0[c]!;
      pcw[0] = cols.w0[c]!;
      pc[1] = cols.i1[c]!;
      pcw[1] = cols.w1[c]!;
      for (let k = 0; k < 9; k++) {
        const apq = a[k]!;
        if (apq === 0) continue;
        const qr = r + ((k / 3) | 0) - 1;
        const qc = c + (k % 3) - 1;
        // Entries to padding or non-unknowns are 0, so q is a real unknown cell here.
        const qr0 = rows.i0[qr]!;
        const qw0 = rows.w0[qr]!;
        const qr1 = rows.i1[qr]!;
        const qw1 = rows.w1[qr]!;
        const qc0 = cols.i0[qc]!;
        const qcw0 = cols.w0[qc]!;
        const qc1 = cols.i1[qc]!;
        const qcw1 = cols.w1[qc]!;
        for (let ir = 0; ir < 2; ir++) {
          const wr = pw[ir]!;
          if (wr === 0) continue;
          const IR = pr[ir]!;
          for (let ic = 0; ic < 2; ic++) {
            const wcI = pcw[ic]!;
            if (wcI === 0) continue;
            const IC = pc[ic]!;
            const wI = wr * wcI * apq;
            const I = (IR + 1) * CW + IC + 1;
            for (let jr = 0; jr < 2; jr++) {
              const wjr = jr === 0 ? qw0 : qw1;
              if (wjr === 0) continue;
              const dR = (jr === 0 ? qr0 : qr1) - IR;
              if (dR < 0) continue;
              for (let jc = 0; jc < 2; jc++) {
                const wjc = jc === 0 ? qcw0 : qcw1;
                if (wjc === 0) continue;
                const dC = (jc === 0 ? qc0 : qc1) - IC;
                const v = wI * wjr * wjc;
                if (dR === 0) {
                  if (dC === 0) cd[I] += v;
                  else if (dC === 1) ce[I] += v;
                } else if (dC === 0) cs[I] += v;
                else if (dC === 1) cse[I] += v;
                else csw[I] += v;
              }
            }
          }
        }
      }
    }
  }
  finishLevel(C);
  // Entries of a coarse cell without unknowns below it are exactly 0 already; clear rounding-level diagonals too.
  return C;
}

/** Dense Cholesky of the coarsest level over its unknowns; pivots that vanish (a singular block) are dropped. */
interface CoarseSolver {
  cells: Int32Array;
  factor: Float64Array;
  rhs: Float64Array;
}

function coarseSolver(L: StencilLevel): CoarseSolver {
  const { W, w, h, diag, e, s, se, sw, inv } = L;
  const ids: number[] = [];
  const where = new Map<number, number>();
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const P = (r + 1) * W + c + 1;
      if (inv[P] === 0) continue;
      where.set(P, ids.length);
      ids.push(P);
    }
  }
  const m = ids.length;
  const A = new Float64Array(m * m);
  const set = (i: number, Q: number, v: number): void => {
    const j = where.get(Q);
    if (j === undefined || v === 0) return;
    A[i * m + j] = v;
    A[j * m + i] = v;
  };
  for (let i = 0; i < m; i++) {
    const P = ids[i]!;
    A[i * m + i] = diag[P]!;
    set(i, P + 1, e[P]!);
    set(i, P + W, s[P]!);
    set(i, P + W + 1, se[P]!);
    set(i, P + W - 1, sw[P]!);
  }
  // In-place lower Cholesky; a pivot below 1e-12 of its diagonal marks a dependent cell, which is left at 0.
  for (let j = 0; j < m; j++) {
    let d = A[j * m + j]!;
    for (let k = 0; k < j; k++) d -= A[j * m + k]! * A[j * m + k]!;
    const ref = diag[ids[j]!]!;
    if (!(d > 1e-12 * ref)) {
      for (let i = j; i < m; i++) A[i * m + j] = 0;
      continue;
    }
    const ljj = Math.sqrt(d);
    A[j * m + j] = ljj;
    for (let i = j + 1; i < m; i++) {
      let v = A[i * m + j]!;
      for (let k = 0; k < j; k++) v -= A[i * m + k]! * A[j * m + k]!;
      A[i * m + j] = v / ljj;
    }
  }
  return { cells: Int32Array.from(ids), factor: A, rhs: new Float64Array(m) };
}

function coarseSolve(cs: CoarseSolver, f: Float64Array, x: Float64Array): void {
  const { cells, factor: L, rhs: y } = cs;
  const m = cells.length;
  for (let i = 0; i < m; i++) {
    let v = f[cells[i]!]!;
    for (let k = 0; k < i; k++) v -= L[i * m + k]! * y[k]!;
    const d = L[i * m + i]!;
    y[i] = d > 0 ? v / d : 0;
  }
  for (let i = m - 1; i >= 0; i--) {
    let v = y[i]!;
    for (let k = i + 1; k < m; k++) v -= L[k * m + i]! * y[k]!;
    const d = L[i * m + i]!;
    y[i] = d > 0 ? v / d : 0;
  }
  for (let i = 0; i < m; i++) x[cells[i]!] = y[i]!;
}

/** One Gauss-Seidel sweep over the unknowns, forward (row-major) or backward; x is updated in place. */
function gaussSeidel(L: StencilLevel, f: Float64Array, x: Float64Array, forward: boolean): void {
  const { W, diag, e, s, se, sw, inv } = L;
  const first = W + 1;
  const last = diag.length - W - 2;
  if (forward) {
    for (let P = first; P <= last; P++) {
      const iv = inv[P]!;
      if (iv === 0) continue;
      const t =
        e[P]! * x[P + 1]! +
        e[P - 1]! * x[P - 1]! +
        s[P]! * x[P + W]! +
        s[P - W]! * x[P - W]! +
        se[P]! * x[P + W + 1]! +
        se[P - W - 1]! * x[P - W - 1]! +
        sw[P]! * x[P + W - 1]! +
        sw[P - W + 1]! * x[P - W + 1]!;
      x[P] = (f[P]! - t) * iv;
    }
  } else {
    for (let P = last; P >= first; P--) {
      const iv = inv[P]!;
      if (iv === 0) continue;
      const t =
        e[P]! * x[P + 1]! +
        e[P - 1]! * x[P - 1]! +
        s[P]! * x[P + W]! +
        s[P - W]! * x[P - W]! +
        se[P]! * x[P + W + 1]! +
        se[P - W - 1]! * x[P - W - 1]! +
        sw[P]! * x[P + W - 1]! +
        sw[P - W + 1]! * x[P - W + 1]!;
      x[P] = (f[P]! - t) * iv;
    }
  }
}

/** dst = A src on the level (0 outside the unknowns); returns src · dst. */
export function applyStencil(L: StencilLevel, src: Float64Array, dst: Float64Array): number {
  const { W, diag, e, s, se, sw } = L;
  const first = W + 1;
  const last = diag.length - W - 2;
  let dot = 0;
  for (let P = first; P <= last; P++) {
    const sp = src[P]!;
    const t =
      diag[P]! * sp +
      e[P]! * src[P + 1]! +
      e[P - 1]! * src[P - 1]! +
      s[P]! * src[P + W]! +
      s[P - W]! * src[P - W]! +
      se[P]! * src[P + W + 1]! +
      se[P - W - 1]! * src[P - W - 1]! +
      sw[P]! * src[P + W - 1]! +
      sw[P - W + 1]! * src[P - W + 1]!;
    dst[P] = t;
    dot += sp * t;
  }
  return dot;
}

/** The multigrid preconditioner: `apply(r, z)` sets z = M^-1 r (one V-cycle from zero) on the finest level's layout. */
export interface MultigridPreconditioner {
  levels: number;
  apply(r: Float64Array, z: Float64Array): void;
}

/** Builds the hierarchy below `fine` (which must be finished: `finishLevel`). `fine` is kept, not copied. */
export function multigridPreconditioner(fine: StencilLevel, coarsestCells = 256): MultigridPreconditioner {
  const levels: StencilLevel[] = [fine];
  const rowParents: Parents[] = [];
  const colParents: Parents[] = [];
  for (;;) {
    const L = levels.at(-1)!;
    if (L.w * L.h <= coarsestCells || levels.length >= 40) break;
    const pr = parentsOf(L.h);
    const pc = parentsOf(L.w);
    rowParents.push(pr.parents);
    colParents.push(pc.parents);
    levels.push(coarsen(L, pr.parents, pc.parents, pc.coarse, pr.coarse));
  }
  const bottom = coarseSolver(levels.at(-1)!);
  const N = levels.map((L) => L.diag.length);
  const res = N.map((n) => new Float64Array(n));
  const fs = N.map((n, l) => (l === 0 ? new Float64Array(0) : new Float64Array(n)));
  const xs = N.map((n, l) => (l === 0 ? new Float64Array(0) : new Float64Array(n)));

  const restrict = (l: number, fine: Float64Array, coarse: Float64Array): void => {
    const F = levels[l]!;
    const C = levels[l + 1]!;
    const rp = rowParents[l]!;
    const cp = colParents[l]!;
    coarse.fill(0);
    const { W, w, h } = F;
    const CW = C.W;
    for (let r = 0; r < h; r++) {
      const a0 = (rp.i0[r]! + 1) * CW + 1;
      const a1 = (rp.i1[r]! + 1) * CW + 1;
      const wa0 = rp.w0[r]!;
      const wa1 = rp.w1[r]!;
      const base = (r + 1) * W + 1;
      for (let c = 0; c < w; c++) {
        const v = fine[base + c]!;
        if (v === 0) continue;
        const b0 = cp.i0[c]!;
        const b1 = cp.i1[c]!;
        const wb0 = cp.w0[c]! * v;
        const wb1 = cp.w1[c]! * v;
        coarse[a0 + b0] += wa0 * wb0;
        coarse[a0 + b1] += wa0 * wb1;
        coarse[a1 + b0] += wa1 * wb0;
        coarse[a1 + b1] += wa1 * wb1;
      }
    }
  };
  const prolongAdd = (l: number, coarse: Float64Array, fine: Float64Array): void => {
    const F = levels[l]!;
    const C = levels[l + 1]!;
    const rp = rowParents[l]!;
    const cp = colParents[l]!;
    const { W, w, h, inv } = F;
    const CW = C.W;
    for (let r = 0; r < h; r++) {
      const a0 = (rp.i0[r]! + 1) * CW + 1;
      const a1 = (rp.i1[r]! + 1) * CW + 1;
      const wa0 = rp.w0[r]!;
      const wa1 = rp.w1[r]!;
      const base = (r + 1) * W + 1;
      for (let c = 0; c < w; c++) {
        const P = base + c;
        if (inv[P] === 0) continue;
        const b0 = cp.i0[c]!;
        const b1 = cp.i1[c]!;
        const wb0 = cp.w0[c]!;
        const wb1 = cp.w1[c]!;
        fine[P] += wa0 * (wb0 * coarse[a0 + b0]! + wb1 * coarse[a0 + b1]!) + wa1 * (wb0 * coarse[a1 + b0]! + wb1 * coarse[a1 + b1]!);
      }
    }
  };
  const residual = (L: StencilLevel, f: Float64Array, x: Float64Array, out: Float64Array): void => {
    applyStencil(L, x, out);
    const inv = L.inv;
    for (let P = 0; P < out.length; P++) out[P] = inv[P] === 0 ? 0 : f[P]! - out[P]!;
  };
  const cycle = (l: number, f: Float64Array, x: Float64Array): void => {
    const L = levels[l]!;
    x.fill(0);
    if (l === levels.length - 1) {
      coarseSolve(bottom, f, x);
      return;
    }
    gaussSeidel(L, f, x, true);
    residual(L, f, x, res[l]!);
    restrict(l, res[l]!, fs[l + 1]!);
    cycle(l + 1, fs[l + 1]!, xs[l + 1]!);
    prolongAdd(l, xs[l + 1]!, x);
    gaussSeidel(L, f, x, false);
  };
  return { levels: levels.length, apply: (r, z) => cycle(0, r, z) };
}
