#!/usr/bin/env bash
# Issue 11's jobs as whole processes on a 100,000-participant landscape, each figure beside
# its target (and a cold match after another process's one-participant import, which follows
# the store rather than rebuilding it). Release build; lexical (CLUSTERMATCH_SEMANTIC=off). Not a test: run by hand on
# an otherwise idle machine, and give `uptime` with the figures.
#
#   Benchmarks/store/run.sh [--n 100000] [--all]   (--all also runs match-all with and without reasons: minutes)
#   CLUSTERMATCH_BIN=path Benchmarks/store/run.sh     (that binary, no build)
set -euo pipefail
cd "$(dirname "$0")/../.."
n=100000 all=0
while [ $# -gt 0 ]; do
    case "$1" in
        --n) n="$2"; shift ;;
        --all) all=1 ;;
        *) echo "usage: $0 [--n N] [--all]" >&2; exit 64 ;;
    esac
    shift
done
source Benchmarks/whole-process.sh
work="${TMPDIR:-/tmp}/clustermatch-store-bench"
mkdir -p "$work"
data="$work/landscape-$n.jsonl" db="$work/landscape-$n.sqlite"
[ -f "$data" ] || python3 Benchmarks/store/landscape.py "$n" "$data"
id=p-000123

source Benchmarks/store/measure.sh

echo "$(uptime)"
rm -f "$db" "$db-wal" "$db-shm" "$db-vectors"
row "import of $n new participants" "$(measure "$bin" import "$data" --db "$db")" "report"
row "first match (builds the store)" "$(measure "$bin" match "$id" --db "$db")" "report"
for i in 1 2 3; do
    row "match ID cold, store current ($i)" "$(measure "$bin" match "$id" --db "$db")" "<= 0.15 s, <= 400 MB"
done
row "match ID --explain cold, store current" "$(measure "$bin" match "$id" --explain --db "$db")" "-"
# Another process imports one changed participant; the next cold match follows the store
# through the change log instead of rebuilding it (docs/engine-writes.md).
for i in 1 2 3; do
    python3 Benchmarks/store/changed-participant.py "$data" $((1000 + i)) "run$$-$i" > "$work/changed.jsonl"
    "$bin" import "$work/changed.jsonl" --db "$db" > /dev/null 2>&1
    row "match ID cold after a 1-participant import ($i)" "$(measure "$bin" match "$id" --db "$db")" "report (store followed)"
done
python3 Benchmarks/store/serve-jobs.py "$bin" "$db" "$id" | sed 's/^/  /'
echo "  targets: first match.query <= 1 s; match.query after an upsert <= 0.05 s"
if [ "$all" = 1 ]; then
    row "match-all --top 10 with reasons" "$(measure "$bin" match-all --top 10 --reasons --out "$work/lists.csv" --db "$db")" "<= 45 s, <= 1536 MB"
    row "match-all --top 10 --no-reasons" "$(measure "$bin" match-all --top 10 --no-reasons --out "$work/lists-plain.csv" --db "$db")" "-"
    echo "  reasons per row: (with - without) / ($n x 10) rows; target <= 15 us"
fi
echo "$(uptime)"
