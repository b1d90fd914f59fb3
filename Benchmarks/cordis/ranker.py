#!/usr/bin/env python3
"""How far a learned ranker gets on CORDIS: an upper reference for issue 12's 1.4 × target.

The engine combines content, network and activity linearly with fixed default weights. This
asks whether any function of the signals we have does much better out of sample: a
gradient-boosted ranker (LightGBM lambdarank, every feature constrained to help monotonically),
fitted on split A and reported on split B, both as in signals.py:

  A: history before 2015-07-01, truth = first collaborations in 2015-07-01…2015-12-31;
  B: history before 2016-01-01, truth = first collaborations in 2016 (out of sample).

Candidates for each organisation are its partners of partners and the 300 most active
organisations, less its partners (they hold about 80 % of the true pairs); the others rank last.
Features: pair (Adamic–Adar, common partners, resource allocation, paths of length 3, content)
and candidate (summed tie strength, partner count, projects in the last 12 months, projects in
consortia of at most 10). Recall@10 as signals.py: hits over true pairs, on each side's list.

`--new lift rwr names prog …` adds the second round's signals (cordis_extra.py) as features;
`--roles coord live budget` the third round's (cordis_roles.py);
`--cv` also reports A by 2-fold cross-validation over its organisations, to choose on A only.

Usage: Benchmarks/cordis/ranker.py [--data ../shared/data/cordis] [--rounds 300] [--new GROUP …] [--roles GROUP …] [--cv]
"""
import argparse, os, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from bench_venv import ensure_venv  # noqa: E402 (one directory up)

if __name__ == "__main__":
    ensure_venv(__file__, extra=("lightgbm",))

import numpy as np  # noqa: E402
import lightgbm as lgb  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cordis_graph  # noqa: E402
from cordis_graph import split_data, features  # noqa: E402

GROUPS = {"lift": ["country_lift", "kind_lift"], "mine": ["country_mine", "kind_mine"],
          "rwr": ["rwr15"], "names": ["name_cos", "name_partner"], "prog": ["prog_rec", "prog_rec_cos"],
          "cpart": ["content_partner"]}
# third round (cordis_roles.py): coordinators, running and ending projects, budget shares
ROLE_GROUPS = {"coord": ["coord_aa", "star_aa", "coord_pop", "a_coord", "role_mix"],
               "live": ["live_aa", "end_aa", "ending_aa", "live_pop", "ending_pop"],
               "budget": ["ec_aa", "ec_pop", "ec_eur"]}

ap = argparse.ArgumentParser()
ap.add_argument("--data", default=cordis_graph.settings.data)
ap.add_argument("--rounds", type=int, default=300)
ap.add_argument("--leaves", type=int, default=8)
ap.add_argument("--min-leaf", type=int, default=1000)
ap.add_argument("--hubs", type=int, default=300, help="the most active organisations added as candidates")
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--new", nargs="*", default=[], choices=sorted(GROUPS),
                help="add the second round's signals (cordis_extra.py), by group")
ap.add_argument("--roles", nargs="*", default=[], choices=sorted(ROLE_GROUPS),
                help="add the third round's signals (cordis_roles.py), by group")
ap.add_argument("--cv", action="store_true", help="also report A by 2-fold cross-validation over its organisations (to choose on)")
args = ap.parse_args()
cordis_graph.settings.data = args.data

PAIR = ["aa", "cn", "ra", "katz3", "content"]
NODE = ["pop", "deg", "recent", "small"]
ROLES = [f for g in args.roles for f in ROLE_GROUPS[g]]
EXTRA = [f for g in args.new for f in GROUPS[g]] + ROLES
# +1: helps monotonically; 0: sign unclear, unconstrained (similar names; a's own coordinated
# projects, the same for the whole list; partners whose projects end soon may be busy or free)
SIGN = {f: (0 if f in ("name_cos", "a_coord", "ending_pop") else 1) for f in EXTRA}


def months_before(S, months):
    y, m = int(S[:4]), int(S[5:7]) - 1 - months
    return f"{y + m // 12:04d}-{m % 12 + 1:02d}" + S[7:]


def split(S, months):
    """Features of every (organisation with truth, candidate) pair, grouped by organisation."""
    cordis_graph.settings.months = months
    D = split_data(S)
    rows, F, mask, strength = features(D)
    if args.new:
        from cordis_extra import extra_features
        F.update(extra_features(D, S, rows, which=set(EXTRA) - set(ROLES)))
    if ROLES:
        from cordis_roles import role_features
        F.update(role_features(D, S, rows, which=set(ROLES)))
    index = {x: i for i, x in enumerate(D["ids"])}
    recent = np.zeros(D["n"])
    since = months_before(S, 12)
    for r in cordis_graph.orgs:
        if since <= r["startDate"] < S:
            recent[index["pic-" + r["organisationID"]]] += 1
    node = {"pop": strength, "deg": np.asarray(D["A"].sum(axis=1)).ravel(), "recent": recent,
            "small": D["small"]}
    hubs = np.argsort(-strength, kind="stable")[:args.hubs]
    X, y, groups, cands = [], [], [], []
    for r, a in enumerate(rows):
        c = np.union1d(np.flatnonzero(F["cn"][r] > 0), hubs)
        c = c[~mask[r, c]]
        X.append(np.column_stack([F[f][r, c] for f in PAIR + EXTRA] + [node[f][c] for f in NODE]))
        y.append(np.isin(c, list(D["truth"][a])).astype(int))
        groups.append(len(c))
        cands.append(c)
    total = sum(len(v) for v in D["truth"].values())
    return dict(D=D, rows=rows, X=np.vstack(X), y=np.concatenate(y), groups=np.array(groups),
                cands=cands, total=total)


def recall(T, scores):
    """Recall@10 of a score per candidate; ties by organisation id, as in the engine."""
    off, hits = 0, 0
    for r, a in enumerate(T["rows"]):
        s, c = scores[off:off + T["groups"][r]], T["cands"][r]
        off += T["groups"][r]
        top = c[np.lexsort((c, -s))[:10]]
        hits += sum(1 for b in top if b in T["truth_sets"][r])
    return hits / T["total"]


names = PAIR + EXTRA + NODE
splits = {}
for label, S, months in [("A", "2015-07-01", 6), ("B", "2016-01-01", 12)]:
    T = split(S, months)
    T["truth_sets"] = [T["D"]["truth"][a] for a in T["rows"]]
    splits[label] = T
    print(f"split {label} ({S}, {months} months): {len(T['rows'])} organisations with truth, "
          f"{T['total'] // 2} true pairs, {len(T['y'])} candidate pairs holding "
          f"{100 * T['y'].sum() / T['total']:.1f} % of them", file=sys.stderr)

params = dict(objective="lambdarank", lambdarank_truncation_level=20, learning_rate=0.05,
              num_leaves=args.leaves, min_data_in_leaf=args.min_leaf, verbose=-1, seed=1,
              deterministic=True, num_threads=args.threads,
              monotone_constraints=[SIGN.get(f, 1) for f in names])
A, B = splits["A"], splits["B"]
model = lgb.train(params, lgb.Dataset(A["X"], A["y"], group=A["groups"], feature_name=names),
                  num_boost_round=args.rounds)

cv = ""
if args.cv:
    # 2-fold over A's organisations: fit on one half of the lists, score the other
    fold = np.repeat(np.arange(len(A["groups"])) % 2, A["groups"])
    pred = np.zeros(len(A["y"]))
    for k in (0, 1):
        tr = fold != k
        m = lgb.train(params, lgb.Dataset(A["X"][tr], A["y"][tr], group=A["groups"][np.arange(len(A["groups"])) % 2 != k],
                                          feature_name=names), num_boost_round=args.rounds)
        pred[~tr] = m.predict(A["X"][~tr])
    cv = f"  A by 2-fold cross-validation {100 * recall(A, pred):.2f}%"
print(f"features: {' '.join(names)}")
print(f"{'ranking':42s} {'A (fit)':>8s} {'B (out)':>8s}")
for f in ["aa", "pop", "content"]:
    j = names.index(f)
    print(f"{f + ' alone':42s} {100 * recall(A, A['X'][:, j]):7.2f}% {100 * recall(B, B['X'][:, j]):7.2f}%")
print(f"{'learned ranker (fitted on A)':42s} {100 * recall(A, model.predict(A['X'])):7.2f}% "
      f"{100 * recall(B, model.predict(B['X'])):7.2f}%{cv}")
gain = model.feature_importance("gain")
print("feature gain:", ", ".join(f"{n} {g / gain.sum():.2f}" for g, n in sorted(zip(gain, names), reverse=True)))
