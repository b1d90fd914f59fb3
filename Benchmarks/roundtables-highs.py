#!/usr/bin/env python3
"""Round-table seating against the exact optimum (issue 13 §2, "Targets").

Plans events of up to 40 participants with the ClusterMatch CLI (`clustermatch event plan`,
release or debug binary, automatic themes from the participants' needs, engine pair
scores), with CLUSTERMATCH_ROUNDTABLES_DUMP set so that the planner writes the seating
instance it solved (fits, pair scores, availability, sizes). Solves that instance exactly as
an integer program with scipy.optimize.milp (HiGHS) and reports the planner's seating value
(recomputed here from the schedule's tables) as a share of the optimum.

The integer program, for tables g (session s(g)), themes t, participants p:
  x[p,g] in {0,1}  p sits at g (only when available for s(g))
  z[g,t] in {0,1}  g discusses t;   o[g] in {0,1}  g is used
  u[p,g,t] in [0,1] <= x[p,g], <= z[g,t]              (p's theme fit counts)
  y[p,q,g] in [0,1] <= x[p,g], <= x[q,g]              (a pair at g counts, pairs with a score)
  max  sum fit[p,t] u[p,g,t] + 2/(max-1) sum pair[p,q] y[p,q,g]
  s.t. sum_t z[g,t] = o[g];  min o[g] <= sum_p x[p,g] <= max o[g]
       sum_{g in s} x[p,g] <= 1 (each session);  sum_g x[p,g] <= perParticipant
       o[g] >= o[g+1] within a session (tables are interchangeable; ordering them by their
       smallest member as well made HiGHS slower here)
This is the planner's objective (Sources/EventPlanner/RoundTableProblem.swift).

Usage: python3 Benchmarks/roundtables-highs.py [--time-limit SECONDS] [--cli PATH] [--seeds 1,2,…]
The venv with scipy lives in ${TMPDIR:-/tmp}/clustermatch-bench/venv (reused when present).
"""
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
from bench_venv import WORK, ensure_venv  # noqa: E402 (beside this script)
from roundtable_value import seating_value  # noqa: E402


# (seed, participants, sessions, tables per session, min, max, perParticipant)
INSTANCES = [
    (1, 16, 1, 3, 3, 5, 1), (2, 20, 2, 2, 4, 6, 1), (3, 24, 2, 3, 3, 5, 1), (4, 24, 2, 3, 4, 6, 2),
    (5, 30, 2, 3, 4, 8, 1), (6, 32, 3, 2, 4, 6, 2), (7, 36, 2, 4, 4, 6, 1), (8, 40, 2, 4, 4, 8, 1),
    (9, 40, 3, 3, 4, 6, 2), (10, 40, 2, 5, 3, 5, 1),
]


def value(inst, tables, index, theme_index):
    return seating_value(inst, tables, index, theme_index)[0]


def solve(inst, time_limit):
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import lil_matrix
    P, T = len(inst["participants"]), inst["themes"]
    tables = inst["tables"]
    G = sum(tables)
    session = [s for s, n in enumerate(tables) for _ in range(n)]
    lo, hi, per = inst["minSize"], inst["maxSize"], inst["perParticipant"]
    w = 1.0 / (hi - 1) if hi > 1 else 0.0
    avail = inst["available"]
    cols, cost, integ = {}, [], []

    def var(key, c, integer):
        cols[key] = len(cost)
        cost.append(-c)
        integ.append(1 if integer else 0)

    for g in range(G):
        var(("o", g), 0, True)
        for t in range(T):
            var(("z", g, t), 0, True)
        for p in range(P):
            if avail[p][session[g]]:
                var(("x", p, g), 0, True)
                for t in range(T):
                    var(("u", p, g, t), inst["fit"][p][t], False)
        for a, b, s in inst["pairs"]:
            if avail[a][session[g]] and avail[b][session[g]]:
                var(("y", a, b, g), 2 * w * s, False)
    rows = []  # (coefficients, lower, upper)
    for g in range(G):
        rows.append(({("z", g, t): 1 for t in range(T)} | {("o", g): -1}, 0, 0))
        xs = {("x", p, g): 1 for p in range(P) if ("x", p, g) in cols}
        rows.append((xs | {("o", g): -lo}, 0, np.inf))
        rows.append((xs | {("o", g): -hi}, -np.inf, 0))
        if g + 1 < G and session[g + 1] == session[g]:
            rows.append(({("o", g): 1, ("o", g + 1): -1}, 0, np.inf))
        for p in range(P):
            if ("x", p, g) not in cols:
                continue
            for t in range(T):
                rows.append(({("u", p, g, t): 1, ("x", p, g): -1}, -np.inf, 0))
                rows.append(({("u", p, g, t): 1, ("z", g, t): -1}, -np.inf, 0))
        for a, b, s in inst["pairs"]:
            if ("y", a, b, g) in cols:
                rows.append(({("y", a, b, g): 1, ("x", a, g): -1}, -np.inf, 0))
                rows.append(({("y", a, b, g): 1, ("x", b, g): -1}, -np.inf, 0))
    for p in range(P):
        for s in range(len(tables)):
            xs = {("x", p, g): 1 for g in range(G) if session[g] == s and ("x", p, g) in cols}
            if xs:
                rows.append((xs, -np.inf, 1))
        xs = {("x", p, g): 1 for g in range(G) if ("x", p, g) in cols}
        if xs:
            rows.append((xs, -np.inf, per))
    A = lil_matrix((len(rows), len(cost)))
    for i, (coef, _, _) in enumerate(rows):
        for k, v in coef.items():
            A[i, cols[k]] = v
    res = milp(np.array(cost), constraints=[LinearConstraint(A.tocsr(), [r[1] for r in rows], [r[2] for r in rows])],
               integrality=np.array(integ), bounds=Bounds(0, 1), options={"time_limit": time_limit, "disp": False})
    best = -res.fun if res.x is not None else None
    bound = -getattr(res, "mip_dual_bound", res.fun) if getattr(res, "mip_dual_bound", None) is not None else best
    return best, bound, res.status == 0


def find_cli(arg):
    if arg:
        return arg
    binpath = subprocess.check_output(["swift", "build", "--show-bin-path"], cwd=ROOT, text=True).strip()
    return os.path.join(binpath, "clustermatch")


def main(argv):
    ensure_venv(__file__)
    time_limit = float(argv[argv.index("--time-limit") + 1]) if "--time-limit" in argv else 120.0
    cli = find_cli(argv[argv.index("--cli") + 1] if "--cli" in argv else None)
    work = tempfile.mkdtemp(prefix="roundtables-highs-")
    people = os.path.join(work, "p1000.jsonl")
    db = os.path.join(work, "p1000.sqlite")
    subprocess.check_call([sys.executable, os.path.join(HERE, "consortium", "generate.py"), "participants", "1000", people])
    subprocess.check_call([cli, "import", people, "--db", db], stdout=subprocess.DEVNULL)
    print("HiGHS time limit %.0f s per instance; planner: %s" % (time_limit, cli))
    print("%-28s %9s %9s %9s %9s %7s %s" % ("instance", "planner", "HiGHS", "bound", "share", "plan s", "HiGHS status"))
    shares = []
    only = [int(x) for x in argv[argv.index("--seeds") + 1].split(",")] if "--seeds" in argv else None
    for seed, n, sessions, tables, lo, hi, per in INSTANCES:
        if only and seed not in only:
            continue
        event = os.path.join(work, "event-%d.json" % seed)
        dump = os.path.join(work, "instance-%d.json" % seed)
        subprocess.check_call([sys.executable, os.path.join(HERE, "roundtables", "generate-event.py"), str(seed), str(n),
                               str(sessions), str(tables), str(lo), str(hi), str(per), event])
        start = time.time()
        out = subprocess.run([cli, "event", "plan", event, "--db", db, "--format", "json"], capture_output=True, text=True,
                             env=dict(os.environ, CLUSTERMATCH_ROUNDTABLES_DUMP=dump))
        seconds = time.time() - start
        if out.returncode != 0:
            sys.exit("event plan failed: " + out.stderr)
        schedule = json.loads(out.stdout)
        inst = json.load(open(dump))
        index = {pid: i for i, pid in enumerate(inst["participants"])}
        theme_index = {t["id"]: i for i, t in enumerate(schedule["roundTableThemes"])}
        mine = value(inst, schedule["roundTables"], index, theme_index)
        best, bound, optimal = solve(inst, time_limit)
        ref = best if optimal else bound
        share = mine / ref if ref else 1.0
        shares.append(share)
        name = "p%d s%dx%d size %d-%d per %d" % (n, sessions, tables, lo, hi, per)
        print("%-28s %9.4f %9s %9.4f %8.2f%% %7.2f %s" % (name, mine, "%.4f" % best if best is not None else "-", bound, 100 * share, seconds,
                                                          "optimal" if optimal else "time limit (share of its bound; HiGHS column: its best seating)"))
        sys.stdout.flush()
    print("minimum share %.2f%%, mean %.2f%%" % (100 * min(shares), 100 * sum(shares) / len(shares)))


if __name__ == "__main__":
    main(sys.argv[1:])
