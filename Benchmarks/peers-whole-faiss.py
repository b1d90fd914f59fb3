"""The whole faiss-cpu job that `match-all --profile peers` is compared with (peers-whole.sh):
load the vectors, normalise them, IndexFlatIP search of K+1 (each row finds itself), save
the neighbours. Timed by the caller as a whole process, Python start and imports included.

    python peers-whole-faiss.py VECTORS.f32 N D K OUT.txt
"""
import sys

import faiss
import numpy as np

path, n, d, k, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
x = np.fromfile(path, dtype=np.float32, count=n * d).reshape(n, d)
faiss.normalize_L2(x)
index = faiss.IndexFlatIP(d)
index.add(x)
scores, found = index.search(x, k + 1)
with open(out, "w") as f:
    for i in range(n):
        f.write(" ".join(map(str, found[i])) + "\t" + " ".join(f"{s:.6f}" for s in scores[i]) + "\n")
