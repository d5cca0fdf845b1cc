#!/usr/bin/env python3
"""Peer of bench/classify-e2e.bench.ts: the equivalent rasterio + numpy + scikit-learn script.

  train DIR TRAIN_DIR          fit RandomForestClassifier(n_estimators, max_depth, max_features="sqrt", n_jobs=-1)
                               on the training pixels our side exported (band-major float32 + uint8 labels),
                               and pickle it to DIR/sklearn-model.pkl
  classify DIR SCENE OUT       read the scene block by block (rasterio windows), compute the same features with
                               numpy (reflectance = DN * 1e-4 - 0.1; SCL 0,1,3,8,9,10,11 and DN 0 masked), predict
                               the valid pixels (n_jobs=-1), write a tiled DEFLATE uint8 GeoTIFF (0 = nodata)

Prints JSON on stdout. Run under /usr/bin/time -v by the bench to get the peak memory.
"""
import json
import pickle
import sys
import time

import numpy as np


def train(d: str, train_dir: str) -> None:
    from sklearn.ensemble import RandomForestClassifier

    meta = json.load(open(f"{train_dir}/meta.json"))
    nf, n = meta["nFeatures"], meta["nTrain"]
    x = np.ascontiguousarray(np.fromfile(f"{train_dir}/xtrain.f32", dtype=np.float32).reshape(nf, n).T)
    y = np.fromfile(f"{train_dir}/ytrain.u8", dtype=np.uint8)
    t0 = time.perf_counter()
    clf = RandomForestClassifier(n_estimators=meta["trees"], max_depth=meta["maxDepth"] or None, max_features="sqrt", n_jobs=-1, random_state=0)
    clf.fit(x, y)
    with open(f"{d}/sklearn-model.pkl", "wb") as f:
        pickle.dump({"clf": clf, "meta": meta}, f)
    print(json.dumps({"trainMs": (time.perf_counter() - t0) * 1000, "nTrain": n}))


BAND_INDEX = {"blue": 1, "green": 2, "red": 3, "rededge1": 4, "rededge2": 5, "rededge3": 6, "nir": 7, "nir08": 8, "swir16": 9, "swir22": 10}  # 1-based in scene.tif
SCL_BAND = 11
MASKED_SCL = np.array([0, 1, 3, 8, 9, 10, 11])


def features(block: dict, names: list) -> np.ndarray:
    b = block
    out = []
    with np.errstate(divide="ignore", invalid="ignore"):
        for name in names:
            if name in b:
                out.append(b[name])
            elif name == "ndvi":
                out.append((b["nir"] - b["red"]) / (b["nir"] + b["red"]))
            elif name == "evi":
                out.append(2.5 * (b["nir"] - b["red"]) / (b["nir"] + 6 * b["red"] - 7.5 * b["blue"] + 1))
            elif name == "ndmi":
                out.append((b["nir"] - b["swir16"]) / (b["nir"] + b["swir16"]))
            elif name == "ndwi":
                out.append((b["green"] - b["nir"]) / (b["green"] + b["nir"]))
            elif name == "savi":
                out.append(1.5 * (b["nir"] - b["red"]) / (b["nir"] + b["red"] + 0.5))
            elif name == "nbr":
                out.append((b["nir"] - b["swir22"]) / (b["nir"] + b["swir22"]))
            else:
                raise ValueError(f"unknown feature {name}")
    return np.stack(out, axis=-1).astype(np.float32)


def classify(d: str, scene: str, out_path: str) -> None:
    import rasterio
    from rasterio.windows import Window

    with open(f"{d}/sklearn-model.pkl", "rb") as f:
        saved = pickle.load(f)
    clf, meta = saved["clf"], saved["meta"]
    names = meta["featureNames"]
    t0 = time.perf_counter()
    counts = np.zeros(len(meta["classes"]) + 1, dtype=np.int64)
    with rasterio.open(scene) as src:
        profile = dict(driver="GTiff", width=src.width, height=src.height, count=1, dtype="uint8", crs=src.crs, transform=src.transform,
                       nodata=0, tiled=True, blockxsize=512, blockysize=512, compress="deflate")
        with rasterio.open(out_path, "w", **profile) as dst:
            for row in range(0, src.height, 512):
                for col in range(0, src.width, 512):
                    w = Window(col, row, min(512, src.width - col), min(512, src.height - row))
                    raw = src.read([*BAND_INDEX.values(), SCL_BAND], window=w)
                    dn = raw[:-1]
                    scl = raw[-1]
                    valid = ~np.isin(scl, MASKED_SCL) & np.all(dn != 0, axis=0)
                    block = {name: dn[k].astype(np.float32) * np.float32(1e-4) - np.float32(0.1) for k, name in enumerate(BAND_INDEX)}
                    x = features(block, names)[valid]
                    classes = np.zeros(valid.shape, dtype=np.uint8)
                    if x.shape[0]:
                        classes[valid] = clf.predict(x).astype(np.uint8) + 1
                    counts += np.bincount(classes.ravel(), minlength=counts.size)
                    dst.write(classes, 1, window=w)
    print(json.dumps({"classifyMs": (time.perf_counter() - t0) * 1000, "pixels": counts.tolist()}))


if __name__ == "__main__":
    if sys.argv[1] == "train":
        train(sys.argv[2], sys.argv[3])
    else:
        classify(sys.argv[2], sys.argv[3], sys.argv[4])
