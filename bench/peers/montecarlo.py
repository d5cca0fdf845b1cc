#!/usr/bin/env python3
"""Peer of bench/montecarlo.bench.ts: the same production model and Monte Carlo, vectorised numpy.

Model (parameter set unodc-per-2016 with an area estimate of 43,900 +- 2,000 ha):
  area ~ N(43900, 2000) truncated at 0; yield ~ N(2415, 241.5) truncated at 0;
  traditional ~ N(10728, 1072.8) >= 0; industrial ~ N(163, 8.15) >= 0;
  leaf per cocaine ~ lognormal(median 583.9, sdLog 0.1)
  leafT = area * yield / 1000; netLeafT = max(0, leafT - traditional - industrial); cocaineT = netLeafT / ratio
Summaries of leafT, netLeafT and cocaineT: mean, sd, median, 90% and 95% percentile intervals (numpy's
default linear interpolation), min, max and a 40-bin histogram.

Usage: python3 montecarlo.py DRAWS REPEATS [SEED]  -> JSON on stdout with the best and median time in ms.
"""
import json
import sys
import time

import numpy as np


def truncated_normal(rng, mean, sd, n, lo=0.0):
    x = mean + sd * rng.standard_normal(n)
    bad = x < lo
    while bad.any():  # redraw out-of-bounds values, as the TypeScript sampler does
        x[bad] = mean + sd * rng.standard_normal(int(bad.sum()))
        bad = x < lo
    return x


def summarize(v, bins=40):
    q = np.percentile(v, [2.5, 5, 50, 95, 97.5])
    counts, edges = np.histogram(v, bins=bins)
    return {
        "mean": float(v.mean()), "sd": float(v.std(ddof=1)), "median": float(q[2]),
        "ci90": [float(q[1]), float(q[3])], "ci95": [float(q[0]), float(q[4])],
        "min": float(v.min()), "max": float(v.max()), "histogram": {"binEdges": edges.tolist(), "counts": counts.tolist()},
    }


def run(n, seed):
    rng = np.random.default_rng(seed)
    area = truncated_normal(rng, 43900.0, 2000.0, n)
    yld = truncated_normal(rng, 2415.0, 241.5, n)
    trad = truncated_normal(rng, 10728.0, 1072.8, n)
    ind = truncated_normal(rng, 163.0, 8.15, n)
    ratio = 583.9 * np.exp(0.1 * rng.standard_normal(n))
    leaf = area * yld / 1000.0
    net = np.maximum(leaf - trad - ind, 0.0)
    coke = net / ratio
    return {"leafT": summarize(leaf), "netLeafT": summarize(net), "cocaineT": summarize(coke)}


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    seed0 = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    run(1000, 0)  # warm-up
    times = []
    cpu = []
    result = None
    for r in range(repeats):
        t0 = time.perf_counter()
        c0 = time.process_time()
        result = run(n, seed0 + r)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    raw = list(times)
    times.sort()
    print(json.dumps({"draws": n, "repeats": repeats, "timesMs": raw, "cpuMs": cpu, "bestMs": times[0], "medianMs": times[len(times) // 2],
                      "numpy": np.__version__, "cocaineT": {k: result["cocaineT"][k] for k in ("mean", "median", "ci90", "ci95")}}))


if __name__ == "__main__":
    main()
