#!/usr/bin/env bash
# Issue 11's semantic column as whole processes, each figure beside its target: cold
# `match ID` with the store current, `serve`'s first `match.query`, `participant.upsert` of
# one participant (one new keyword: one new text to embed) then `match.query`, and with
# --all `match-all --top 10` with reasons. Release build, matching on meaning on (the model
# of this checkout, Profiles/models). Not a test: give `uptime` with the figures.
#
#   Benchmarks/store/run-semantic.sh DB ID [--all]
#
# DB: a database whose participants have their semantic views (imported with the model
# installed, or after `clustermatch vectors --embed`); it is copied first (the copy is
# written to: its store is built, the service upserts), the original is left as it is.
# CLUSTERMATCH_BIN=path runs that binary without building.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -ge 2 ] || { echo "usage: $0 DB ID [--all]" >&2; exit 64; }
source_db="$1" id="$2" all=0
[ "${3:-}" = "--all" ] && all=1
source Benchmarks/whole-process.sh
unset CLUSTERMATCH_SEMANTIC
export CLUSTERMATCH_MODEL="$PWD/Profiles/models/all-MiniLM-L6-v2"
work="${TMPDIR:-/tmp}/clustermatch-semstore-bench"
mkdir -p "$work"
db="$work/copy.sqlite"
rm -f "$db" "$db-wal" "$db-shm" "$db-vectors"
cp "$source_db" "$db"

source Benchmarks/store/measure.sh

echo "$(uptime)"
row "first match (builds the store, semantic views included)" "$(measure "$bin" match "$id" --db "$db")" "report"
ls -l "$db-vectors" | awk '{ printf "  store: %d MB\n", $5 / 1048576 }'
for i in 1 2 3; do
    row "match ID cold, store current ($i)" "$(measure "$bin" match "$id" --db "$db")" "<= 0.25 s, <= 700 MB"
done
row "match ID --explain cold, store current" "$(measure "$bin" match "$id" --explain --db "$db")" "-"
python3 Benchmarks/store/serve-jobs.py "$bin" "$db" "$id" | sed 's/^/  /'
echo "  targets: first match.query <= 1.5 s; match.query after an upsert <= 0.08 s (with embedding)"
if [ "$all" = 1 ]; then
    # The service's writes left the store stale: the next process rebuilds it first.
    "$bin" match "$id" --db "$db" > /dev/null
    row "match-all --top 10 with reasons" "$(measure "$bin" match-all --top 10 --reasons --out "$work/lists.csv" --db "$db")" "<= 100 s, <= 2048 MB"
fi
echo "$(uptime)"
