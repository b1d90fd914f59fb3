#!/usr/bin/env python3
"""A proven upper bound on the round-table objective at 300 participants (issue 13 §2).

    roundtables-bound.py [--time-limit SECONDS] [--cli PATH] [--instance DUMP --schedule JSON]

Plans the benchmark event of Benchmarks/roundtables/speed.sh (300 participants, 3 sessions of
12 tables, sizes 4–8, perParticipant 1) with `clustermatch event plan`, with
CLUSTERMATCH_ROUNDTABLES_DUMP set so that the planner writes the instance it solved. Then:

1. recomputes the planner's seating value from the schedule's tables and checks it equals the
   `roundTableStats.objective` the planner reports (the objective of RoundTableProblem.swift:
   theme fits plus 2/(max−1) times the pair scores of each pair at a table);
2. solves, with HiGHS branch and cut under a time limit, the relaxation below and reports its
   proven dual bound (`mip_dual_bound`): a valid upper bound on every seating;
3. checks that the planner's seating is a feasible point of that relaxation with the same
   objective value (so the relaxation's objective is the planner's value function);
4. reads HiGHS's best solution as a seating when every theme has at most one table per
   session (then each (session, theme) group is one table) and values it exactly.

The relaxation (tables of a session with the same theme merged; who sits with whom only known
up to the theme). For sessions s, themes t, participants p (available in s):
  n[s,t] integer in 0…tables[s]: tables of theme t in session s;  sum_t n[s,t] <= tables[s]
  x[p,s,t] in [0,1]: p sits at a table of theme t in s;  min·n[s,t] <= sum_p x[p,s,t] <= max·n[s,t]
  x[p,s,t] <= n[s,t];  sum_t x[p,s,t] <= 1;  sum_{s,t} x[p,s,t] <= perParticipant
  X[p,t] = sum_s x[p,s,t]; for each pair k = {a,b} with a score and each theme t where a or b
  fits (> 0): y[k,t] <= X[a,t], y[k,t] <= X[b,t]; for the other themes together (set O_k):
  y[k,O] <= sum_{t in O_k} X[a,t], y[k,O] <= sum_{t in O_k} X[b,t]
  for each p and each theme t p fits: sum_{k ∋ p} y[k,t] <= (max−1)·X[p,t]; and
  sum_{k ∋ p} sum_u y[k,u] <= (max−1)·sum_t X[p,t]
  max  sum fit[p,t] x[p,s,t] + 2/(max−1) sum_k pair[k] sum_u y[k,u]
Every seating gives a feasible point with the same value (x, n from its tables, y[k,·] = 1 in
the bucket of the theme where a and b share a table): a pair at one table shares its theme,
a table of size ≤ max gives each member ≤ max−1 partners, and a table is within min…max. So
the relaxation's optimum, and HiGHS's dual bound above it, is ≥ the best seating.

The venv with highspy lives in ${TMPDIR:-/tmp}/clustermatch-bench/venv (reused when present).
"""
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from bench_venv import WORK, ensure_venv  # noqa: E402 (beside this script)
from roundtable_value import seating_value  # noqa: E402


class Relaxation:
    """The model of the docstring in highspy, with named columns."""

    def __init__(self, inst):
        import highspy
        import numpy as np
        self.np, self.highspy = np, highspy
        self.inst = inst
        P, T = len(inst["participants"]), inst["themes"]
        tabs = inst["tables"]
        S = len(tabs)
        lo, hi, per = inst["minSize"], inst["maxSize"], inst["perParticipant"]
        w = 1.0 / (hi - 1) if hi > 1 else 0.0
        fit, av = inst["fit"], inst["available"]
        self.P, self.T, self.S = P, T, S
        h = highspy.Highs()
        self.h = h
        h.setOptionValue("output_flag", "--verbose" in sys.argv)
        inf = highspy.kHighsInf
        self.cols, self.rows = {}, []
        cost, lower, upper, integer = [], [], [], []

        def var(key, c, ub, is_int=False):
            self.cols[key] = len(cost)
            cost.append(c)
            lower.append(0.0)
            upper.append(float(ub))
            integer.append(is_int)

        def row(coef, lo_, up_):
            self.rows.append((coef, lo_, up_))

        for s in range(S):
            for t in range(T):
                var(("n", s, t), 0.0, tabs[s], True)
        for p in range(P):
            for s in range(S):
                if av[p][s]:
                    for t in range(T):
                        var(("x", p, s, t), fit[p][t], 1)
        fits = [{t for t in range(T) if fit[p][t] > 0} for p in range(P)]
        self.buckets = []
        for k, (a, b, sc) in enumerate(inst["pairs"]):
            own = sorted(fits[a] | fits[b])
            self.buckets.append(own)
            for t in own:
                var(("y", k, t), 2 * w * sc, min(per, S))
            if len(own) < T:
                var(("y", k, "O"), 2 * w * sc, min(per, S))

        def X(p, ts):
            return {("x", p, s, t): -1.0 for s in range(S) if av[p][s] for t in ts}

        for s in range(S):
            row({("n", s, t): 1.0 for t in range(T)}, -inf, tabs[s])
            for t in range(T):
                xs = {("x", p, s, t): 1.0 for p in range(P) if av[p][s]}
                row(xs | {("n", s, t): -lo}, 0, inf)
                row(xs | {("n", s, t): -hi}, -inf, 0)
                for p in range(P):
                    if av[p][s]:
                        row({("x", p, s, t): 1.0, ("n", s, t): -1.0}, -inf, 0)
        for p in range(P):
            for s in range(S):
                if av[p][s]:
                    row({("x", p, s, t): 1.0 for t in range(T)}, -inf, 1)
            row({("x", p, s, t): 1.0 for s in range(S) if av[p][s] for t in range(T)}, -inf, per)
        mine = [[] for _ in range(P)]
        for k, (a, b, _) in enumerate(inst["pairs"]):
            own = self.buckets[k]
            others = [t for t in range(T) if t not in set(own)]
            for q in (a, b):
                mine[q].append(k)
                for t in own:
                    row({("y", k, t): 1.0} | X(q, [t]), -inf, 0)
                if others:
                    row({("y", k, "O"): 1.0} | X(q, others), -inf, 0)
        for p in range(P):
            if not mine[p]:
                continue
            for t in sorted(fits[p]):
                row({("y", k, t): 1.0 for k in mine[p]} | {key: (hi - 1) * v for key, v in X(p, [t]).items()}, -inf, 0)
            every = {}
            for k in mine[p]:
                for u in self.buckets[k] + (["O"] if ("y", k, "O") in self.cols else []):
                    every[("y", k, u)] = 1.0
            row(every | {key: (hi - 1) * v for key, v in X(p, range(T)).items()}, -inf, 0)
        self.cost = np.array(cost)
        h.addVars(len(cost), np.array(lower), np.array(upper))
        h.changeColsCost(len(cost), np.arange(len(cost), dtype=np.int32), self.cost)
        ints = [i for i, v in enumerate(integer) if v]
        h.changeColsIntegrality(len(ints), np.array(ints, dtype=np.int32),
                                np.array([highspy.HighsVarType.kInteger] * len(ints)))
        starts, index, value, lows, ups = [], [], [], [], []
        for coef, lo_, up_ in self.rows:
            starts.append(len(index))
            for key, v in coef.items():
                index.append(self.cols[key])
                value.append(v)
            lows.append(lo_)
            ups.append(up_)
        h.addRows(len(self.rows), np.array(lows), np.array(ups), len(index), np.array(starts, dtype=np.int32),
                  np.array(index, dtype=np.int32), np.array(value))
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)

    def point(self, tables, index, theme_index, session_index):
        """The relaxation's point of a seating (x, n, y as in the docstring)."""
        v = self.np.zeros(len(self.cost))
        at = {}
        for t in tables:
            s, th = session_index[t["session"]], theme_index[t["theme"]]
            v[self.cols[("n", s, th)]] += 1
            for m in t["members"]:
                p = index[m]
                v[self.cols[("x", p, s, th)]] = 1
                at[p] = at.get(p, []) + [(s, th, t["table"])]
        for k, (a, b, _) in enumerate(self.inst["pairs"]):
            for s, th, g in at.get(a, []):
                if (s, th, g) in at.get(b, []):
                    key = ("y", k, th) if th in self.buckets[k] else ("y", k, "O")
                    v[self.cols[key]] += 1
        return v

    def check(self, v, tol=1e-9):
        """The largest violation of a row or column bound at point v."""
        worst = 0.0
        for coef, lo_, up_ in self.rows:
            a = sum(c * v[self.cols[k]] for k, c in coef.items())
            worst = max(worst, lo_ - a, a - up_)
        return max(worst, float((-v).max()))

    def solve(self, time_limit, start=None):
        h = self.h
        h.setOptionValue("time_limit", float(time_limit))
        h.setOptionValue("mip_rel_gap", 1e-6)
        h.setOptionValue("random_seed", 1)
        if start is not None:
            sol = self.highspy.HighsSolution()
            sol.col_value = list(start)
            sol.value_valid = True
            h.setSolution(sol)
        t0 = time.time()
        h.run()
        info = h.getInfo()
        return {"status": h.modelStatusToString(h.getModelStatus()), "primal": info.objective_function_value,
                "dual": info.mip_dual_bound, "gap": info.mip_gap, "seconds": time.time() - t0,
                "x": list(h.getSolution().col_value)}

    def seating(self, x):
        """HiGHS's solution as tables, when each (session, theme) holds at most one table."""
        tables = []
        for s in range(self.S):
            for t in range(self.T):
                n = round(x[self.cols[("n", s, t)]])
                members = [p for p in range(self.P) if ("x", p, s, t) in self.cols and x[self.cols[("x", p, s, t)]] > 0.5]
                if n > 1 or (n == 0 and members):
                    return None
                if n == 1:
                    tables.append((s, t, members))
        return tables


def main(argv):
    ensure_venv(__file__)
    try:
        import highspy  # noqa: F401
    except ImportError:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "highspy"])
    time_limit = float(argv[argv.index("--time-limit") + 1]) if "--time-limit" in argv else 600.0
    if "--instance" in argv:
        dump, schedule_file = argv[argv.index("--instance") + 1], argv[argv.index("--schedule") + 1]
    else:
        cli = argv[argv.index("--cli") + 1] if "--cli" in argv else os.path.join(ROOT, ".build", "release", "clustermatch")
        work = os.path.join(ROOT, ".build", "bench", "roundtables")
        os.makedirs(work, exist_ok=True)
        db = os.path.join(work, "p1000.sqlite")
        if not os.path.exists(db):
            people = os.path.join(work, "p1000.jsonl")
            subprocess.check_call([sys.executable, os.path.join(HERE, "consortium", "generate.py"), "participants", "1000", people])
            subprocess.check_call([cli, "import", people, "--db", db], stdout=subprocess.DEVNULL)
        event = os.path.join(work, "event-300.json")
        subprocess.check_call([sys.executable, os.path.join(HERE, "roundtables", "generate-event.py"),
                               "1", "300", "3", "12", "4", "8", "1", event])
        dump, schedule_file = os.path.join(work, "instance-300.json"), os.path.join(work, "schedule-300-bound.json")
        with open(schedule_file, "w") as out:
            subprocess.check_call([cli, "event", "plan", event, "--db", db, "--format", "json"], stdout=out,
                                  env=dict(os.environ, CLUSTERMATCH_ROUNDTABLES_DUMP=dump))
    inst = json.load(open(dump))
    schedule = json.load(open(schedule_file))
    index = {pid: i for i, pid in enumerate(inst["participants"])}
    theme_index = {t["id"]: i for i, t in enumerate(schedule["roundTableThemes"])}
    sessions = []
    for t in schedule["roundTables"]:
        if t["session"] not in sessions:
            sessions.append(t["session"])
    session_index = {sid: i for i, sid in enumerate(sorted(sessions, key=lambda x: int(x.lstrip("rt") or 0)))}
    mine, mine_fit, mine_pairs = seating_value(inst, schedule["roundTables"], index, theme_index)
    reported = schedule["roundTableStats"]["objective"]
    print("planner's seating: %.4f (theme fit %.4f, pairs %.4f); it reports %.4f: %s"
          % (mine, mine_fit, mine_pairs, reported, "equal" if abs(mine - reported) < 1e-3 else "DIFFERENT"))
    t0 = time.time()
    model = Relaxation(inst)
    print("relaxation: %d columns, %d rows (built in %.1f s)" % (len(model.cost), len(model.rows), time.time() - t0))
    start = model.point(schedule["roundTables"], index, theme_index, session_index)
    violation = model.check(start)
    at_start = float(model.cost @ start)
    print("planner's seating in the relaxation: value %.4f, largest violation %.2g: %s"
          % (at_start, violation, "feasible, same value" if violation < 1e-9 and abs(at_start - mine) < 1e-6 else "MISMATCH"))
    res = model.solve(time_limit, start=start)
    print("HiGHS (%.0f s limit): %s after %.0f s; best solution %.4f, proven upper bound (dual bound) %.4f, gap %.2f%%"
          % (time_limit, res["status"], res["seconds"], res["primal"], res["dual"], 100 * res["gap"]))
    best = mine
    tables = model.seating(res["x"])
    if tables is not None:
        named = [{"session": "s%d" % s, "table": i, "theme": schedule["roundTableThemes"][t]["id"],
                  "members": [inst["participants"][p] for p in members]} for i, (s, t, members) in enumerate(tables)]
        ok = all(inst["minSize"] <= len(m) <= inst["maxSize"] for _, _, m in tables)
        value, f, pp = seating_value(inst, named, index, theme_index)
        print("HiGHS's solution as a seating: %.4f (theme fit %.4f, pairs %.4f), sizes %s"
              % (value, f, pp, "within bounds" if ok else "OUT OF BOUNDS"))
        if ok:
            best = max(best, value)
    bound = res["dual"]
    print("planner / bound %.2f%%, planner / best seating known %.2f%% (best %.4f)"
          % (100 * mine / bound, 100 * mine / best, best))


if __name__ == "__main__":
    main(sys.argv[1:])
