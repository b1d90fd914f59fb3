#!/bin/sh
# Whole-command time of `consortium build` over 10,000 participants, a call of 10 needs and
# consortia of up to 8 (release binary). Data and database are kept under .build/bench/.
# Usage: swift build -c release --product clustermatch && Benchmarks/consortium/speed.sh [RUNS]
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CLI=${CLI:-$ROOT/.build/release/clustermatch}
WORK=$ROOT/.build/bench/consortium
RUNS=${1:-5}
mkdir -p "$WORK"
if [ ! -f "$WORK/p10000.sqlite" ]; then
    python3 "$ROOT/Benchmarks/consortium/generate.py" participants 10000 "$WORK/p10000.jsonl"
    "$CLI" import "$WORK/p10000.jsonl" --db "$WORK/p10000.sqlite" > /dev/null
fi
for seed in 5 8; do  # 10 needs; seed 5: 3–8 partners, seed 8: 4–8 partners and 4 countries
    python3 "$ROOT/Benchmarks/consortium/generate.py" call $seed 10 "$WORK/speed-call-$seed.json"
    echo "call $seed (10 needs), load $(cut -d' ' -f1 /proc/loadavg):"
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "  %e s wall, %U s user, %M KB peak" "$CLI" consortium build "$WORK/speed-call-$seed.json" \
            --db "$WORK/p10000.sqlite" --format json > "$WORK/speed-out-$seed.json"
    done
done
