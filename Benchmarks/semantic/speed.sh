#!/bin/sh
# Speed of matching on meaning (issue 10): all-pairs top 10 with the semantic views at
# N = 20,000 against the lexical brokerage job on the same data, the import that embeds,
# and a re-import of 10,000 unchanged profiles (no embedding work).
#   swift build -c release --product clustermatch && Benchmarks/semantic/speed.sh [WORKDIR]
set -eu
BIN=${BIN:-.build/release/clustermatch}
W=${1:-.build/bench/semantic}
mkdir -p "$W"
rm -f "$W"/sem.sqlite* "$W"/re.sqlite*
uptime
python3 Benchmarks/imports/generate.py csv 20000 "$W/reg.csv" >/dev/null
python3 Benchmarks/imports/generate.py csv 10000 "$W/reg10.csv" >/dev/null
t() { s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$(echo "$e - $s" | bc) s: $*"; }
echo "== import 20,000 with the model (embeds every new text)"
t "$BIN" import "$W/reg.csv" --db "$W/sem.sqlite"
echo "== all-pairs top 10, brokerage, lexical (CLUSTERMATCH_SEMANTIC=off), same data"
for i in 1 2; do t env CLUSTERMATCH_SEMANTIC=off "$BIN" match-all --db "$W/sem.sqlite" --top 10 --no-reasons --out "$W/lexical.jsonl"; done
echo "== all-pairs top 10, brokerage, with the semantic views"
for i in 1 2; do t "$BIN" match-all --db "$W/sem.sqlite" --top 10 --no-reasons --out "$W/semantic.jsonl"; done
echo "== re-import of 10,000 unchanged profiles (the database holds them: no embedding work)"
cp "$W/sem.sqlite" "$W/re.sqlite"
t "$BIN" import "$W/reg10.csv" --db "$W/re.sqlite"
t "$BIN" import "$W/reg10.csv" --db "$W/re.sqlite"
uptime
