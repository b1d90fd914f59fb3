#!/usr/bin/env python3
"""Event planner against the exact optimum (issue 5, "Quality and speed").

Generates small brokerage events (up to 200 participants; reciprocal top-k match lists,
5 % accepted requests, late arrivals / early leavers, some maxMeetings 6, limited tables),
solves the planner's own objective exactly as an integer program with scipy.optimize.milp
(HiGHS) under a time limit, plans the same event file with the ClusterMatch CLI
(`clustermatch event plan FILE --format json`, explicit candidates) and reports the
planner's objective as a share of HiGHS's optimum -- or of HiGHS's bound when it could
not prove optimality, which is then said.

The integer program (aggregated over tables, which are interchangeable within a slot):
  x[e,s] in {0,1} for each pair e that may meet and slot s where both are available
  y[p,k] in [0,1] for the k-th meeting of participant p (fairness bonus steps)
  max  sum value(e) x[e,s] + sum marginal(k) y[p,k]
  s.t. sum_s x[e,s] <= 1                      (a pair meets at most once)
       sum_{e at p} x[e,s] <= 1               (one meeting per participant per slot)
       sum_e x[e,s] <= tables(s)              (table capacity)
       sum_{e at p, s} x[e,s] <= limit(p)     (maxMeetings, available slots)
       sum_k y[p,k] - sum_{e at p, s} x[e,s] <= 0
value(e) and marginal(k) are the planner's (Sources/EventPlanner/PlanningProblem.swift):
accepted request: score + 8 + 0.05 * priority; pending: score + 3 + 0.05 * priority;
suggestion: score; marginal(k) = fairness * 0.5 ** k. marginal is decreasing, so the
continuous y take the steps in order and the relaxation of y is exact.

Usage: python3 Benchmarks/planner-highs.py [--time-limit SECONDS] [--cli PATH]
The venv with scipy lives in ${TMPDIR:-/tmp}/clustermatch-bench/venv (reused when present).
"""
import json
import os
import random
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
from bench_venv import WORK, ensure_venv  # noqa: E402 (beside this script)


# (name, participants, slots, tables per slot, candidates per participant, fairness, seed)
INSTANCES = [
    ("p40-s6", 40, 6, 8, 6, 1.0, 1),
    ("p80-s8", 80, 8, 20, 8, 1.0, 2),
    ("p120-s8", 120, 8, 40, 8, 1.0, 3),
    ("p120-s8-f0", 120, 8, 40, 8, 0.0, 3),
    ("p200-s10", 200, 10, 60, 8, 1.0, 4),
    ("p200-s10-tight", 200, 10, 40, 10, 1.0, 5),
    # Tables never bind: slot conflicts decide, and HiGHS rarely proves optimality in a minute.
    ("p120-s8-loose", 120, 8, 100, 8, 1.0, 6),
    # The hardest of 28 further random events tried (10 candidates each, tables never bind).
    ("p150-s8-loose", 150, 8, 100, 10, 1.0, 11),
]


def generate(n, S, tables, k, fairness, seed, accepted_share=0.05):
    """Like PlannerBenchmark's generator: latent offers/needs, reciprocal top-k lists."""
    g = random.Random(seed)
    d = 8
    ids = ["p%05d" % i for i in range(n)]
    offers = [[g.random() * g.random() for _ in range(d)] for _ in range(n)]
    needs = [[g.random() * g.random() for _ in range(d)] for _ in range(n)]

    def cos(x, y):
        s = sum(a * b for a, b in zip(x, y))
        return s / (sum(a * a for a in x) * sum(b * b for b in y)) ** 0.5

    candidates = []
    for i in range(n):
        scored = []
        for j in range(n):
            if j == i:
                continue
            f, r = cos(offers[i], needs[j]), cos(offers[j], needs[i])
            scored.append((2 * f * r / (f + r), j))
        scored.sort(reverse=True)
        for s, j in scored[:k]:
            candidates.append({"a": ids[i], "b": ids[j], "score": round(s, 4)})
    requests = [{"from": c["a"], "to": c["b"], "status": "accepted"} for c in candidates if g.random() < accepted_share]
    slot_ids = ["s%02d" % (s + 1) for s in range(S)]
    slots = [{"id": sid, "start": "2026-03-10T%02d:%02d:00+01:00" % (9 + (25 * s) // 60, (25 * s) % 60), "minutes": 20}
             for s, sid in enumerate(slot_ids)]
    participants = []
    for pid in ids:
        p = {"id": pid}
        if g.random() < 0.2:  # a fifth arrive late or leave early
            start = g.randrange(S // 2)
            p["available"] = slot_ids[start:S - g.randrange(3)]
        if g.random() < 0.1:
            p["maxMeetings"] = max(1, S * 3 // 8)
        participants.append(p)
    return {"id": "highs", "name": "HiGHS reference", "timezone": "Europe/Copenhagen", "slots": slots,
            "tables": tables, "participants": participants, "requests": requests, "candidates": candidates,
            "options": {"fairness": fairness, "seed": seed}}


def value(score, origin, priority):
    p = min(max(priority, 0), 20) * 0.05
    return {"accepted": score + 8 + p, "pending": score + 3 + p, "suggested": score}[origin]


def model(event):
    """The planner's problem: participants, availability, limits, capacities, pair values."""
    slot_ids = [s["id"] for s in event["slots"]]
    S = len(slot_ids)
    ids = sorted(p["id"] for p in event["participants"])
    index = {pid: i for i, pid in enumerate(ids)}
    avail, limit = {}, {}
    for p in event["participants"]:
        a = set(p.get("available", slot_ids))
        avail[index[p["id"]]] = a
        limit[index[p["id"]]] = min(p.get("maxMeetings", S), len(a))
    tables = event["tables"]
    cap = [tables] * S if isinstance(tables, int) else [tables[s] for s in slot_ids]
    fairness = event["options"]["fairness"]

    # Pairs, as the planner builds them: strongest request per pair, best score per pair.
    req, declined = {}, set()
    rank = {"accepted": 0, "pending": 1}
    for r in event.get("requests", []):
        a, b = index[r["from"]], index[r["to"]]
        key = (min(a, b), max(a, b))
        if r["status"] == "declined":
            declined.add(key)
            continue
        cur, new = req.get(key), (r["status"], r.get("priority", 1))
        if cur is None or (rank[new[0]], -new[1]) < (rank[cur[0]], -cur[1]):
            req[key] = new
    score = {}
    for c in event["candidates"]:
        a, b = index[c["a"]], index[c["b"]]
        key = (min(a, b), max(a, b))
        score[key] = max(score.get(key, c["score"]), c["score"])
    edges = []
    for key in sorted(set(req) | set(score)):
        if key in declined or (key not in req and score.get(key, 0) <= 0):
            continue
        origin, prio = req.get(key, ("suggested", 0))
        edges.append((key[0], key[1], value(score.get(key, 0), origin, prio)))
    return slot_ids, ids, index, avail, limit, cap, fairness, edges


def check(event, schedule):
    """The planner's objective recomputed from its meetings, and the constraints it must keep."""
    slot_ids, ids, index, avail, limit, cap, fairness, edges = model(event)
    val = {(a, b): v for a, b, v in edges}
    degree, busy, used, seen, problems = [0] * len(ids), set(), {}, set(), []
    total = 0.0
    for m in schedule["meetings"]:
        a, b = sorted((index[m["a"]], index[m["b"]]))
        if (a, b) not in val:
            problems.append("pair %s-%s may not meet" % (m["a"], m["b"]))
        if (a, b) in seen:
            problems.append("pair twice")
        seen.add((a, b))
        for p in (a, b):
            if (p, m["slot"]) in busy or m["slot"] not in avail[p]:
                problems.append("%s busy or away in %s" % (ids[p], m["slot"]))
            busy.add((p, m["slot"]))
            degree[p] += 1
        used[m["slot"]] = used.get(m["slot"], 0) + 1
        total += val.get((a, b), 0)
    problems += ["over capacity in %s" % s for s in slot_ids if used.get(s, 0) > cap[slot_ids.index(s)]]
    problems += ["%s over limit" % ids[p] for p in range(len(ids)) if degree[p] > limit[p]]
    total += sum(fairness * 0.5 ** k for p in range(len(ids)) for k in range(1, degree[p] + 1))
    return total, problems


def solve(event, time_limit):
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    slot_ids, ids, index, avail, limit, cap, fairness, edges = model(event)

    # Variables: x[e,s] for common available slots, then y[p,k].
    cols, obj = [], []
    for e, (a, b, v) in enumerate(edges):
        for s, sid in enumerate(slot_ids):
            if sid in avail[a] and sid in avail[b]:
                cols.append((e, a, b, s))
                obj.append(v)
    nx = len(cols)
    ycols = []
    if fairness > 0:
        for p in range(len(ids)):
            for k in range(1, limit[p] + 1):
                ycols.append((p, k))
                obj.append(fairness * 0.5 ** k)
    nv = len(obj)
    rows, cidx, vals, ub = [], [], [], []
    r = 0

    def row(entries, bound):
        nonlocal r
        for c, w in entries:
            rows.append(r)
            cidx.append(c)
            vals.append(w)
        ub.append(bound)
        r += 1

    by_edge, by_ps, by_slot, by_p = {}, {}, {}, {}
    for c, (e, a, b, s) in enumerate(cols):
        by_edge.setdefault(e, []).append(c)
        by_slot.setdefault(s, []).append(c)
        for p in (a, b):
            by_ps.setdefault((p, s), []).append(c)
            by_p.setdefault(p, []).append(c)
    for cs in by_edge.values():
        row([(c, 1) for c in cs], 1)
    for cs in by_ps.values():
        if len(cs) > 1:
            row([(c, 1) for c in cs], 1)
    for s, cs in by_slot.items():
        if len(cs) > cap[s]:
            row([(c, 1) for c in cs], cap[s])
    for p, cs in by_p.items():
        if len(cs) > limit[p]:
            row([(c, 1) for c in cs], limit[p])
    by_py = {}
    for i, (p, k) in enumerate(ycols):
        by_py.setdefault(p, []).append(nx + i)
    for p, ys in by_py.items():
        row([(c, 1) for c in ys] + [(c, -1) for c in by_p.get(p, [])], 0)
    A = coo_matrix((vals, (rows, cidx)), shape=(r, nv)).tocsr()
    c = -np.array(obj)
    integrality = np.array([1] * nx + [0] * len(ycols))
    t0 = time.time()
    res = milp(c, constraints=[LinearConstraint(A, -np.inf, np.array(ub, dtype=float))], integrality=integrality,
               bounds=Bounds(0, 1), options={"time_limit": time_limit, "mip_rel_gap": 1e-7, "disp": False})
    seconds = time.time() - t0
    best = -res.fun if res.x is not None else None
    bound = -getattr(res, "mip_dual_bound", res.fun if res.status == 0 else float("nan"))
    optimal = res.status == 0
    return {"optimal": optimal, "objective": best, "bound": bound if not optimal else best, "seconds": seconds,
            "variables": nv, "constraints": r, "pairs": len(edges), "message": res.message}


def find_cli(arg):
    if arg:
        return arg
    print("building the CLI (swift build --product clustermatch) ...", file=sys.stderr)
    subprocess.check_call(["swift", "build", "--product", "clustermatch"], cwd=ROOT, stdout=sys.stderr)
    binpath = subprocess.check_output(["swift", "build", "--show-bin-path"], cwd=ROOT, text=True).strip()
    return os.path.join(binpath, "clustermatch")


def plan(cli, path, db):
    t0 = time.time()
    out = subprocess.run([cli, "event", "plan", path, "--format", "json", "--db", db],
                         capture_output=True, text=True, check=True).stdout
    seconds = time.time() - t0
    return json.loads(out), seconds


def main():
    ensure_venv(__file__)
    argv = sys.argv[1:]
    time_limit = float(argv[argv.index("--time-limit") + 1]) if "--time-limit" in argv else 60.0
    cli = find_cli(argv[argv.index("--cli") + 1] if "--cli" in argv else None)
    tmp = tempfile.mkdtemp(prefix="planner-highs-", dir=WORK)
    db = os.path.join(tmp, "empty.sqlite")
    print("HiGHS time limit %.0f s per instance; planner: %s" % (time_limit, cli))
    print("%-16s %6s %9s %12s %12s %9s %8s %10s  %s" % ("instance", "pairs", "vars", "planner", "highs", "share", "highs s", "planner s", "reference"))
    shares = []
    for name, n, S, tables, k, fairness, seed in INSTANCES:
        event = generate(n, S, tables, k, fairness, seed)
        path = os.path.join(tmp, name + ".json")
        with open(path, "w") as f:
            json.dump(event, f)
        schedule, pseconds = plan(cli, path, db)
        stats = schedule["stats"]
        recomputed, problems = check(event, schedule)
        if problems or abs(recomputed - stats["objective"]) > 1e-3:
            print("%s: planner schedule does not check: objective %.4f recomputed %.4f; %s" % (
                name, stats["objective"], recomputed, problems[:3]), file=sys.stderr)
        ref = solve(event, time_limit)
        target = ref["objective"] if ref["optimal"] else ref["bound"]
        share = recomputed / target
        shares.append(share)
        if ref["optimal"]:
            kind = "optimum"
        elif recomputed >= ref["bound"] - 1e-6 * max(1.0, abs(ref["bound"])):
            kind = "BOUND (HiGHS proved nothing in %.0f s, but the planner meets its bound: the plan is optimal)" % time_limit
        elif ref["objective"] is None:
            kind = "BOUND (not proven optimal in %.0f s; no solution found)" % time_limit
        else:
            # The optimum lies between HiGHS's best solution and its bound.
            kind = "BOUND (not proven optimal in %.0f s; best found %.4f, planner %.3f%% of it)" % (
                time_limit, ref["objective"], recomputed / ref["objective"] * 100)
        print("%-16s %6d %9d %12.4f %12.4f %8.3f%% %8.1f %10.2f  %s" % (
            name, ref["pairs"], ref["variables"], recomputed, target, share * 100, ref["seconds"], pseconds, kind),
            flush=True)
    print("planner objective: mean %.3f%%, min %.3f%% of the reference (target: within 0.5 %%)" % (
        sum(shares) / len(shares) * 100, min(shares) * 100))
    print("instance files: %s" % tmp)


if __name__ == "__main__":
    main()
