"""Generate reference vectors for test/unit/scoring/sdk-vectors.json with real numpy (>= 2) arithmetic.

This is an independent re-statement of the bittensor SDK's `process_weights` / `normalize_max_weight` /
`convert_weights_and_uids_for_emit` (exclude_quantile 0) written against numpy itself, so the float32
steps are numpy's own, not an emulation. Run: python3 scripts/sdk-weights-vectors.py > test/unit/scoring/sdk-vectors.json
"""
import json
import sys

import numpy as np

U16 = 65535


def clip_normalise(x, limit):
    eps = 1e-7
    w = x.copy()
    v = np.sort(w)
    if x.sum() == 0 or x.shape[0] * limit <= 1:
        return np.ones_like(x) / x.shape[0]
    est = v / v.sum()
    if est.max() <= limit:
        return w / w.sum()
    cs = np.cumsum(est, 0)
    es = np.array([(len(v) - i - 1) * est[i] for i in range(len(v))])
    k = (est / (es + cs + eps) < limit).sum()
    scale = (limit * cs[k - 1] - eps) / (1 - (limit * (len(est) - k)))
    cut = scale * v.sum()
    w[w > cut] = cut
    return w / w.sum()


def process(uids, weights, n, min_allowed, limit):
    weights = weights.astype(np.float32)
    idx = np.argwhere(weights > 0).squeeze(axis=1)
    nz_uids = uids[idx]
    nz = weights[idx]
    if nz.size == 0 or n < min_allowed:
        return np.arange(n), np.ones(n, dtype=np.int64) / n
    if nz.size < min_allowed:
        w = np.ones(n, dtype=np.int64) * 1e-5
        w[idx] += nz
        return np.arange(n), clip_normalise(w, limit)
    return nz_uids, clip_normalise(nz, limit)


def emit(uids, weights):
    weights = weights.tolist()
    uids = uids.tolist()
    if sum(weights) == 0:
        return [], []
    m = float(max(weights))
    weights = [float(x) / m for x in weights]
    ou, ov = [], []
    for w, u in zip(weights, uids):
        q = round(float(w) * int(U16))
        if q != 0:
            ou.append(int(u))
            ov.append(int(q))
    return ou, ov


def case(rng, kind):
    n = int(rng.integers(1, 300 if kind != "small" else 12))
    min_allowed = int(rng.integers(0, min(n + 3, 40)))
    limit_u16 = int(rng.choice([65535, 65535, int(rng.integers(1, 65535))]))
    full = kind != "sparse"
    if full:
        uids = np.arange(n)
    else:
        uids = np.sort(rng.choice(n, size=int(rng.integers(1, n + 1)), replace=False))
    scale = float(rng.choice([1, 1e-6, 1e3, 7.5, 1e9]))
    w = rng.random(len(uids)) * scale
    w[rng.random(len(uids)) < float(rng.choice([0, 0.3, 0.9]))] = 0
    if kind == "ties":
        w = np.round(w * 4) / 4
    if not full:
        # the SDK pads by array position, which equals the uid only for a full 0..n-1 input
        min_allowed = min(min_allowed, int((w > 0).sum()))
    return uids, w, n, min_allowed, limit_u16


def main():
    rng = np.random.default_rng(int(sys.argv[1]) if len(sys.argv) > 1 else 218)
    out = []
    for i in range(160):
        kind = ["full", "sparse", "small", "ties"][i % 4]
        uids, w, n, min_allowed, limit_u16 = case(rng, kind)
        pu, pw = process(uids, w, n, min_allowed, limit_u16 / U16)
        eu, ev = emit(pu, pw)
        out.append({
            "uids": uids.tolist(),
            "weights": [float(x) for x in w],
            "n": n,
            "minAllowedWeights": min_allowed,
            "maxWeightsLimit": limit_u16,
            "expect": {"uids": eu, "values": ev, "floats": [float(x) for x in pw]},
        })
    json.dump({"generator": "scripts/sdk-weights-vectors.py", "numpy": np.__version__, "cases": out}, sys.stdout)


main()
