"""Runs the same matching jobs as matching-bench with numpy and faiss-cpu, on the same
vectors (read from the files matching-bench wrote), and prints one JSON object per job.

    python peers.py allpairs DATA N D K [IDS]   # cosine all-pairs top-k (self excluded)
    python peers.py query DATA N D K QUERIES    # one query at a time, warm
"""
import json
import sys
import time

import numpy as np

try:
    import faiss
except ImportError:  # faiss is optional: numpy still runs
    faiss = None


def load(path, n, d):
    return np.fromfile(path, dtype=np.float32, count=n * d).reshape(n, d)


def allpairs(path, n, d, k, ids_path=None):
    x = load(path, n, d)
    results = []
    if faiss is not None:
        index = faiss.IndexFlatIP(d)
        index.add(x)
        t0 = time.perf_counter()
        _, found = index.search(x, k + 1)
        seconds = time.perf_counter() - t0
        results.append({"tool": "faiss", "job": "allpairs-cosine", "n": n, "d": d, "k": k, "seconds": round(seconds, 3)})
        if ids_path:
            agree = 0
            ours = [list(map(int, line.split())) for line in open(ids_path)]
            for i in range(n):
                theirs = [j for j in found[i] if j != i][:k]
                agree += len(set(theirs) & set(ours[i]))
            results[-1]["overlap_with_clustermatch"] = round(agree / (n * k), 5)
    t0 = time.perf_counter()
    block = 2048
    for start in range(0, n, block):
        s = x[start:start + block] @ x.T
        for r in range(s.shape[0]):
            s[r, start + r] = -np.inf
        np.argpartition(-s, k, axis=1)[:, :k]
    results.append({"tool": "numpy", "job": "allpairs-cosine", "n": n, "d": d, "k": k,
                    "seconds": round(time.perf_counter() - t0, 3)})
    return results


def query(path, n, d, k, queries):
    x = load(path, n, d)
    rng = np.random.default_rng(7)
    rows = rng.integers(0, n, size=queries)
    results = []
    if faiss is not None:
        index = faiss.IndexFlatIP(d)
        index.add(x)
        index.search(x[:1], k + 1)
        times = []
        for r in rows:
            t0 = time.perf_counter()
            index.search(x[r:r + 1], k + 1)
            times.append((time.perf_counter() - t0) * 1000)
        results.append({"tool": "faiss", "job": "query-peers", "n": n, "d": d, "k": k,
                        "median_ms": round(float(np.median(times)), 2)})
    times = []
    for r in rows:
        t0 = time.perf_counter()
        s = x @ x[r]
        s[r] = -np.inf
        top = np.argpartition(-s, k)[:k]
        top[np.argsort(-s[top])]
        times.append((time.perf_counter() - t0) * 1000)
    results.append({"tool": "numpy", "job": "query-peers", "n": n, "d": d, "k": k,
                    "median_ms": round(float(np.median(times)), 2)})
    return results


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "allpairs":
        out = allpairs(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]),
                       sys.argv[6] if len(sys.argv) > 6 else None)
    else:
        out = query(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
    for line in out:
        print(json.dumps(line))
