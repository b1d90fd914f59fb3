"""Signals from the columns the first two rounds ignored (issue 12, third round): who coordinated
(`role`), how much of the budget each partner got (`ecContribution`) and whether a project is
still running (`endDate`, the planned end, known when the grant is signed). Every one is
computed from the projects that started before the split only, with cordis_graph's tie weight
(decay by start date, half-life 4 years, 2/n group share) unless said otherwise.

`role_features(D, S, rows)` gives dense matrices (rows = organisations with truth, columns = all
known), keyed by name (a = the organisation whose list it is, b = a candidate, c = between):

  coord_aa     Adamic–Adar over coordinators only: a–c–b where c coordinated a project with a
               and one with b (coordinators assemble consortia: b is in c's other projects, so
               b may join a in c's next one); √(M[a,c]·M[b,c]) / ln(e + deg c);
  star_aa      Adamic–Adar on the star graph (only coordinator–member edges, not the clique):
               paths where each step goes through the project's coordinator;
  coord_pop    b's coordinated projects of two or more partners (decayed; popularity as the
               organisation that builds consortia);
  a_coord      a's coordinated projects (the same count for the row; constant in a list, it can
               only matter in combinations and the ranker);
  role_mix     r_a(1 − r_b) + r_b(1 − r_a), r = share of an organisation's projects of two or
               more partners that it coordinated (decayed): a consortium has one coordinator,
               so a coordinator's new partners are participants and a participant's include
               the next coordinator;
  live_aa      Adamic–Adar on the ties of projects still running at the split;
  end_aa       Adamic–Adar with each project weighted by how recently it ran (half-life 1 year
               from its end, 1 while running) instead of when it started;
  ending_aa    Adamic–Adar on projects ending within 12 months after the split or ended in the
               12 months before (their consortia look for a follow-up);
  live_pop     b's tie strength in running projects;  ending_pop  b's projects ending in
               [S − 12 months, S + 12 months) (partners freeing capacity);
  ec_aa        Adamic–Adar with tie strength = the smaller budget share of the two in each
               shared project (core partners weigh more than peripheral ones);
  ec_pop       b's summed budget shares (decayed: "projects' worth" of EU contribution);
  ec_eur       log of b's decayed EU contribution in euros.

Budget shares are ecContribution over the project's summed contributions (they add up to the
project's ecMaxContribution in this data); 'NA' (non-funded partners, role `partner`) counts 0.
"""
import math
from collections import defaultdict
import numpy as np
import scipy.sparse as sp
import cordis_graph


def _months(S, k):
    y, m = int(S[:4]), int(S[5:7]) - 1 + k
    return f"{y + m // 12:04d}-{m % 12 + 1:02d}" + S[7:]


def _eur(x):
    try:
        return float(x)
    except ValueError:
        return 0.0


def _projects(D, S):
    """The history's projects: {rcn: [(org index, is coordinator, budget share, euros)]}, start dates."""
    index = {x: i for i, x in enumerate(D["ids"])}
    members, start = defaultdict(dict), {}
    for r in cordis_graph.orgs:
        if r["startDate"] >= S: continue
        i = index["pic-" + r["organisationID"]]
        c, e = members[r["rcn"]].get(i, (False, 0.0))
        members[r["rcn"]][i] = (c or r["role"] == "coordinator", e + _eur(r["ecContribution"]))
        start[r["rcn"]] = r["startDate"]
    out = {}
    for g, ms in members.items():
        total = sum(e for _, e in ms.values())
        out[g] = [(i, c, e / total if total > 0 else 1 / len(ms), e) for i, (c, e) in ms.items()]
    return out, start


def _sym(rr, cc, vv, n):
    """Symmetric sparse matrix from one-way entries (duplicates add up)."""
    M = sp.csr_matrix((vv, (rr, cc)), shape=(n, n))
    return (M + M.T).tocsr()


def _aa(Wt, rows, deg):
    """Adamic–Adar as cordis_graph.features computes it: Σ_c √(w_ac·w_cb) / ln(e + deg c)."""
    Ws = Wt.sqrt()
    return (Ws[rows] @ sp.diags(1 / np.log(math.e + deg)) @ Ws).toarray()


def role_features(D, S, rows, which=None):
    """Dense third-round signal matrices for the split D (made by cordis_graph.split_data(S))."""
    n = D["n"]
    want = (lambda k: True) if which is None else (lambda k: k in which)
    deg = np.asarray(D["A"].sum(axis=1)).ravel()
    groups, start = _projects(D, S)
    ref = cordis_graph.days(max(start.values()))
    s0, lo, hi = S, _months(S, -12), _months(S, 12)
    # one pass over the projects collects every weighted edge list
    E = defaultdict(lambda: ([], [], []))
    node = defaultdict(lambda: np.zeros(n))

    def edge(key, x, y, w):
        e = E[key]; e[0].append(x); e[1].append(y); e[2].append(w)
    for g, ms in groups.items():
        p = cordis_graph.projects.get(g, {})
        end = p.get("endDate", "")
        end = end if end[:1].isdigit() else start[g]
        decay = 2 ** (-max((ref - cordis_graph.days(start[g])) / 365.25, 0) / cordis_graph.settings.half_life)
        for i, c, share, eur in ms:
            node["ec_pop"][i] += decay * share
            node["ec_eur"][i] += decay * eur
            if lo <= end < hi: node["ending_pop"][i] += 1
        if len(ms) < 2: continue
        share_w = 1 if len(ms) == 2 else 2 / len(ms)
        w = decay * share_w
        live = end >= s0
        recent = 2 ** (-max(cordis_graph.days(s0) - cordis_graph.days(end), 0) / 365.25)
        ending = lo <= end < hi
        coords = [i for i, c, _, _ in ms if c]
        for i in coords: node["coord_pop"][i] += decay
        for i, _, _, _ in ms: node["multi"][i] += decay
        for k, (x, cx, sx, _) in enumerate(ms):
            if live: node["live_pop"][x] += w * (len(ms) - 1)
            for y, cy, sy, _ in ms[k + 1:]:
                if live: edge("live", x, y, w)
                if ending: edge("ending", x, y, w)
                edge("end", x, y, recent * share_w)
                edge("ec", x, y, decay * min(sx, sy))
                if cx or cy: edge("star", x, y, w)
            for c in coords:
                if c != x: edge("coord", x, c, w)   # one-way: member x → coordinator c
    F = {}
    mat = {k: _sym(*E[k], n) for k in ("live", "ending", "end", "ec", "star") if E[k][0]}
    for key in ("live", "ending", "end", "ec", "star"):
        if want(key + "_aa"):
            F[key + "_aa"] = _aa(mat[key], rows, deg) if key in mat else np.zeros((len(rows), n))
    if want("coord_aa"):
        M = sp.csr_matrix((E["coord"][2], (E["coord"][0], E["coord"][1])), shape=(n, n)).sqrt()
        F["coord_aa"] = (M[rows] @ sp.diags(1 / np.log(math.e + deg)) @ M.T).toarray()
    node["ec_eur"] = np.log1p(node["ec_eur"])
    if want("role_mix"):
        r = node["coord_pop"] / np.maximum(node["multi"], 1e-12)
        F["role_mix"] = r[rows][:, None] * (1 - r[None, :]) + (1 - r[rows][:, None]) * r[None, :]
    for key in ("coord_pop", "live_pop", "ending_pop", "ec_pop", "ec_eur"):
        if want(key): F[key] = np.broadcast_to(node[key], (len(rows), n)).copy()
    if want("a_coord"):
        F["a_coord"] = np.broadcast_to(node["coord_pop"][rows][:, None], (len(rows), n)).copy()
    return F
