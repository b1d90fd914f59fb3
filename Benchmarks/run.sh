#!/usr/bin/env bash
# Matching speed against numpy and faiss-cpu, same data, same run, same machine; then the
# package-benchmark suite MatchingBenchmarks on the same generated data (BenchData).
#   Benchmarks/run.sh                  # the 20k jobs and the single-query jobs, then the suite
#   Benchmarks/run.sh --large          # also all-pairs at N=100,000 (a minute or two)
#   Benchmarks/run.sh --peers-only     # the comparison with numpy and faiss alone
#   Benchmarks/run.sh --check          # exit 2 if the suite misses a target in Thresholds/
#                                      # (without it the verdict is printed, exit 0)
# Wall-clock figures; run on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")"
large=0 suite=1 check=0
for arg in "$@"; do
    case "$arg" in
        --large) large=1 ;;
        --peers-only) suite=0 ;;
        --check) check=1 ;;
        *) echo "usage: $0 [--large] [--peers-only] [--check]" >&2; exit 64 ;;
    esac
done
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

# The three ClusterMatch jobs back to back, so their ratios compare like with like (right
# after numpy's multi-second run the next job was measured 5-10 % slower), then the peers.
run $bench allpairs --n 20000 --d 256 --k 10 --job cosine --data "$work/x20k.f32" --ids "$work/cm20k.ids"
run $bench allpairs --n 20000 --d 256 --k 10 --job reciprocal
run $bench allpairs --n 20000 --d 256 --k 10 --job brokerage
run peer allpairs "$work/x20k.f32" 20000 256 10 "$work/cm20k.ids"
run $bench query --n 100000 --d 256 --k 10 --job peers --queries 200 --data "$work/x100k.f32"
run $bench query --n 100000 --d 256 --k 10 --job brokerage --queries 200
run peer query "$work/x100k.f32" 100000 256 10 200
if [ "$large" = 1 ]; then
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

# package-benchmark: the same jobs (and generator, seeds and query rows), several iterations
# each, with percentiles, peak RSS and malloc counts. Its figures are not ratios against
# faiss: those come from the comparison above, which ran in this same run on the same data.
# The run is stored as the baseline 'run-sh' (.benchmarkBaselines/, not committed), printed,
# then checked against the targets in Thresholds/ without running again.
if [ "$suite" = 1 ]; then
    echo
    echo "package-benchmark: MatchingBenchmarks"
    export BENCH_LARGE=$large
    swift package --allow-writing-to-package-directory benchmark baseline update run-sh \
        --target MatchingBenchmarks --no-progress --quiet
    swift package benchmark baseline read run-sh --target MatchingBenchmarks --no-progress
    # The plugin exits 1 either way and names the outcome: benchmarkThresholdRegression
    # (a p90 over its target) or benchmarkThresholdImprovement (all under; its word BETTER).
    status=0
    swift package benchmark thresholds check run-sh --target MatchingBenchmarks --no-progress \
        2>&1 | tee "$work/thresholds.txt" || status=$?
    if grep -q benchmarkThresholdRegression "$work/thresholds.txt"; then
        echo "thresholds: a target in Thresholds/ was missed (p90 above it)"
        if [ "$check" = 1 ]; then exit 2; fi
    elif [ "$status" = 0 ] || grep -q benchmarkThresholdImprovement "$work/thresholds.txt"; then
        echo "thresholds: every p90 with a target in Thresholds/ is within it"
    else
        echo "thresholds: the check failed (exit $status)"
        exit "$status"
    fi
fi
