"""The planner's round-table objective, recomputed from a schedule's tables: shared by
roundtables-highs.py and roundtables-bound.py (issue 13 §2)."""


def seating_value(inst, tables, index, theme_index):
    """The planner's objective of these tables (RoundTableProblem.value summed)."""
    w = 1.0 / (inst["maxSize"] - 1) if inst["maxSize"] > 1 else 0.0
    pair = {(a, b): s for a, b, s in inst["pairs"]}
    fit_part = pair_part = 0.0
    for t in tables:
        members = sorted(index[m] for m in t["members"])
        th = theme_index[t["theme"]]
        fit_part += sum(inst["fit"][p][th] for p in members)
        for i, p in enumerate(members):
            for q in members[i + 1:]:
                pair_part += 2 * w * pair.get((p, q), 0.0)
    return fit_part + pair_part, fit_part, pair_part
