"""Signals not in cordis_graph.features (issue 12, second round): affinities, random walks,
organisation-name words, recency-weighted programme parts. Every one is computed from the
history before the split only.

`extra_features(D, S, rows)` gives dense matrices (rows = organisations with truth, columns =
all known), keyed by name:

  country_lift   how much more often organisations of a's country partnered with those of b's
                 country than their degree sums predict: (E + α) / (expected + α), α = 5;
  kind_lift      the same for activity types (PRC, HES, REC, PUB, OTH);
  country_mine / kind_mine   share of a's own partners in b's country / of b's activity type;
  rwr15, rwr30, rwr50        random walk with restart (personalised PageRank) from a on the
                 decayed history graph, restart 0.15 / 0.3 / 0.5, 6 steps; score = mass at b;
  name_cos       TF-IDF cosine of organisation-name words (legal forms, function words and
                 words of < 3 letters removed; words in one organisation only dropped);
  name_partner   cosine of the name words of a's partners (summed) with b's name words;
  content_partner  the same with cordis_graph's topic content;
  prog_rec       b's recency-weighted projects (half-life 1 year) in a's programme parts
                 (legalBasis and its prefixes) and funding schemes, a's side normalised;
  prog_rec_cos   cosine of the two recency-weighted programme/scheme vectors.
"""
import math, re, unicodedata
from collections import defaultdict
import numpy as np
import scipy.sparse as sp
import cordis_graph

STOP = set("""
GMBH MBH LTD LIMITED PLC LLP INC CORP CORPORATION COMPANY SRL SPA SAS SARL SCARL SOC SOCIETA
SOCIETE SOCIEDAD LIMITADA ANONIMA AKTIENGESELLSCHAFT GESELLSCHAFT BESCHRANKTER HAFTUNG KG OHG
UG EV GGMBH STIFTUNG VEREIN ASBL VZW BVBA CVBA NV BV AB OY OYJ APS AKTIEBOLAG AKTIESELSKAB
KFT ZRT SPOLKA ZOO ZOZ SRO DOO DD EOOD OOD AE EPE IKE OE SL SLU SLL SCCL LDA UNIPESSOAL
SOCIEDADE CIA CO AND THE FOR OF DE DES DER DIE DAS DEN DEL DELLA DELLE DEGLI DI DA DO DOS
LA LE LES LOS LAS UND ET EN VOOR VAN VON ZU FUR AUF IM AM AUS AT IN ON TO Y E I A AL AU AUX
DU DELL NAZIONALE NATIONAL NATIONALE NACIONAL INTERNATIONAL EUROPEAN EUROPE EUROPEENNE
GROUP HOLDING SERVICES SERVICE SOLUTIONS
""".split())


def _words(name):
    s = unicodedata.normalize("NFKD", name.upper())
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return [w for w in re.findall(r"[A-Z]{3,}", s) if w not in STOP]


_rownorm = cordis_graph.rownorm


def _tfidf(docs, n, min_df=2):
    return cordis_graph.tfidf(docs, n, min_df)


def _lift(labels, A, alpha=5.0):
    """Label-pair lift of the history edges over what the labels' degree sums predict."""
    cats, inv = np.unique(labels, return_inverse=True)
    C = sp.csr_matrix((np.ones(len(labels)), (np.arange(len(labels)), inv)), shape=(len(labels), len(cats)))
    E = (C.T @ A @ C).toarray()
    deg = E.sum(axis=1)
    expected = np.outer(deg, deg) / max(deg.sum(), 1)
    return (E + alpha) / (expected + alpha), inv, C


def extra_features(D, S, rows, which=None):
    """Dense new-signal matrices for the split D (made by cordis_graph.split_data(S))."""
    n, A, W = D["n"], D["A"], D["W"]
    index = {x: i for i, x in enumerate(D["ids"])}
    before = [r for r in cordis_graph.orgs if r["startDate"] < S]
    want = (lambda k: True) if which is None else (lambda k: k in which)
    F = {}
    deg = np.asarray(A.sum(axis=1)).ravel()
    # 1, 2: country and activity-type affinities
    for key, labels in (("country", D["country"]), ("kind", D["kind"])):
        L, inv, C = _lift(labels, A)
        if want(key + "_lift"):
            F[key + "_lift"] = L[inv[rows]][:, inv]
        if want(key + "_mine"):
            share = (A[rows] @ C).toarray() / np.maximum(deg[rows], 1)[:, None]
            F[key + "_mine"] = share[:, inv]
    # 3: random walk with restart on the decayed graph
    strength = np.asarray(W.sum(axis=1)).ravel()
    P = (sp.diags(1 / np.maximum(strength, 1e-12)) @ W).tocsr()
    PT = P.T.tocsr()
    E = np.zeros((len(rows), n)); E[np.arange(len(rows)), rows] = 1
    for c in (0.15, 0.3, 0.5):
        key = f"rwr{int(round(c * 100))}"
        if not want(key): continue
        R = E.copy()
        for _ in range(6):
            R = c * E + (1 - c) * (PT @ R.T).T
        F[key] = R
    # 4: words of organisation names
    if want("name_cos") or want("name_partner"):
        docs = defaultdict(list); seen = set()
        for r in before:
            i = index["pic-" + r["organisationID"]]
            if (i, r["name"]) in seen: continue
            seen.add((i, r["name"]))
            docs[i] += _words(r["name"])
        Xn = _tfidf(docs, n)
        if want("name_cos"): F["name_cos"] = (Xn[rows] @ Xn.T).toarray()
        if want("name_partner"): F["name_partner"] = (_rownorm(A[rows] @ Xn) @ Xn.T).toarray()
    if want("content_partner"):
        X = D["X"]
        F["content_partner"] = (_rownorm(A[rows] @ X) @ X.T).toarray()
    # 5: programme parts and funding schemes weighted by recency
    if want("prog_rec") or want("prog_rec_cos"):
        s0 = cordis_graph.days(S)
        vocab = {}; rr, cc, vv = [], [], []
        for r in before:
            p = cordis_graph.projects.get(r["rcn"], {})
            w = 2 ** (-(s0 - cordis_graph.days(r["startDate"])) / 365.25)
            toks = []
            lb = p.get("legalBasis", "")
            if lb:
                parts = [x for x in lb.split(".") if x]
                toks += ["L:" + ".".join(parts[:k]) for k in range(1, len(parts) + 1)]
            fs = p.get("fundingScheme", "")
            if fs:
                toks.append("F:" + fs)
                if lb: toks.append("LF:" + lb + "|" + fs)
            i = index["pic-" + r["organisationID"]]
            for t in toks: rr.append(i); cc.append(vocab.setdefault(t, len(vocab))); vv.append(w)
        Lr = sp.csr_matrix((vv, (rr, cc)), shape=(n, len(vocab)))
        if want("prog_rec"):
            La = sp.diags(1 / np.maximum(np.asarray(Lr[rows].sum(axis=1)).ravel(), 1e-12)) @ Lr[rows]
            F["prog_rec"] = (La @ Lr.T).toarray()
        if want("prog_rec_cos"):
            Ln = _rownorm(Lr)
            F["prog_rec_cos"] = (Ln[rows] @ Ln.T).toarray()
    return F
