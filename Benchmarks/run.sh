#!/usr/bin/env bash
# Matching speed against numpy and faiss-cpu, same data, same run, same machine.
#   Benchmarks/run.sh            # the 20k jobs and the single-query jobs
#   Benchmarks/run.sh --large    # also all-pairs at N=100,000 (about a minute)
# Wall-clock figures; run on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")"
../scripts/setup.sh
work="${TMPDIR:-/tmp}/clustermatch-bench"
mkdir -p "$work"
if [ ! -x "$work/venv/bin/python" ]; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install -q numpy faiss-cpu
fi
py="$work/venv/bin/python"
swift build -c release --product matching-bench >&2
bench=.build/release/matching-bench
results="$work/results.jsonl"
: > "$results"

run() { "$@" | tee -a "$results"; }

# numpy's OpenBLAS is slowed by the core-type overrides some machines set for older builds.
peer() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$py" peers.py "$@"; }

run $bench allpairs --n 20000 --d 256 --k 10 --job cosine --data "$work/x20k.f32" --ids "$work/cm20k.ids"
run peer allpairs "$work/x20k.f32" 20000 256 10 "$work/cm20k.ids"
run $bench allpairs --n 20000 --d 256 --k 10 --job reciprocal
run $bench allpairs --n 20000 --d 256 --k 10 --job brokerage
run $bench query --n 100000 --d 256 --k 10 --job peers --queries 200 --data "$work/x100k.f32"
run $bench query --n 100000 --d 256 --k 10 --job brokerage --queries 200
run peer query "$work/x100k.f32" 100000 256 10 200
if [ "${1:-}" = "--large" ]; then
    run $bench allpairs --n 100000 --d 256 --k 10 --job cosine
fi

"$py" - "$results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
def get(tool, job, key):
    for r in rows:
        if r["tool"] == tool and r["job"] == job:
            return r.get(key)
cm, fa = get("clustermatch", "allpairs-cosine", "seconds"), get("faiss", "allpairs-cosine", "seconds")
rec, bro = get("clustermatch", "allpairs-reciprocal", "seconds"), get("clustermatch", "allpairs-brokerage", "seconds")
print("\nsummary")
if cm and fa: print(f"  all-pairs cosine N=20k: clustermatch {cm:.2f} s, faiss {fa:.2f} s, ratio {cm/fa:.2f} (target <= 0.6)")
if cm and rec: print(f"  reciprocal / cosine: {rec/cm:.2f} (target <= 2); brokerage / cosine: {bro/cm:.2f}")
for job, target in [("query-peers", 5), ("query-brokerage", 12)]:
    v = get("clustermatch", job, "median_ms")
    if v: print(f"  {job} N=100k: median {v:.2f} ms (target <= {target} ms); faiss {get('faiss', 'query-peers', 'median_ms')} ms")
PY
