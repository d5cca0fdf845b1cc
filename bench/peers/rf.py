#!/usr/bin/env python3
"""Peer for bench/rf.bench.ts: scikit-learn RandomForestClassifier on the same training pixels, split and
prediction pixels. Reads the raw arrays the Node side wrote (band-major float32, uint8 labels), trains
with the same number of trees, depth and max_features="sqrt", one core (n_jobs=1), reports validation
accuracy and the prediction time (wall and CPU, best and median of REPEATS) as JSON on stdout.
Usage: /usr/bin/python3 bench/peers/rf.py DIR"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import RandomForestClassifier

d = sys.argv[1]
meta = json.load(open(f"{d}/meta.json"))
nf = meta["nFeatures"]


def features(name, n):
    # band-major on disk -> (n, nf) row-major, as scikit-learn wants
    return np.ascontiguousarray(np.fromfile(f"{d}/{name}.f32", dtype=np.float32).reshape(nf, n).T)


x_train = features("xtrain", meta["nTrain"])
y_train = np.fromfile(f"{d}/ytrain.u8", dtype=np.uint8)
x_valid = features("xvalid", meta["nValid"])
y_valid = np.fromfile(f"{d}/yvalid.u8", dtype=np.uint8)
x_pred = features("xpred", meta["nPred"])

rf = RandomForestClassifier(
    n_estimators=meta["trees"],
    max_depth=meta["maxDepth"] or None,
    max_features="sqrt",
    bootstrap=True,
    random_state=meta["seed"],
    n_jobs=1,
)
t0 = time.perf_counter()
rf.fit(x_train, y_train)
train_ms = (time.perf_counter() - t0) * 1000
valid_acc = float((rf.predict(x_valid) == y_valid).mean())
times = []
cpu = []
pred = None
for _ in range(meta["repeats"]):
    t0 = time.perf_counter()
    c0 = time.process_time()
    pred = rf.predict(x_pred)
    cpu.append((time.process_time() - c0) * 1000)
    times.append((time.perf_counter() - t0) * 1000)
times.sort()
cpu.sort()
json.dump(
    {
        "sklearn": sklearn.__version__,
        "trainMs": train_ms,
        "validationAccuracy": valid_acc,
        "predictBestMs": times[0],
        "predictMedianMs": times[len(times) // 2],
        "predictCpuBestMs": cpu[0],
        "predictCpuMedianMs": cpu[len(cpu) // 2],
        "nodes": int(sum(e.tree_.node_count for e in rf.estimators_)),
        "predictedCounts": np.bincount(pred, minlength=len(meta["classes"])).tolist(),
    },
    sys.stdout,
)
