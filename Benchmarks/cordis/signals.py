#!/usr/bin/env python3
"""Link-prediction signals on the CORDIS collaboration graph, outside the engine (issue 12).

For a split date S: history = projects that started before S (every size, as the engine
imports them); known = organisations in the history; truth = pairs of known organisations that
first worked together in a project that started in [S, S + 1 year), in consortia of at most 10
(as recall.py). Every signal ranks, for each organisation with a true new partner, all other
known organisations that are not already its partners; recall@10 = hits / true pairs, counted
on each side's list (as recall.py). Ties are broken by organisation id, as in the engine.

Signals (a = the organisation whose list it is, b = a candidate):
  cn    common partners;   aa  Adamic–Adar as the engine computes it (decayed, 2/n group share,
  √(w·w)/ln(e+deg));       ra  resource allocation;   katz3  paths of length 3 (decayed weights);
  pop   b's summed decayed tie strength (the engine's activity, ranked);  deg  b's partner count;
  content  TF-IDF cosine of the organisations' call topics, topic titles and programme parts;
  country / kind  same country / same activity type (used only in combinations).
Combinations are listed in COMBOS; `--fit` fits a small logistic model on the earlier split.
`--new` ranks by the second round's signals instead (cordis_extra.py: country and activity-type
affinities, random walk with restart, organisation-name words, recency-weighted programme parts),
alone and combined with popularity, Adamic–Adar and content. `--roles` does the same for the
third round's (cordis_roles.py: coordinators, budget shares, running and ending projects).

Usage: Benchmarks/cordis/signals.py [--data ../shared/data/cordis] [--splits 2015-01-01 2016-01-01] [--new | --roles]
"""
import argparse, os, sys
import numpy as np
import cordis_graph
from cordis_graph import split_data, features, recall

ap = argparse.ArgumentParser()
ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "../../../../shared/data/cordis"))
ap.add_argument("--splits", nargs="*", default=["2015-01-01", "2016-01-01"])
ap.add_argument("--max-consortium", type=int, default=10)
ap.add_argument("--half-life", type=float, default=4.0)
ap.add_argument("--months", type=int, default=12, help="length of the truth window")
ap.add_argument("--grid", action="store_true", help="search the engine's weights (content, network, activity) instead")
ap.add_argument("--new", action="store_true", help="the second round's signals (cordis_extra.py) alone and combined, instead")
ap.add_argument("--roles", action="store_true", help="the third round's signals (cordis_roles.py) alone and combined, instead")
args = ap.parse_args()
for key in ("data", "max_consortium", "half_life", "months"):
    setattr(cordis_graph.settings, key, getattr(args, key))

def activity(strength):
    return strength / (strength + 10)

def fit_logistic(Xf, y, l2=1e-3, iters=200):
    """Newton's method for L2-regularised logistic regression (small feature count)."""
    w = np.zeros(Xf.shape[1])
    for _ in range(iters):
        p = 1 / (1 + np.exp(-(Xf @ w)))
        g = Xf.T @ (p - y) / len(y) + l2 * w
        H = (Xf * (p * (1 - p))[:, None]).T @ Xf / len(y) + l2 * np.eye(len(w))
        step = np.linalg.solve(H, g)
        w -= step
        if np.abs(step).max() < 1e-8: break
    return w

LOGIT = ["log_aa", "log_pop", "content", "country", "kind", "log_katz3", "has_aa"]
def logit_features(F):
    return {"log_aa": np.log1p(F["aa"]), "log_pop": np.log1p(F["pop"]), "content": F["content"],
            "country": F["country"], "kind": F["kind"], "log_katz3": np.log1p(F["katz3"]),
            "has_aa": (F["aa"] > 0).astype(float)}

results = {}
fitted = None
for S in args.splits:
    D = split_data(S)
    rows, F, mask, strength = features(D)
    total = sum(len(v) for v in D["truth"].values())
    print(f"split {S}: known {D['n']}, true new pairs {total // 2}, organisations with truth {len(rows)}", file=sys.stderr)
    net = 1 - np.exp(-F["aa"])
    act = np.sqrt(activity(strength)[rows][:, None] * activity(strength)[None, :])
    def rrf(*scores, c=60):
        out = np.zeros_like(scores[0])
        for s in scores:
            r = np.argsort(np.argsort(-np.where(mask, -np.inf, s), axis=1, kind="stable"), axis=1)
            out += 1 / (c + r)
        return out
    if args.grid:
        f = strength / (strength + 10)
        for N in [100, 300, 1000, 100000]:
            hub = np.zeros(len(f), bool); hub[np.argsort(-strength, kind="stable")[:N]] = True
            g = np.sqrt(f)
            actH = np.where(hub[rows][:, None] | hub[None, :], g[rows][:, None] * g[None, :], 0)
            print(f"{S} hubs N={N}: content + 2 network + 8 activity(hubs) {100 * recall(D, rows, F['content'] + 2 * net + 8 * actH, mask):5.2f} %", flush=True)
            # Activity only where the pair has something else in common (content or partners).
            gate = (F["content"] > 0) | (net > 0)
            print(f"{S} hubs N={N}: … activity only with content or common partners {100 * recall(D, rows, F['content'] + 2 * net + 8 * actH * gate, mask):5.2f} %", flush=True)
        continue
        for K in [10]:
            f = strength / (strength + K)
            actK = np.sqrt(f[rows][:, None] * f[None, :])
            for wn in [0, 2, 4, 8, 16]:
                for wa in [4, 8, 16, 32]:
                    print(f"{S} grid K={K} network={wn} activity={wa} {100 * recall(D, rows, F['content'] + wn * net + wa * actK, mask):5.2f} %", flush=True)
        for al in [0.5, 1, 2]:
            print(f"{S} content × pop^{al} {100 * recall(D, rows, F['content'] * F['pop'] ** al, mask):5.2f} %", flush=True)
        continue
    if args.new:
        from cordis_extra import extra_features
        N = extra_features(D, S, rows)
        R = {"aa": recall(D, rows, F["aa"], mask), "pop": recall(D, rows, F["pop"], mask)}
        for name in N: R[name] = recall(D, rows, N[name], mask)
        cl, kl = N["country_lift"], N["kind_lift"]
        for name, s in [("pop", F["pop"]), ("aa", F["aa"]), ("content·pop", F["content"] * F["pop"]),
                        ("pop·(1+3aa)", F["pop"] * (1 + 3 * F["aa"]))]:
            R[f"{name} × country_lift"] = recall(D, rows, s * cl, mask)
            R[f"{name} × kind_lift"] = recall(D, rows, s * kl, mask)
            R[f"{name} × country_lift × kind_lift"] = recall(D, rows, s * cl * kl, mask)
            R[f"{name} × country_mine·kind_mine (+0.1)"] = recall(D, rows, s * (0.1 + N["country_mine"]) * (0.1 + N["kind_mine"]), mask)
        for name in ["name_cos", "name_partner", "content_partner", "prog_rec", "prog_rec_cos"]:
            R[f"pop × {name}"] = recall(D, rows, F["pop"] * N[name], mask)
            R[f"pop × (0.1 + {name})"] = recall(D, rows, F["pop"] * (0.1 + N[name]), mask)
        for name in ["rwr15", "rwr30", "rwr50"]:
            R[f"{name} × pop"] = recall(D, rows, N[name] * F["pop"], mask)
            R[f"rrf(aa, {name}, pop, content)"] = recall(D, rows, rrf(F["aa"], N[name], F["pop"], F["content"]), mask)
        for k, v in R.items(): print(f"{S}  {k:55s} {100 * v:5.2f} %", flush=True)
        continue
    if args.roles:
        from cordis_roles import role_features
        N = role_features(D, S, rows)
        R = {"aa": recall(D, rows, F["aa"], mask), "pop": recall(D, rows, F["pop"], mask),
             "content × pop × (1 + 3aa) (before)": recall(D, rows, F["content"] * F["pop"] * (1 + 3 * F["aa"]), mask),
             "rrf(aa, pop, content) (before)": recall(D, rows, rrf(F["aa"], F["pop"], F["content"]), mask)}
        for name in N: R[name] = recall(D, rows, N[name], mask)
        for name in ["coord_aa", "star_aa", "live_aa", "end_aa", "ending_aa", "ec_aa"]:
            X = N[name]
            R[f"{name} × pop"] = recall(D, rows, X * F["pop"], mask)
            R[f"pop × (1 + 3 {name})"] = recall(D, rows, F["pop"] * (1 + 3 * X), mask)
            R[f"pop × (1 + 3aa) × (1 + 3 {name})"] = recall(D, rows, F["pop"] * (1 + 3 * F["aa"]) * (1 + 3 * X), mask)
            R[f"rrf({name}, pop, content)"] = recall(D, rows, rrf(X, F["pop"], F["content"]), mask)
            R[f"rrf(aa, {name}, pop, content)"] = recall(D, rows, rrf(F["aa"], X, F["pop"], F["content"]), mask)
        for name in ["coord_pop", "live_pop", "ending_pop", "ec_pop", "ec_eur"]:
            X = N[name]
            R[f"{name} × (1 + 3aa)"] = recall(D, rows, X * (1 + 3 * F["aa"]), mask)
            R[f"content × {name} × (1 + 3aa)"] = recall(D, rows, F["content"] * X * (1 + 3 * F["aa"]), mask)
            R[f"pop × (1 + {name}) × (1 + 3aa)"] = recall(D, rows, F["pop"] * (1 + X) * (1 + 3 * F["aa"]), mask)
            R[f"rrf(aa, {name}, content)"] = recall(D, rows, rrf(F["aa"], X, F["content"]), mask)
            R[f"rrf(aa, pop, {name}, content)"] = recall(D, rows, rrf(F["aa"], F["pop"], X, F["content"]), mask)
        mix = N["role_mix"]
        R["pop × (1 + 3aa) × (1 + role_mix)"] = recall(D, rows, F["pop"] * (1 + 3 * F["aa"]) * (1 + mix), mask)
        R["content × pop × (1 + 3aa) × (1 + role_mix)"] = recall(D, rows, F["content"] * F["pop"] * (1 + 3 * F["aa"]) * (1 + mix), mask)
        R["rrf(aa, pop, content, role_mix)"] = recall(D, rows, rrf(F["aa"], F["pop"], F["content"], mix), mask)
        R["content × live_pop × (1 + 3 live_aa)"] = recall(D, rows, F["content"] * N["live_pop"] * (1 + 3 * N["live_aa"]), mask)
        R["rrf(aa, coord_aa, ec_aa, pop, coord_pop, content)"] = recall(
            D, rows, rrf(F["aa"], N["coord_aa"], N["ec_aa"], F["pop"], N["coord_pop"], F["content"]), mask)
        for k, v in R.items(): print(f"{S}  {k:55s} {100 * v:5.2f} %", flush=True)
        continue
    R = {}
    for name in ["content", "cn", "aa", "ra", "katz3", "pop", "deg", "pop_small", "prog_pop"]:
        R[name] = recall(D, rows, F[name], mask)
    # combinations
    for c in [0.1, 0.3, 1, 3]:
        R[f"prog_pop × (1 + {c}·aa)"] = recall(D, rows, F["prog_pop"] * (1 + c * F["aa"]), mask)
        R[f"pop × (1 + {c}·aa)"] = recall(D, rows, F["pop"] * (1 + c * F["aa"]), mask)
        R[f"content·pop × (1 + {c}·aa)"] = recall(D, rows, F["content"] * F["pop"] * (1 + c * F["aa"]), mask)
    R["rrf(aa, prog_pop)"] = recall(D, rows, rrf(F["aa"], F["prog_pop"]), mask)
    R["prog_pop × kind"] = recall(D, rows, F["prog_pop"] * (1 + F["kind"]), mask)
    R["aa, then pop (lexicographic)"] = recall(D, rows, F["aa"] + 1e-6 * activity(F["pop"]), mask)
    R["engine peers today: content + 4 network + 0.2 activity"] = recall(D, rows, F["content"] + 4 * net + 0.2 * act, mask)
    R["aa × pop"] = recall(D, rows, F["aa"] * F["pop"], mask)
    R["katz3 × pop"] = recall(D, rows, F["katz3"] * F["pop"], mask)
    R["katz3 / pop (normalised paths)"] = recall(D, rows, F["katz3"] / np.maximum(F["pop"], 1e-9), mask)
    R["content × pop"] = recall(D, rows, F["content"] * F["pop"], mask)
    R["content × act"] = recall(D, rows, F["content"] * act, mask)
    R["rrf(aa, pop)"] = recall(D, rows, rrf(F["aa"], F["pop"]), mask)
    R["rrf(aa, content)"] = recall(D, rows, rrf(F["aa"], F["content"]), mask)
    R["rrf(aa, pop, content)"] = recall(D, rows, rrf(F["aa"], F["pop"], F["content"]), mask)
    R["rrf(aa, katz3, pop, content)"] = recall(D, rows, rrf(F["aa"], F["katz3"], F["pop"], F["content"]), mask)
    for wc in [0.5, 1, 2]:
        R[f"net + act·content×{wc}"] = recall(D, rows, net + wc * F["content"] * act, mask)
    L = logit_features(F)
    if fitted is None:
        # fit on this (the earliest) split: every positive, 200 random non-partners per row
        rng = np.random.default_rng(1)
        pos = [(r, b) for r, a in enumerate(rows) for b in D["truth"][a]]
        neg = []
        for r in range(len(rows)):
            cand = np.flatnonzero(~mask[r])
            neg += [(r, b) for b in rng.choice(cand, 200, replace=False)]
        pr = np.array(pos + neg)
        y = np.r_[np.ones(len(pos)), np.zeros(len(neg))]
        Xf = np.column_stack([L[f][pr[:, 0], pr[:, 1]] for f in LOGIT] + [np.ones(len(pr))])
        mu, sd = Xf.mean(axis=0), Xf.std(axis=0); mu[-1], sd[-1] = 0, 1
        fitted = (fit_logistic((Xf - mu) / sd, y), mu, sd)
        print("logistic weights (standardised):", dict(zip(LOGIT + ["bias"], np.round(fitted[0], 3))), file=sys.stderr)
    w, mu, sd = fitted
    R["logistic (fitted on first split)"] = recall(D, rows, sum(w[k] * (L[f] - mu[k]) / sd[k] for k, f in enumerate(LOGIT)), mask)
    results[S] = R
    for k, v in R.items(): print(f"{S}  {k:55s} {100 * v:5.2f} %", flush=True)
