#!/usr/bin/env python3
"""Peer for bench/s2-accuracy.bench.ts: scikit-learn RandomForestClassifier with all twelve Sentinel-2 bands on
the same training and held-out pixels (the same polygon split) as Coca Monitor. Reads band-major float32 arrays and
uint8 labels the Node side wrote, trains n_estimators=meta.trees, max_features="sqrt", unlimited depth, n_jobs=1,
and prints held-out accuracy and the CPU / wall time of fit + predict as JSON.
Usage: /usr/bin/python3 bench/peers/s2_accuracy.py DIR"""
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
    return np.ascontiguousarray(np.fromfile(f"{d}/{name}.f32", dtype=np.float32).reshape(nf, n).T)


x_train = features("xtrain", meta["nTrain"])
y_train = np.fromfile(f"{d}/ytrain.u8", dtype=np.uint8)
x_valid = features("xvalid", meta["nValid"])
y_valid = np.fromfile(f"{d}/yvalid.u8", dtype=np.uint8)

rf = RandomForestClassifier(n_estimators=meta["trees"], max_features="sqrt", bootstrap=True, random_state=meta["seed"], n_jobs=1)
t0 = time.perf_counter()
c0 = time.process_time()
rf.fit(x_train, y_train)
pred = rf.predict(x_valid)
cpu_ms = (time.process_time() - c0) * 1000
wall_ms = (time.perf_counter() - t0) * 1000
json.dump({"sklearn": sklearn.__version__, "accuracy": float((pred == y_valid).mean()), "cpuMs": cpu_ms, "wallMs": wall_ms}, sys.stdout)
