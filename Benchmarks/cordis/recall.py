#!/usr/bin/env python3
"""Recall@10 over new partners on real CORDIS H2020 data (issue 12, "Measured on real data").

The engine knows the projects that started before --split (profiles and history); the truth
is the pairs of organisations that first worked together in a project starting in
[--split, --until), in consortia of at most --max-consortium partners (larger consortia say
little about fit). Both organisations must be known before the split (an organisation first
seen after it has no profile to be found by). Every variant ranks with `match-all --new-only`
(pairs that already collaborated are not "new"), top 10; recall = found / all true pairs,
counted per organisation's list (a pair is two hits: each side's list).

Usage: Benchmarks/cordis/recall.py BIN [--data ../shared/data/cordis] [--work DIR]
"""
import argparse, csv, json, os, shutil, subprocess, sys, time

ap = argparse.ArgumentParser()
ap.add_argument("bin")
ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "../../../../shared/data/cordis"))
ap.add_argument("--work", default="/tmp/clustermatch-cordis-bench")
ap.add_argument("--split", default="2016-01-01")
ap.add_argument("--until", default="2017-01-01")
ap.add_argument("--max-consortium", type=int, default=10)
ap.add_argument("--profiles", nargs="*", default=None, help="extra profile files to measure")
ap.add_argument("--only", nargs="*", default=None, help="measure only the built-in variants whose label contains one of these (extra --profiles always run)")
args = ap.parse_args()

os.makedirs(args.work, exist_ok=True)
known_dir = os.path.join(args.work, "known")
os.makedirs(known_dir, exist_ok=True)
rows = list(csv.reader(open(os.path.join(args.data, "organization.csv"), encoding="utf-8"), delimiter=";"))
header = rows[0]
col = {n: i for i, n in enumerate(header)}
def project(r): return r[col["rcn"]]
before = [r for r in rows[1:] if r[col["startDate"]] < args.split]
after = [r for r in rows[1:] if args.split <= r[col["startDate"]] < args.until]
with open(os.path.join(known_dir, "organization.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, delimiter=";", quoting=csv.QUOTE_ALL)
    w.writerow(header)
    w.writerows(before)
for name in ("project.csv", "topics.csv"):
    shutil.copy(os.path.join(args.data, name), os.path.join(known_dir, name))

def pic(r): return "pic-" + r[col["organisationID"]]
def groups(rs):
    g = {}
    for r in rs: g.setdefault(project(r), set()).add(pic(r))
    return g
old_pairs = set()
known = set(pic(r) for r in before)
for members in groups(before).values():
    for a in members:
        for b in members:
            if a < b: old_pairs.add((a, b))
truth = {}
for members in groups(after).values():
    if len(members) > args.max_consortium: continue
    for a in members:
        for b in members:
            if a != b and a in known and b in known and (min(a, b), max(a, b)) not in old_pairs:
                truth.setdefault(a, set()).add(b)
total = sum(len(v) for v in truth.values())
print(f"known organisations {len(known)}, projects before {args.split}: {len(groups(before))}, "
      f"true new pairs {total // 2} ({len(truth)} organisations with a new partner)", file=sys.stderr)

db = os.path.join(args.work, "known.sqlite")
if not os.path.exists(db):
    t = time.time()
    subprocess.run([args.bin, "history", "import", os.path.join(known_dir, "organization.csv"), "--create-participants", "--db", db],
                   check=True, stdout=subprocess.DEVNULL)
    print(f"history import --create-participants: {time.time() - t:.1f} s", file=sys.stderr)

profiles_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "profiles")
variants = [("content only (peers, no history weights)", os.path.join(profiles_dir, "content.json")),
            ("content + activity 1", os.path.join(profiles_dir, "popularity.json")),
            ("content + network 1", os.path.join(profiles_dir, "partners-of-partners.json")),
            ("popularity alone (activity 1000)", os.path.join(profiles_dir, "activity-alone.json")),
            ("partners of partners alone (network 1000)", os.path.join(profiles_dir, "network-alone.json")),
            ("default peers", "peers"), ("default research", "research"), ("default brokerage", "brokerage"),
            ("brokerage, its own weights (no withoutNeeds)", os.path.join(profiles_dir, "brokerage-own-weights.json")),
            ("no profile named (the default, brokerage)", None)]
if args.only is not None: variants = [v for v in variants if any(o in v[0] for o in args.only)]
for p in args.profiles or []: variants.append((os.path.basename(p), p))
results = {}
for label, profile in variants:
    out = os.path.join(args.work, "lists.jsonl")
    t = time.time()
    subprocess.run([args.bin, "match-all", "--db", db] + (["--profile", profile] if profile else []) + ["--new-only", "--top", "10", "--no-reasons", "--out", out],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.time() - t
    found = 0
    for line in open(out, encoding="utf-8"):
        o = json.loads(line)
        if o["partner"] in truth.get(o["participant"], ()): found += 1
    results[label] = found / total
    print(f"{label:45s} recall@10 {100 * found / total:5.2f} %  ({found}/{total}, match-all {seconds:.1f} s)", flush=True)
