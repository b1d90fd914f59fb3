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

Usage: Benchmarks/cordis/signals.py [--data ../shared/data/cordis] [--splits 2015-01-01 2016-01-01]
"""
import argparse, csv, math, os, re, sys
from collections import defaultdict
import numpy as np
import scipy.sparse as sp

ap = argparse.ArgumentParser()
ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "../../../../shared/data/cordis"))
ap.add_argument("--splits", nargs="*", default=["2015-01-01", "2016-01-01"])
ap.add_argument("--max-consortium", type=int, default=10)
ap.add_argument("--half-life", type=float, default=4.0)
ap.add_argument("--months", type=int, default=12, help="length of the truth window")
ap.add_argument("--grid", action="store_true", help="search the engine's weights (content, network, activity) instead")
args = ap.parse_args()

def read(name):
    rows = list(csv.reader(open(os.path.join(args.data, name), encoding="utf-8"), delimiter=";"))
    h = {n: i for i, n in enumerate(rows[0])}
    return [{n: r[i] for n, i in h.items()} for r in rows[1:]]

orgs = read("organization.csv")
projects = {p["rcn"]: p for p in read("project.csv")}
titles = {t["topicCode"]: t["title"] for t in read("topics.csv")}

def days(d):
    y, m, dd = map(int, d.split("-"))
    import datetime
    return datetime.date(y, m, dd).toordinal()

def year_after(s):
    y, m = int(s[:4]), int(s[5:7]) - 1 + args.months
    return f"{y + m // 12:04d}-{m % 12 + 1:02d}" + s[7:]

def split_data(S):
    before = [r for r in orgs if r["startDate"] < S]
    after = [r for r in orgs if S <= r["startDate"] < year_after(S)]
    ids = sorted(set("pic-" + r["organisationID"] for r in before))
    index = {x: i for i, x in enumerate(ids)}
    n = len(ids)
    groups = defaultdict(set); gdate = {}
    for r in before:
        groups[r["rcn"]].add(index["pic-" + r["organisationID"]]); gdate[r["rcn"]] = r["startDate"]
    ref = max(gdate.values())
    W = defaultdict(float)
    for g, members in groups.items():
        if len(members) < 2: continue
        age = (days(ref) - days(gdate[g])) / 365.25
        w = 2 ** (-max(age, 0) / args.half_life) * (1 if len(members) == 2 else 2 / len(members))
        ms = sorted(members)
        for x in ms:
            for y in ms:
                if x != y: W[(x, y)] += w
    keys = np.array(list(W.keys()), dtype=np.int64).reshape(-1, 2)
    vals = np.array(list(W.values()))
    Wm = sp.csr_matrix((vals, (keys[:, 0], keys[:, 1])), shape=(n, n))
    A = (Wm > 0).astype(np.float64).tocsr()
    # truth
    agroups = defaultdict(set)
    for r in after: agroups[r["rcn"]].add("pic-" + r["organisationID"])
    truth = defaultdict(set)
    for members in agroups.values():
        if len(members) > args.max_consortium: continue
        ks = [index[m] for m in members if m in index]
        for a in ks:
            for b in ks:
                if a != b and A[a, b] == 0: truth[a].add(b)
    # attributes and content
    country, kind = {}, {}
    docs = defaultdict(list)
    prog = defaultdict(lambda: defaultdict(float))
    small = defaultdict(float)
    for g, members in groups.items():
        if 2 <= len(members) <= args.max_consortium:
            for m in members: small[m] += 1
    for r in before:
        i0 = index["pic-" + r["organisationID"]]
        p0 = projects.get(r["rcn"], {})
        t0 = p0.get("topics", "")
        key = "-".join(re.split(r"[-.]", t0)[:2]) if t0 else p0.get("legalBasis", "")
        prog[i0][key] += 1
    for r in before:
        i = index["pic-" + r["organisationID"]]
        country[i] = r["country"]; kind[i] = r["activityType"]
        p = projects.get(r["rcn"], {})
        t = p.get("topics", "")
        toks = []
        if t:
            toks.append("T:" + t)
            parts = re.split(r"[-.]", t)
            for k in range(1, len(parts)): toks.append("P:" + "-".join(parts[:k]))
            toks += ["W:" + w for w in re.findall(r"[a-z]{3,}", titles.get(t, "").lower())]
        if p.get("legalBasis"): toks.append("L:" + p["legalBasis"])
        if p.get("fundingScheme"): toks.append("F:" + p["fundingScheme"])
        docs[i] += toks
    vocab = {}
    rr, cc, vv = [], [], []
    for i, toks in docs.items():
        counts = defaultdict(int)
        for t in toks: counts[vocab.setdefault(t, len(vocab))] += 1
        for t, c in counts.items(): rr.append(i); cc.append(t); vv.append(1 + math.log(c))
    X = sp.csr_matrix((vv, (rr, cc)), shape=(n, len(vocab)))
    df = np.asarray((X > 0).sum(axis=0)).ravel()
    X = X @ sp.diags(np.log((n + 1) / (df + 1)) + 1)
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel()); norms[norms == 0] = 1
    X = sp.diags(1 / norms) @ X
    pv = {}
    pr_, pc_, pw_ = [], [], []
    for i, d in prog.items():
        for k, c in d.items(): pr_.append(i); pc_.append(pv.setdefault(k, len(pv))); pw_.append(c)
    P = sp.csr_matrix((pw_, (pr_, pc_)), shape=(n, len(pv)))
    return dict(ids=ids, n=n, W=Wm, A=A, truth=truth, X=X.tocsr(), P=P,
                small=np.array([small.get(i, 0.0) for i in range(n)]),
                country=np.array([country.get(i, "") for i in range(n)]),
                kind=np.array([kind.get(i, "") for i in range(n)]))

def features(D):
    """Dense matrices (rows = organisations with truth, columns = all known) of every signal."""
    rows = np.array(sorted(D["truth"]))
    W, A, n = D["W"], D["A"], D["n"]
    deg = np.asarray(A.sum(axis=1)).ravel()
    strength = np.asarray(W.sum(axis=1)).ravel()
    Ws = W.sqrt()
    aa_w = sp.diags(1 / np.log(math.e + deg))
    ra_w = sp.diags(1 / np.maximum(deg, 1))
    F = {}
    F["cn"] = (A[rows] @ A).toarray()
    F["aa"] = (Ws[rows] @ aa_w @ Ws).toarray()
    F["aa_bin"] = (A[rows] @ aa_w @ A).toarray()
    F["ra"] = (A[rows] @ ra_w @ A).toarray()
    F["katz3"] = ((W[rows] @ W) @ W).toarray()
    F["pop"] = np.broadcast_to(strength, (len(rows), n)).copy()
    F["deg"] = np.broadcast_to(deg, (len(rows), n)).copy()
    F["content"] = (D["X"][rows] @ D["X"].T).toarray()
    P = D["P"]
    Pn = sp.diags(1 / np.maximum(np.asarray(P.sum(axis=1)).ravel(), 1)) @ P
    F["prog_pop"] = (Pn[rows] @ P.T).toarray()
    F["pop_small"] = np.broadcast_to(D["small"], (len(rows), n)).copy()
    F["country"] = (D["country"][rows][:, None] == D["country"][None, :]).astype(float)
    F["kind"] = (D["kind"][rows][:, None] == D["kind"][None, :]).astype(float)
    # excluded: self and old partners
    mask = A[rows].toarray() > 0
    mask[np.arange(len(rows)), rows] = True
    return rows, F, mask, strength

def recall(D, rows, score, mask, k=10):
    s = np.where(mask, -np.inf, score)
    # ties by id: a stable sort on −score keeps the lower column (id order) first
    top = np.argsort(-s, axis=1, kind="stable")[:, :k]
    hits = 0
    for r, a in enumerate(rows):
        t = D["truth"][a]
        hits += sum(1 for b in top[r] if b in t and s[r, b] > -np.inf)
    total = sum(len(v) for v in D["truth"].values())
    return hits / total

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
