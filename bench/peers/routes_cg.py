"""Peer of bench/routes-current.bench.ts: the same reduced graph Laplacian solved with scipy.sparse.linalg.cg and a
Jacobi preconditioner.

Usage: /usr/bin/python3 bench/peers/routes_cg.py SIDE TOL
Cost per metre of cell i (row-major): 1 + (i*7919 mod 1000) / 100; 10 m cells; 8 neighbours with conductance
1 / ((c_a + c_b) / 2 x step); the left column held at 1 V, the right column at 0 V; start x0 = b / diag (as ours).
Prints JSON: the cg wall and CPU time in ms (the solve only, not building the matrix), the peak RSS of the process
in MB (building included), iterations, the effective resistance left -> right and the scipy version.
"""
import json
import resource
import sys
import time

import numpy as np
import scipy
import scipy.sparse as sp
from scipy.sparse.linalg import LinearOperator, cg


def main() -> None:
    side, tol = int(sys.argv[1]), float(sys.argv[2])
    i = np.arange(side * side, dtype=np.int64)
    cost = (1 + ((i * 7919) % 1000) / 100).reshape(side, side)
    del i
    idx = np.arange(side * side).reshape(side, side)
    rows, cols, vals = [], [], []
    for dr, dc in [(0, 1), (1, 0), (1, 1), (1, -1)]:
        step = 10.0 * np.hypot(dr, dc)
        r0, r1 = 0, side - dr
        c0, c1 = max(0, -dc), side - max(0, dc)
        a = idx[r0:r1, c0:c1].ravel()
        b = idx[r0 + dr:r1 + dr, c0 + dc:c1 + dc].ravel()
        g = 1.0 / (0.5 * (cost[r0:r1, c0:c1].ravel() + cost[r0 + dr:r1 + dr, c0 + dc:c1 + dc].ravel()) * step)
        rows += [a, b]
        cols += [b, a]
        vals += [g, g]
    n = side * side
    G = sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n))
    deg = np.asarray(G.sum(axis=1)).ravel()
    fixed = np.zeros(n, dtype=bool)
    v = np.zeros(n)
    left, right = idx[:, 0], idx[:, side - 1]
    fixed[left] = True
    fixed[right] = True
    v[left] = 1.0
    free = np.flatnonzero(~fixed)
    A = (sp.diags(deg) - G)[free][:, free].tocsr()
    b = (G[free][:, fixed] @ v[fixed])
    dinv = 1.0 / deg[free]
    M = LinearOperator(A.shape, matvec=lambda x: dinv * x)
    its = [0]

    def count(_):
        its[0] += 1

    t0 = time.perf_counter()
    c0 = time.process_time()
    try:
        x, info = cg(A, b, x0=dinv * b, rtol=tol, M=M, callback=count, maxiter=100000)
    except TypeError:
        x, info = cg(A, b, x0=dinv * b, tol=tol, M=M, callback=count, maxiter=100000)
    ms = (time.perf_counter() - t0) * 1000
    cpu_ms = (time.process_time() - c0) * 1000
    v[free] = x
    current = float((G[left] @ (1.0 - v)).sum() - 0)  # current leaving the left column (left-left terms are 0)
    peak_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    out = {"scipy": scipy.__version__, "wallMs": ms, "cpuMs": cpu_ms, "peakRssMb": peak_mb, "iterations": its[0], "info": int(info), "resistance": 1.0 / current}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
