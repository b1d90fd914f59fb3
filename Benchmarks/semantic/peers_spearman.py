#!/usr/bin/env python3
"""How closely the `peers` score follows the model's own cosine for text-only profiles
(issue 10's sentence-similarity requirement, measured on this domain's sentences).

    python3 peers_spearman.py BIN LANDSCAPE.jsonl WORKDIR [--pairs 1000] [--profile peers]

Takes `--pairs` random pairs of distinct statements (offer and need titles) of LANDSCAPE
(the paraphrase landscape), makes each statement a participant whose only offer it is
(empty title, the sentence as text, no codes, no keywords), imports them with the model,
asks `match.explain` of `clustermatch serve` for each pair's score under the profile, and
prints the Spearman correlation of those scores with the cosine of the two sentences'
stored embeddings (the model alone). WORKDIR keeps the database between runs.
"""
import json
import os
import random
import sqlite3
import subprocess
import sys
import hashlib


def ranks(v):
    order = sorted(range(len(v)), key=lambda i: v[i])
    r = [0.0] * len(v)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and v[order[j + 1]] == v[order[i]]:
            j += 1
        for x in range(i, j + 1):
            r[order[x]] = (i + j) / 2 + 1
        i = j + 1
    return r


def spearman(a, b):
    ra, rb = ranks(a), ranks(b)
    n = len(a)
    ma, mb = sum(ra) / n, sum(rb) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    va = sum((x - ma) ** 2 for x in ra) ** 0.5
    vb = sum((y - mb) ** 2 for y in rb) ** 0.5
    return cov / (va * vb)


def main(argv):
    binary, landscape, work = argv[:3]
    pairs = int(argv[argv.index("--pairs") + 1]) if "--pairs" in argv else 1000
    profile = argv[argv.index("--profile") + 1] if "--profile" in argv else "peers"
    os.makedirs(work, exist_ok=True)
    sentences = sorted({s["title"] for l in open(landscape) for p in [json.loads(l)] if p["id"].startswith("bg")
                        for s in p["offers"] + p["needs"]})
    rng = random.Random(10)
    chosen = []
    while len(chosen) < pairs:
        a, b = rng.sample(sentences, 2)
        chosen.append((a, b))
    db = os.path.join(work, "sts.sqlite")
    people = os.path.join(work, "sts.jsonl")
    if not os.path.exists(db):
        with open(people, "w") as f:
            for k, (a, b) in enumerate(chosen):
                for side, text in (("a", a), ("b", b)):
                    f.write(json.dumps({"id": f"s{k:04d}{side}", "kind": "company", "name": f"S {k} {side}", "country": "DK",
                                        "offers": [{"title": "", "text": text}]}) + "\n")
        subprocess.run([binary, "import", people, "--db", db], check=True, stdout=subprocess.DEVNULL)
    vectors = {}
    con = sqlite3.connect(db)
    for h, v in con.execute("select text_sha256, vector from text_embedding"):
        vectors[bytes(h)] = v

    def vec(text):
        import struct
        raw = vectors[hashlib.sha256(text.encode()).digest()]
        return struct.unpack(f"<{len(raw) // 4}f", raw)

    cosines = [sum(x * y for x, y in zip(vec(a), vec(b))) for a, b in chosen]
    serve = subprocess.Popen([binary, "serve", "--db", db], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    scores = []
    for k in range(pairs):
        request = {"jsonrpc": "2.0", "id": k, "method": "match.explain", "params": {"a": f"s{k:04d}a", "b": f"s{k:04d}b", "profile": profile}}
        serve.stdin.write(json.dumps(request) + "\n")
        serve.stdin.flush()
        answer = json.loads(serve.stdout.readline())
        scores.append(answer["result"]["score"])
    serve.stdin.close()
    serve.wait()
    print(json.dumps({"profile": profile, "pairs": pairs, "spearman_score_vs_model_cosine": round(spearman(scores, cosines), 4),
                      "cosine_below_0.3": sum(c < 0.3 for c in cosines), "cosine_median": sorted(cosines)[pairs // 2]}))


if __name__ == "__main__":
    main(sys.argv[1:])
