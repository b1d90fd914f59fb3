#!/usr/bin/env python3
"""Recall@10 of planted partners: keyword Jaccard, the lexical engine
(CLUSTERMATCH_SEMANTIC=off), semantic only, the default combination, and a grid of weights.

    python3 recall.py BIN DB LANDSCAPE.jsonl PLANTED.tsv [--grid | --grid-file FILE] [--profile brokerage]

--grid-file: one grid point a line, `semanticComplementarity semanticSimilarity
thresholdComplementarity thresholdSimilarity` (the profile's lexical weights kept; a
threshold "-" is not given: the floor measured on the population).

DB must hold LANDSCAPE (imported with the model installed, so the semantic views exist).
Each run is `clustermatch match-all --top 10 --no-reasons` with a scoring profile written
to a temporary file (the shipped profile's rules, the weights named). One JSON line per run.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

STOP = set("""a an and the of for to in on at by with from as or our we us is are be that this it its into
their they them plus who which what when where how than more less up down out off so very""".split())


def keyword_words(p):
    return {w for k in p.get("keywords", []) for w in re.findall(r"[a-z0-9]+", k.lower()) if w not in STOP}


def jaccard_recall(people, planted, k=10):
    words = {p["id"]: keyword_words(p) for p in people}
    index = {}
    for pid, ws in words.items():
        for w in ws:
            index.setdefault(w, []).append(pid)
    hits = total = 0
    for a, b in planted:
        for x, y in ((a, b), (b, a)):
            mine = words[x]
            scores = {}
            for w in mine:
                for other in index[w]:
                    if other != x:
                        scores[other] = scores.get(other, 0) + 1
            ranked = sorted(scores, key=lambda o: (-scores[o] / len(mine | words[o]), o))[:k]
            hits += y in ranked
            total += 1
    return hits / total


def engine_recall(binary, db, profile_path, planted, env_extra, k=10):
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as out:
        env = dict(os.environ, **env_extra)
        subprocess.run([binary, "match-all", "--db", db, "--top", str(k), "--no-reasons", "--profile", profile_path,
                        "--out", out.name], check=True, env=env, stdout=subprocess.DEVNULL)
        lists = {}
        for line in open(out.name):
            r = json.loads(line)
            lists.setdefault(r["participant"], []).append(r["partner"])
    hits = total = 0
    for a, b in planted:
        hits += b in lists.get(a, [])
        hits += a in lists.get(b, [])
        total += 2
    return hits / total


def profile_file(base, weights, directory, thresholds=None):
    p = dict(base)
    p["weights"] = weights
    if thresholds is not None:
        p["thresholds"] = thresholds
    path = os.path.join(directory, "p-" + "-".join(f"{k}{v}" for k, v in sorted(weights.items())) +
                        "-".join(f"{k}{v}" for k, v in sorted((thresholds or {}).items())) + ".json")
    with open(path, "w") as f:
        json.dump(p, f)
    return path


def main(argv):
    binary, db, landscape, planted_path = argv[:4]
    grid = "--grid" in argv
    grid_file = argv[argv.index("--grid-file") + 1] if "--grid-file" in argv else None
    only_grid = "--only-grid" in argv
    base_name = argv[argv.index("--profile") + 1] if "--profile" in argv else "brokerage"
    here = os.path.dirname(os.path.abspath(__file__))
    base = json.load(open(os.path.join(here, "..", "..", "Profiles", "scoring", base_name + ".json")))
    people = [json.loads(l) for l in open(landscape)]
    planted = [tuple(l.split()) for l in open(planted_path) if l.strip()]

    def report(method, recall, **extra):
        print(json.dumps(dict(method=method, participants=len(people), planted_pairs=len(planted),
                              recall_at_10=round(recall, 4), **extra)), flush=True)

    lexical = {k: v for k, v in base["weights"].items() if not k.startswith("semantic")}
    with tempfile.TemporaryDirectory() as tmp:
        if grid_file:
            for line in open(grid_file):
                if not line.split():
                    continue
                sc, ss, tc, ts = line.split()
                w = dict(lexical, semanticComplementarity=float(sc), semanticSimilarity=float(ss))
                # "-": no threshold given, the population's measured noise floor (NoiseFloor).
                t = {k: float(v) for k, v in (("semanticComplementarity", tc), ("semanticSimilarity", ts)) if v != "-"}
                report("grid", engine_recall(binary, db, profile_file(base, w, tmp, t), planted, {}), weights=w, thresholds=t)
            if only_grid:
                return
        report("keyword-jaccard", jaccard_recall(people, planted))
        report("lexical (CLUSTERMATCH_SEMANTIC=off)",
               engine_recall(binary, db, profile_file(base, lexical, tmp), planted, {"CLUSTERMATCH_SEMANTIC": "off"}), weights=lexical)
        semantic_only = {"semanticComplementarity": base["weights"].get("semanticComplementarity", 0) or 0.9,
                         "semanticSimilarity": base["weights"].get("semanticSimilarity", 0) or 0.1}
        report("semantic only", engine_recall(binary, db, profile_file(base, semantic_only, tmp), planted, {}), weights=semantic_only)
        report("default " + base_name, engine_recall(binary, db, profile_file(base, base["weights"], tmp), planted, {}), weights=base["weights"])
        if grid:
            for sc in (0.3, 0.6, 0.9, 1.8, 2.7, 3.6):
                for ss in (0.0, 0.1, 0.3):
                    w = dict(lexical, semanticComplementarity=sc, semanticSimilarity=ss)
                    report("grid", engine_recall(binary, db, profile_file(base, w, tmp), planted, {}), weights=w)


if __name__ == "__main__":
    main(sys.argv[1:])
