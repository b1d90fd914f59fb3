#!/usr/bin/env python3
"""How much one event's meetings reorder a cluster's next match lists (README "How scores work").

Builds the demo landscape, simulates an event: the first N companies and researchers by id
meet their best brokerage partners among themselves (up to K meetings each, greedily, as the
planner roughly does), imports the held meetings as `meeting` history dated the event's day,
and compares each profile's `match-all --new-only` top 10 with and without the event.

Usage: one_event.py BIN [BIN …] [--attendees 60] [--meetings 5] [--work DIR]
Each BIN is a clustermatch binary (e.g. before and after a change), measured on the same data.
"""
import argparse, json, os, shutil, subprocess, sys, collections

def run(bin, *args, env):
    r = subprocess.run([bin, *args], capture_output=True, text=True, env=env)
    if r.returncode != 0:
        sys.exit(f"{' '.join(args)}: exit {r.returncode}\n{r.stderr}")
    return r.stdout

def lists(path):
    out = collections.defaultdict(list)
    for line in open(path):
        row = json.loads(line)
        out[row["participant"]].append(row["partner"])
    return out

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bins", nargs="+")
    ap.add_argument("--attendees", type=int, default=60)
    ap.add_argument("--meetings", type=int, default=5)
    ap.add_argument("--work", default="/tmp/cm-one-event")
    a = ap.parse_args()
    env = dict(os.environ, CLUSTERMATCH_SEMANTIC="off")
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    first = os.path.abspath(a.bins[0])
    run(first, "demo", "--out", f"{a.work}/demo", env=env)
    base = f"{a.work}/demo/demo.sqlite"
    # Attendees: the first N companies and researchers by id, from a brokerage match-all.
    run(first, "match-all", "--db", base, "--profile", "brokerage", "--top", "50", "--no-reasons", "--out", f"{a.work}/b.jsonl", env=env)
    ranked = lists(f"{a.work}/b.jsonl")
    attendees = sorted(ranked)[: a.attendees]
    at = set(attendees)
    count = collections.Counter()
    pairs = []
    for p in attendees:
        for q in ranked[p]:
            if q in at and q != p and count[p] < a.meetings and count[q] < a.meetings and (min(p, q), max(p, q)) not in pairs:
                pairs.append((min(p, q), max(p, q)))
                count[p] += 1
                count[q] += 1
    with open(f"{a.work}/event.jsonl", "w") as f:
        for x, y in sorted(pairs):
            f.write(json.dumps({"a": x, "b": y, "kind": "meeting", "date": "2026-03-10", "source": "event-1"}) + "\n")
    print(f"event: {len(at)} attendees, {len(pairs)} meetings held (at most {a.meetings} each)")
    for bin in a.bins:
        bin = os.path.abspath(bin)
        db = f"{a.work}/after.sqlite"
        for suffix in ("", "-vectors", "-wal", "-shm"):
            if os.path.exists(base + suffix):
                shutil.copy(base + suffix, db + suffix)
        run(bin, "history", "import", f"{a.work}/event.jsonl", "--db", db, env=env)
        print(f"\n{bin}")
        print(f"{'profile':10} {'attendees: new in top 10':>26} {'others: new in top 10':>24} {'top 1 is an attendee (others)':>31} {'most listed (attendees)':>26}")
        for profile in ("brokerage", "research", "peers"):
            # Before: the lists without the event, less the partners met there (which --new-only
            # leaves out after it): what the content alone would suggest next.
            run(bin, "match-all", "--db", base, "--profile", profile, "--top", "20", "--no-reasons", "--out", f"{a.work}/before.jsonl", env=env)
            run(bin, "match-all", "--db", db, "--profile", profile, "--new-only", "--no-reasons", "--out", f"{a.work}/after.jsonl", env=env)
            met = set(pairs)
            before = {p: [q for q in l if (min(p, q), max(p, q)) not in met][:10] for p, l in lists(f"{a.work}/before.jsonl").items()}
            after = lists(f"{a.work}/after.jsonl")
            def changed(group):
                total = sum(len(after[p]) for p in group)
                new = sum(len(set(after[p]) - set(before[p])) for p in group)
                return new, total
            others = [p for p in after if p not in at]
            na, ta = changed([p for p in after if p in at])
            no, to = changed(others)
            top1 = sum(1 for p in others if after[p] and after[p][0] in at)
            top1_before = sum(1 for p in others if before[p] and before[p][0] in at)
            listed = collections.Counter(q for p in at for q in after.get(p, []))
            most, times = min(listed.items(), key=lambda kv: (-kv[1], kv[0])) if listed else ("-", 0)
            print(f"{profile:10} {f'{na}/{ta} ({100*na/max(ta,1):.0f} %)':>26} {f'{no}/{to} ({100*no/max(to,1):.0f} %)':>24} {f'{top1_before} → {top1} of {len(others)}':>31} {f'{most} in {times}':>26}")

main()
