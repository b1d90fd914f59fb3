#!/bin/sh
# Whole-command time of `event plan` with round tables: 300 participants, 3 sessions of 12
# tables (4–8 seats), automatic themes, one-to-one meetings beside them (release binary), and
# the seating's share of its upper bound (roundTableStats in the schedule). The database
# holds the 1,000 participants of Benchmarks/consortium/generate.py; kept under .build/bench/.
# Usage: swift build -c release --product clustermatch && Benchmarks/roundtables/speed.sh [RUNS]
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CLI=${CLI:-$ROOT/.build/release/clustermatch}
WORK=$ROOT/.build/bench/roundtables
RUNS=${1:-5}
mkdir -p "$WORK"
if [ ! -f "$WORK/p1000.sqlite" ]; then
    python3 "$ROOT/Benchmarks/consortium/generate.py" participants 1000 "$WORK/p1000.jsonl"
    "$CLI" import "$WORK/p1000.jsonl" --db "$WORK/p1000.sqlite" > /dev/null
fi
python3 "$ROOT/Benchmarks/roundtables/generate-event.py" 1 300 3 12 4 8 1 "$WORK/event-300.json"
echo "300 participants, 3 sessions x 12 tables, load $(cut -d' ' -f1 /proc/loadavg), semantic ${CLUSTERMATCH_SEMANTIC:-on}:"
for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "  %e s wall, %U s user, %M KB peak" "$CLI" event plan "$WORK/event-300.json" \
        --db "$WORK/p1000.sqlite" --format json > "$WORK/schedule-300.json"
done
python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["roundTableStats"]; print("  seating: objective %(objective)s of upper bound %(upperBound)s, gap %(gap)s; %(tables)s tables, %(seated)s seated, %(unseated)s unseated" % s)' "$WORK/schedule-300.json"
