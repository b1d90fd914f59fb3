#!/usr/bin/env python3
"""The consortium search against the exact optimum from scipy.optimize.milp (HiGHS).

Builds (once) a database of generated participants (consortium/generate.py, 10,000 by
default), then for each benchmark call runs

    clustermatch consortium build CALL --top 1 --format json --export-instance INSTANCE

which writes the instance the search solved (its candidates after pruning, the coverage and
pair matrices, the rules as they apply to them, the value's weights, the value found). This
script solves the same instance exactly: for each allowed size k, an integer program

    max  cov·Σ_n w̄_n Σ_i c_ni·y_ni  +  comp·2/(k(k−1))·Σ_{i<j} p_ij·z_ij
    s.t. Σ_i x_i = k;  y_ni ≤ x_i;  Σ_i y_ni ≤ 1  (each need counted once, by one member)
         z_ij ≤ x_i;  z_ij ≤ x_j;  Σ_j z_ij = (k−1)·x_i  (so z_ij = x_i·x_j)
         countries: v_c ≤ Σ_{i in c} x_i, Σ_c v_c ≥ minCountries
         Σ_{member states} x_i ≥ minFromMemberStates;  Σ_{kind} x_i ≥ min per kind
         Σ_{i in organisation g} x_i ≤ 1 (excludeSameOrganisation)
         Σ_{i: c_ni ≥ τ} x_i ≥ 1 for each required need n;  x_lead = 1
         x, v binary; y, z in [0, 1]

with the search's value as a cutoff (only better consortia are feasible), and reports the
search's value as a share of the optimum: 100 % when HiGHS proves that no size has a better
consortium, else of the better one it found, or of its bound (marked BOUND) when the time
limit stopped it first.

Usage: swift build -c release --product clustermatch &&
       python3 Benchmarks/consortium-highs.py [--cli PATH] [--participants N] [--time-limit S] [--calls 1,2]
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORK = os.path.join(ROOT, ".build", "bench", "consortium")
# (call seed, needs): the candidates after pruning grow with the needs (60–150).
CALLS = [(10, 3), (9, 3), (1, 4), (2, 4), (3, 5), (4, 5), (5, 6), (6, 6), (7, 8), (8, 10)]


def solve(inst, k, time_limit, cutoff=None):
    """The best value of a consortium of exactly k members, HiGHS's bound on it, and whether
    it is proven. With `cutoff`, only consortia worth at least that much are feasible: an
    infeasible answer (None, cutoff, True) proves there is none."""
    cand, needs = inst["candidates"], inst["needs"]
    m, n = len(cand), len(needs)
    cov = np.array(inst["coverage"]).reshape(m, n)
    pairs = np.array(inst["pairs"]).reshape(m, m)
    w = inst["weights"]
    rules = inst["rules"]
    total = sum(nd["weight"] for nd in needs)
    wbar = [nd["weight"] / total for nd in needs]
    ys = [(j, i) for j in range(n) for i in range(m) if cov[i, j] > 0 and wbar[j] > 0]
    zs = [(i, j) for i in range(m) for j in range(i + 1, m)]
    countries = sorted({c["country"] for c in cand})
    nx, ny, nz, nv = m, len(ys), len(zs), len(countries)
    y0, z0, v0 = nx, nx + ny, nx + ny + nz
    nvar = v0 + nv
    obj = np.zeros(nvar)
    scale = 2.0 / (k * (k - 1)) if k > 1 else 0.0
    for t, (j, i) in enumerate(ys):
        obj[y0 + t] = -w["coverage"] * wbar[j] * cov[i, j]
    for t, (i, j) in enumerate(zs):
        obj[z0 + t] = -w["complementarity"] * scale * pairs[i, j]
    rows, cols, vals, lo, hi = [], [], [], [], []
    r = 0

    def add(terms, low, high):
        nonlocal r
        for c, v in terms:
            rows.append(r); cols.append(c); vals.append(v)
        lo.append(low); hi.append(high)
        r += 1

    add([(i, 1.0) for i in range(m)], k, k)
    for t, (j, i) in enumerate(ys):
        add([(y0 + t, 1.0), (i, -1.0)], -np.inf, 0)
    for j in range(n):
        terms = [(y0 + t, 1.0) for t, (jj, _) in enumerate(ys) if jj == j]
        if terms:
            add(terms, -np.inf, 1)
    for t, (i, j) in enumerate(zs):
        add([(z0 + t, 1.0), (i, -1.0)], -np.inf, 0)
        add([(z0 + t, 1.0), (j, -1.0)], -np.inf, 0)
    # Each member is in exactly k−1 pairs: with x integral this makes z exact (z_ij = x_i·x_j,
    # negative pair scores included) and it is what keeps the LP bound tight.
    incident = [[] for _ in range(m)]
    for t, (i, j) in enumerate(zs):
        incident[i].append(z0 + t)
        incident[j].append(z0 + t)
    for i in range(m):
        add([(c, 1.0) for c in incident[i]] + [(i, -(k - 1.0))], 0, 0)
    if rules["minCountries"] > 0:
        for ci, c in enumerate(countries):
            add([(v0 + ci, 1.0)] + [(i, -1.0) for i in range(m) if cand[i]["country"] == c], -np.inf, 0)
        add([(v0 + ci, 1.0) for ci in range(nv)], rules["minCountries"], np.inf)
    if rules["minFromMemberStates"] > 0:
        add([(i, 1.0) for i in range(m) if cand[i]["memberState"]], rules["minFromMemberStates"], np.inf)
    for kind, low in rules["kinds"].items():
        add([(i, 1.0) for i in range(m) if cand[i]["kind"] == kind], low, np.inf)
    if rules["excludeSameOrganisation"]:
        groups = {}
        for i, c in enumerate(cand):
            if c["organisation"] is not None:
                groups.setdefault(c["organisation"], []).append(i)
        for g in groups.values():
            if len(g) > 1:
                add([(i, 1.0) for i in g], -np.inf, 1)
    for j, nd in enumerate(needs):
        if nd["required"]:
            add([(i, 1.0) for i in range(m) if cov[i, j] >= w["requiredCoverage"]], 1, np.inf)
    if cutoff is not None:
        add([(c, -obj[c]) for c in range(nvar) if obj[c] != 0], cutoff, np.inf)
    lower, upper = np.zeros(nvar), np.ones(nvar)
    if inst["lead"] is not None:
        lower[inst["lead"]] = 1
    integrality = np.zeros(nvar)
    integrality[:nx] = 1
    integrality[v0:] = 1
    a = coo_matrix((vals, (rows, cols)), shape=(r, nvar)).tocsr()
    res = milp(obj, constraints=LinearConstraint(a, lo, hi), integrality=integrality, bounds=Bounds(lower, upper),
               options={"time_limit": time_limit, "disp": False})
    if res.status == 2:  # infeasible: nothing of this size reaches the cutoff
        return None, cutoff, True
    if res.x is None:
        bound = getattr(res, "mip_dual_bound", None)
        return None, (-bound if bound is not None else None), False
    best = -res.fun
    bound = -getattr(res, "mip_dual_bound", res.fun) if res.status != 0 else best
    return best, bound, res.status == 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default=os.path.join(ROOT, ".build", "release", "clustermatch"))
    ap.add_argument("--participants", type=int, default=10000)
    ap.add_argument("--time-limit", type=float, default=60, help="seconds per size")
    ap.add_argument("--calls", default="", help="comma-separated call seeds (default: all of CALLS)")
    args = ap.parse_args()
    wanted = {int(x) for x in args.calls.split(",") if x}
    os.makedirs(WORK, exist_ok=True)
    db = os.path.join(WORK, f"p{args.participants}.sqlite")
    if not os.path.exists(db):
        data = os.path.join(WORK, f"p{args.participants}.jsonl")
        subprocess.check_call([sys.executable, os.path.join(HERE, "consortium", "generate.py"), "participants", str(args.participants), data])
        subprocess.check_call([args.cli, "import", data, "--db", db], stdout=subprocess.DEVNULL)
    print(f"{'call':<10} {'needs':>5} {'cands':>5} {'search':>8} {'optimum':>8} {'share':>8}  {'search s':>8} {'HiGHS s':>8}")
    shares, open_calls = [], []
    for seed, count in [c for c in CALLS if not wanted or c[0] in wanted]:
        call = os.path.join(WORK, f"call-{seed}.json")
        inst_path = os.path.join(WORK, f"instance-{seed}.json")
        subprocess.check_call([sys.executable, os.path.join(HERE, "consortium", "generate.py"), "call", str(seed), str(count), call])
        started = time.perf_counter()
        out = subprocess.run([args.cli, "consortium", "build", call, "--top", "1", "--format", "json", "--db", db,
                              "--export-instance", inst_path], capture_output=True, text=True)
        search_s = time.perf_counter() - started
        if out.returncode != 0:
            print(f"BENCH-{seed}: {out.stderr.strip()}")
            continue
        inst = json.load(open(inst_path))
        found = inst["proposals"][0]
        started = time.perf_counter()
        # Is there a better consortium of some size? HiGHS is asked for one worth more than
        # the search's (the cutoff prunes most of its tree); "none" is a proof of optimality.
        best, bound, proven, unknown = found, found, True, []
        r = inst["rules"]
        for k in range(max(r["minPartners"], 1), min(r["maxPartners"], len(inst["candidates"])) + 1):
            b, ub, ok = solve(inst, k, args.time_limit, cutoff=found + 1e-9)
            if b is not None:
                best = max(best, b)
            if ub is not None:
                bound = max(bound, ub)
            elif not ok:
                unknown.append(k)  # stopped with neither a better consortium nor a bound
            proven = proven and ok
        highs_s = time.perf_counter() - started
        reference = best if proven else bound
        share = found / reference
        mark = "" if proven else f" BOUND (HiGHS best {best:.4f})"
        if unknown:
            # The sizes left open bound nothing: no share can be claimed for this call.
            mark += f"; sizes {unknown}: nothing better found in {args.time_limit:.0f} s, not proven"
            open_calls.append(f"BENCH-{seed}")
        else:
            shares.append(share)
        shown = "—" if unknown else f"{100 * share:.3f}%"
        print(f"BENCH-{seed:<4} {count:>5} {len(inst['candidates']):>5} {found:>8.4f} {reference:>8.4f} {shown:>8}  {search_s:>8.2f} {highs_s:>8.1f}{mark}", flush=True)
    if shares:
        print(f"min share {100 * min(shares):.3f}%, mean {100 * sum(shares) / len(shares):.3f}% over {len(shares)} calls"
              + (f"; not settled in the time limit: {', '.join(open_calls)}" if open_calls else ""))


if __name__ == "__main__":
    main()
