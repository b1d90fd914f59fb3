"""The CORDIS collaboration graph split in time, shared by signals.py and ranker.py (issue 12).

`split_data(S)` gives the history before S, the truth (first collaborations in consortia of at
most `settings.max_consortium` that started in the `settings.months` after S), attributes and
TF-IDF content; `features(D)` the dense signal matrices; `recall(D, rows, score, mask)` recall@10
counted on each side's list, ties by organisation id.
"""
import csv, math, os, re
from collections import defaultdict
import numpy as np
import scipy.sparse as sp


class Settings:
    data = os.path.join(os.path.dirname(__file__), "../../../../shared/data/cordis")
    max_consortium = 10
    half_life = 4.0
    months = 12


settings = Settings()


def rownorm(X):
    """Rows scaled to unit length (zero rows stay zero)."""
    X = sp.csr_matrix(X, dtype=np.float64)
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel()); norms[norms == 0] = 1
    return (sp.diags(1 / norms) @ X).tocsr()


def tfidf(docs, n, min_df=1):
    """Unit-length TF-IDF rows (1 + log tf, smoothed idf) of docs {row: [token, …]};
    tokens in fewer than min_df documents weigh 0."""
    vocab = {}
    rr, cc, vv = [], [], []
    for i, toks in docs.items():
        counts = defaultdict(int)
        for t in toks: counts[vocab.setdefault(t, len(vocab))] += 1
        for t, c in counts.items(): rr.append(i); cc.append(t); vv.append(1 + math.log(c))
    X = sp.csr_matrix((vv, (rr, cc)), shape=(n, len(vocab)))
    df = np.asarray((X > 0).sum(axis=0)).ravel()
    X = X @ sp.diags(np.where(df >= min_df, np.log((n + 1) / (df + 1)) + 1, 0.0))
    return rownorm(X)

def read(name):
    rows = list(csv.reader(open(os.path.join(settings.data, name), encoding="utf-8"), delimiter=";"))
    h = {n: i for i, n in enumerate(rows[0])}
    return [{n: r[i] for n, i in h.items()} for r in rows[1:]]

orgs, projects, titles = [], {}, {}

def load():
    """Reads the three CSV files from settings.data once."""
    if orgs: return
    orgs.extend(read("organization.csv"))
    projects.update({p["rcn"]: p for p in read("project.csv")})
    titles.update({t["topicCode"]: t["title"] for t in read("topics.csv")})

def days(d):
    y, m, dd = map(int, d.split("-"))
    import datetime
    return datetime.date(y, m, dd).toordinal()

def year_after(s):
    y, m = int(s[:4]), int(s[5:7]) - 1 + settings.months
    return f"{y + m // 12:04d}-{m % 12 + 1:02d}" + s[7:]

def split_data(S):
    """History before S, truth in the window after it, attributes and content (see signals.py)."""
    load()
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
        w = 2 ** (-max(age, 0) / settings.half_life) * (1 if len(members) == 2 else 2 / len(members))
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
        if len(members) > settings.max_consortium: continue
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
        if 2 <= len(members) <= settings.max_consortium:
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
    X = tfidf(docs, n)
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
