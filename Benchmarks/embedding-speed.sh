#!/usr/bin/env bash
# Sentence-embedding speed: ClusterMatch's encoder (Swift over cblas_sgemm) against the
# repository's numpy reference (scripts/embedding-reference.py: float32, batches of 64 in input
# order padded to the longest text, GELU with scipy's erf), on the same statements of about 45
# tokens, in the same run. Target (issue 10): Swift >= 3 x numpy's statements per second.
#   Benchmarks/embedding-speed.sh [N]      # N statements (default 1000)
#   BASELINE=old/clustermatch Benchmarks/embedding-speed.sh [N]   # also an older build, alternately
# Prints one JSON line per run, the machine's load before and after, the ratios, and the
# smallest cosine between the two engines' vectors (they must agree, not just be fast).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000}"
scripts/setup.sh
work="${TMPDIR:-/tmp}/clustermatch-bench"
mkdir -p "$work"
if [ ! -x "$work/venv/bin/python" ]; then python3 -m venv "$work/venv"; fi
py="$work/venv/bin/python"
"$py" -c "import numpy, scipy, tokenizers" 2>/dev/null || "$work/venv/bin/pip" install -q numpy scipy tokenizers
swift build -c release --product clustermatch >&2
cm=.build/release/clustermatch
statements="$work/statements.txt"
"$py" scripts/embedding-reference.py statements "$n" > "$statements"

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
model="$PWD/Profiles/models/all-MiniLM-L6-v2"
swift_run() {  # parallelism [binary engine] → a JSON line
    local log bin="${2:-$cm}" engine="${3:-swift}"
    log=$(CLUSTERMATCH_MODEL="$model" "$bin" embed --parallelism "$1" --output "$work/$engine.f32" < "$statements" 2>&1 >/dev/null)
    echo "$log" | "$py" -c '
import json, re, sys
m = re.search(r"embedded (\d+) texts \((\d+) tokens\) in ([\d.]+) s", sys.stdin.read())
n, tokens, s = int(m[1]), int(m[2]), float(m[3])
print(json.dumps({"engine": sys.argv[2], "parallelism": sys.argv[1], "statements": n, "tokens": tokens,
                  "seconds": s, "statementsPerSecond": round(n / s, 1), "load": open("/proc/loadavg").read().split()[0]}))' "$1" "$engine"
}
baseline_run() { if [ -n "${BASELINE:-}" ]; then swift_run batchesOnCores "$BASELINE" baseline; fi; }
{
    baseline_run
    swift_run batchesOnCores
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$py" scripts/embedding-reference.py benchmark "$statements" \
        Profiles/models/all-MiniLM-L6-v2 "$work/numpy.f32"
    swift_run blasThreads
    baseline_run
    swift_run batchesOnCores
} | tee "$work/embedding-results.jsonl"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$py" - "$work" <<'PY'
import json, sys
import numpy as np
work = sys.argv[1]
runs = [json.loads(l) for l in open(f"{work}/embedding-results.jsonl")]
numpy_rate = next(r["statementsPerSecond"] for r in runs if r["engine"] == "numpy")
for r in runs:
    if r["engine"] != "numpy":
        print(f"{r['engine']:8} {r['parallelism']:15} {r['statementsPerSecond']:7.1f} statements/s = {r['statementsPerSecond'] / numpy_rate:.2f} x numpy ({numpy_rate} statements/s)")
a = np.fromfile(f"{work}/numpy.f32", "<f4").reshape(-1, 384)
for engine in ("swift", "baseline"):
    try:
        b = np.fromfile(f"{work}/{engine}.f32", "<f4").reshape(-1, 384)
    except FileNotFoundError:
        continue
    print(f"smallest cosine {engine} vs numpy over {len(a)} statements: {(a * b).sum(1).min():.7f}")
PY
