"""Data and checks for peers-whole.sh (issue 11: `match-all --profile peers` on participants'
own vectors, as a whole process, against a whole faiss-cpu script).

    python peers-whole-data.py make N D DIR     # DIR/participants.jsonl and DIR/vectors.f32
    python peers-whole-data.py overlap DIR K OURS.csv FAISS.txt

`make`: N participants (ids v-00000 …, row i = vector i), each with only an id, a kind, a
name, a country and its own D-number vector: 400 planted groups (a centre plus noise, so
that the top-10 lists mean something), values rounded to 4 decimals so that the JSON and the
float32 file hold the same numbers. Seeded: the same files every time.
`overlap`: the share of ClusterMatch's top-K partners that faiss also lists (self left out).
"""
import csv
import json
import sys

import numpy as np


def make(n, d, folder):
    rng = np.random.default_rng(11)
    centres = rng.standard_normal((400, d))
    x = centres[np.arange(n) % 400] + 0.8 * rng.standard_normal((n, d))
    x = np.round(x, 4)
    x.astype(np.float32).tofile(f"{folder}/vectors.f32")
    countries = ["AT", "BE", "DE", "DK", "ES", "FI", "FR", "IT", "NL", "PL", "PT", "SE"]
    with open(f"{folder}/participants.jsonl", "w", encoding="utf-8") as f:
        for i in range(n):
            p = {"id": f"v-{i:05d}", "kind": "company", "name": f"Company {i}", "country": countries[i % len(countries)],
                 "vector": [float(v) for v in x[i]]}
            f.write(json.dumps(p) + "\n")


def overlap(folder, k, ours_path, faiss_path):
    ours = {}
    with open(ours_path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            ours.setdefault(int(row["participant"][2:]), []).append(int(row["partner"][2:]))
    theirs = [list(map(int, line.split("\t")[0].split())) for line in open(faiss_path)]
    agree = total = 0
    for i, found in enumerate(theirs):
        mine = ours.get(i, [])
        top = [j for j in found if j != i][:k]
        agree += len(set(top) & set(mine))
        total += k
    print(f"top-{k} overlap with faiss: {agree / total:.5f} ({total - agree} of {total} partners differ)")


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "make":
        make(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif len(sys.argv) >= 6 and sys.argv[1] == "overlap":
        overlap(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
    else:
        sys.exit(__doc__)
