#!/usr/bin/env bash
# Same outputs before and after a refactoring: runs one clustermatch binary through the demo
# landscape and writes everything it prints or writes into a folder; --compare diffs two such
# folders.
#
#   Benchmarks/same-outputs.sh BINARY OUTDIR     run BINARY, write its outputs to OUTDIR (replaced)
#   Benchmarks/same-outputs.sh --compare A B     diff two output folders; exit 0 when identical
#
# What runs, in one database, in this order: taxonomy and participant import (and a second
# import that changes nothing), the demo, match-all (brokerage and peers, CSV and JSON Lines,
# with and without reasons), match / explain / clusters / participants / taxonomy queries in
# every output format (including refused filters and excluded pairs), event plan, replan and
# export on an event made of demo participants, a scripted `serve` session (system.info,
# queries, explanations, errors, upsert and delete), and last the erasure of a participant.
#
# Each command writes NN-name.out (stdout), NN-name.err (stderr) and NN-name.rc (exit code).
# Commands run inside OUTDIR/work with relative paths; where an output still names that folder
# it says WORK, and the binary's own path says BINARY. Timings ("in 0.12 s") on stderr say
# "in T s".
# The inputs are this repository's Profiles/ (default taxonomy, demo landscape, scoring
# profiles): CLUSTERMATCH_PROFILES points there unless it is set already.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"

if [[ "${1:-}" == "--compare" ]]; then
    [[ $# -eq 3 ]] || { echo "usage: $0 --compare DIR_A DIR_B" >&2; exit 64; }
    if diff -r --exclude='*.sqlite' --exclude='*.sqlite-wal' --exclude='*.sqlite-shm' --exclude='*.sqlite-vectors' "$2" "$3"; then
        echo "same outputs: $2 and $3 are identical ($(find "$2" -type f ! -name '*.sqlite*' | wc -l) files)" >&2
        exit 0
    else
        echo "outputs differ (diff above)" >&2
        exit 1
    fi
fi

[[ $# -eq 2 ]] || { echo "usage: $0 BINARY OUTDIR | $0 --compare DIR_A DIR_B" >&2; exit 64; }
bin="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
[[ -x "$bin" ]] || { echo "$1: not an executable" >&2; exit 66; }
out="$2"
rm -rf "$out"
mkdir -p "$out/work"
out="$(cd "$out" && pwd)"
export CLUSTERMATCH_PROFILES="${CLUSTERMATCH_PROFILES:-$repo/Profiles}"
export CLUSTERMATCH_DB=demo.sqlite
unset CLUSTERMATCH_ALLPAIRS_KERNEL

cd "$out/work"
cp "$CLUSTERMATCH_PROFILES/taxonomy/clustermatch-competences.csv" taxonomy.csv
cp "$CLUSTERMATCH_PROFILES/demo/landscape.jsonl" landscape.jsonl

n=0
# record BASE RC: the outputs without what differs between two runs (the folder, the binary's
# path, timings on stderr), and the exit code.
record() {
    sed -e "s#$out/work#WORK#g" -e "s#$bin#BINARY#g" "$1.rawout" > "$1.out"
    sed -E -e 's/[0-9]+(\.[0-9]+)? s\b/T s/g' -e "s#$out/work#WORK#g" -e "s#$bin#BINARY#g" "$1.raw" > "$1.err"
    rm "$1.rawout" "$1.raw"
    echo "$2" > "$1.rc"
}
# run NAME ARGS…: runs the binary with ARGS, records stdout, stderr (timings masked) and the exit code.
run() {
    local name="$1"; shift
    n=$((n + 1))
    local base
    base="$(printf '%s/%02d-%s' "$out" "$n" "$name")"
    local rc=0
    "$bin" "$@" > "$base.rawout" 2> "$base.raw" || rc=$?
    record "$base" "$rc"
}
# run_stdin NAME FILE ARGS…: the same, with FILE on stdin.
run_stdin() {
    local name="$1" input="$2"; shift 2
    n=$((n + 1))
    local base
    base="$(printf '%s/%02d-%s' "$out" "$n" "$name")"
    local rc=0
    "$bin" "$@" < "$input" > "$base.rawout" 2> "$base.raw" || rc=$?
    record "$base" "$rc"
}

# Import.
run taxonomy-import taxonomy import taxonomy.csv --namespace cm
run import import landscape.jsonl
run import-again import landscape.jsonl --format json
run import-dry-run import landscape.jsonl --dry-run
run doctor-counts participants list --limit 5 --offset 100 --format csv

# Refused imports: nothing is stored.
printf 'Email;Name;Country\nanna@example.dk;Anna;DK\nnot-an-address;Bo;Atlantis\n' > registrations.csv
printf 'this is neither JSON nor CSV\n' > unknown.txt
printf '{"id": "x-1", "kind": "company", "name": "X", "country": "DK"}\n{"id": "x-2"\n' > broken.jsonl
run import-invalid import registrations.csv
run import-unknown-format import unknown.txt
run import-broken import broken.jsonl
run import-skip-invalid-dry import registrations.csv --skip-invalid --dry-run --format json

# The demo builds its own database (the console output and the CSV).
run demo demo --out demo

# Every participant's list.
run match-all-brokerage-csv match-all --top 10 --out brokerage.csv
run match-all-brokerage-jsonl match-all --top 10 --out brokerage.jsonl
run match-all-peers-csv match-all --top 5 --profile peers --out peers.csv
run match-all-peers-jsonl match-all --top 5 --profile peers --out peers.jsonl --no-reasons
run match-all-research match-all --top 3 --profile research --out research.txt --format csv
run match-all-top0 match-all --top 0 --out nothing.csv

# Single lists.
run match-table match dk-sound-0001
run match-explain match dk-sound-0001 --explain
run match-json match dk-food-0001 --explain --format json --top 5
run match-csv match dk-robotics-0015 --explain --format csv --top 5
run match-filters match dk-sound-0001 --country SE,DE --size small,medium --kind company --top 5
run match-cluster-filter match dk-food-0012 --cluster nl-agrifood --exclude nl-agrifood-0008 --top 5
run match-research match dk-food-0001 --profile research --top 5
run match-peers-file match dk-energy-0008 --profile "$CLUSTERMATCH_PROFILES/scoring/peers.json" --top 3
run match-adhoc match --offers "vision-guided robot picking" --needs "pork cutting line pilot" --top 5 --explain
run match-adhoc-json match --text "hearing aids" --keywords "MEMS microphones,audiology" --codes 01002 --format json --top 3
run match-bad-kind match dk-sound-0001 --kind robot
run match-bad-country match dk-sound-0001 --country XX
run match-bad-size match dk-sound-0001 --size huge
run match-unknown match nobody-0001
run match-unknown-profile match dk-sound-0001 --profile nonesuch
run match-both match dk-sound-0001 --text "sensors"
run match-nothing match

# Pairs.
run explain-table explain dk-sound-0001 dk-sound-0002
run explain-json explain dk-sound-0001 dk-sound-0002 --format json
run explain-csv explain dk-food-0001 dk-robotics-0015 --format csv
run explain-excluded explain dk-sound-0001 dk-sound-0002 --profile research
run explain-cluster explain dk-food dk-food-0001
for a in dk-food-0012 dk-energy-0028 se-robotics-0021 nl-agrifood-0028 de-hearing-0020; do
    for b in dk-robotics-0035 dk-lifescience-0036 no-ocean-0017; do
        run "explain-$a-$b" explain "$a" "$b"
    done
done
run explain-one-sided explain de-hearing-0005 de-hearing-0010
run explain-one-sided-json explain de-hearing-0005 de-hearing-0010 --format json
run explain-one-sided-back explain de-hearing-0010 de-hearing-0005
run explain-same explain dk-sound-0001 dk-sound-0001
run explain-unknown explain dk-sound-0001 nobody-0001

# Clusters.
run clusters-list clusters list
run clusters-list-json clusters list --format json
run clusters-list-csv clusters list --format csv
run clusters-match clusters match dk-food
run clusters-match-json clusters match dk-sound --format json --pairs 2
run clusters-match-csv clusters match de-hearing --format csv --same-country
run clusters-match-unknown clusters match nowhere

# Participants and taxonomy.
run participants-list participants list --limit 20
run participants-list-json participants list --limit 3 --offset 7 --format json
run participants-show participants show dk-sound-0001
run participants-show-json participants show dk-food-0001 --format json
run participants-show-csv participants show de-hearing --format csv
run participants-show-unknown participants show nobody-0001
run participants-export participants export
run personal-data participants personal-data dk-sound-0003
run taxonomy-list taxonomy list
run taxonomy-terms taxonomy list --namespace cm --format csv
run taxonomy-unknown taxonomy list --namespace nonesuch
run taxonomy-show taxonomy show 01002004
run taxonomy-show-json taxonomy show cm:07007002 --format json
run taxonomy-show-unknown taxonomy show 99999
run vectors vectors

# An event of demo participants.
cat > event.json <<'EOF'
{"id": "demo-2026", "name": "Demo Brokerage 2026", "timezone": "Europe/Copenhagen",
 "slots": {"minutes": 20, "days": [{"date": "2026-05-12", "start": "09:00", "end": "11:00"}]},
 "tables": 4,
 "participants": [{"id": "dk-sound-0001"}, {"id": "dk-sound-0002"}, {"id": "dk-sound-0009"},
                  {"id": "de-hearing-0001"}, {"id": "de-hearing-0020"}, {"id": "dk-food-0001"},
                  {"id": "dk-food-0012"}, {"id": "nl-agrifood-0008"}, {"id": "nl-agrifood-0028"},
                  {"id": "dk-robotics-0015"}, {"id": "se-robotics-0001"}, {"id": "se-robotics-0021"},
                  {"id": "dk-lifescience-0016"}, {"id": "dk-energy-0008", "available": ["s01", "s02", "s03"]},
                  {"id": "no-ocean-0017"}, {"id": "dk-digital-0019"}],
 "requests": [{"from": "dk-sound-0001", "to": "de-hearing-0001", "status": "accepted"},
              {"from": "dk-food-0001", "to": "dk-robotics-0015", "status": "pending"},
              {"from": "nl-agrifood-0008", "to": "dk-food-0012", "status": "declined"}],
 "candidates": "auto",
 "options": {"seed": 7, "stamp": "2026-05-01T12:00:00Z"}}
EOF
sed -e 's/, {"id": "dk-digital-0019"}//' -e 's/"2026-05-01T12:00:00Z"/"2026-05-02T12:00:00Z"/' event.json > event-replan.json
run event-plan-table event plan event.json
run event-plan-json event plan event.json --format json
run event-plan-csv event plan event.json --format csv
run event-plan-out event plan event.json --out plan
run event-replan event replan event-replan.json --previous plan/schedule.json --out replan
run event-export-csv event export replan/schedule.json --format csv --out export-csv
run event-export-ics event export replan/schedule.json --format ics --out export-ics
run event-export-html event export replan/schedule.json --format html --out export-html
run event-export-json event export plan/schedule.json --format json --out export-json
run event-plan-missing event plan missing-event.json

# The service: a scripted session, errors included.
cat > serve.jsonl <<'EOF'
{"jsonrpc": "2.0", "id": 1, "method": "system.info"}
{"jsonrpc": "2.0", "id": 2, "method": "match.query", "params": {"id": "dk-sound-0001", "top": 3, "explain": true}}
{"jsonrpc": "2.0", "id": 3, "method": "match.query", "params": {"id": "dk-food-0001", "top": 5, "profile": "peers", "filters": {"countries": ["SE", "DK"], "sizeBands": ["small", "medium"], "kinds": ["company"]}}}
{"jsonrpc": "2.0", "id": 4, "method": "match.query", "params": {"query": {"text": "acoustic sensors for hearing aids", "needs": ["machine learning"], "kind": "company", "country": "DK"}, "top": 3, "explain": true}}
{"jsonrpc": "2.0", "id": 5, "method": "match.query", "params": {"id": "dk-sound-0001", "top": 0, "filters": {"kinds": ["robot"], "countries": ["XX"], "sizeBands": ["huge"]}}}
{"jsonrpc": "2.0", "id": 6, "method": "match.query", "params": {"query": {"kind": "robot", "country": "XX"}}}
{"jsonrpc": "2.0", "id": 7, "method": "match.explain", "params": {"a": "dk-sound-0001", "b": "dk-sound-0002"}}
{"jsonrpc": "2.0", "id": 8, "method": "match.explain", "params": {"a": "dk-sound-0001", "b": "dk-sound-0002", "profile": "research"}}
{"jsonrpc": "2.0", "id": 9, "method": "match.explain", "params": {"a": "dk-food-0012", "b": "no-ocean-0017"}}
{"jsonrpc": "2.0", "id": 10, "method": "match.explain", "params": {"a": "dk-sound-0001", "b": "dk-sound-0001"}}
{"jsonrpc": "2.0", "id": 11, "method": "match.explain", "params": {"a": "dk-sound-0001", "b": "nobody-0001"}}
{"jsonrpc": "2.0", "id": 12, "method": "cluster.list"}
{"jsonrpc": "2.0", "id": 13, "method": "cluster.match", "params": {"id": "dk-food", "top": 3, "pairs": 2}}
{"jsonrpc": "2.0", "id": 14, "method": "participant.get", "params": {"id": "dk-sound-0009"}}
{"jsonrpc": "2.0", "id": 15, "method": "participant.get", "params": {"id": "nobody-0001"}}
{"jsonrpc": "2.0", "id": 16, "method": "participant.list", "params": {"limit": 2, "offset": 523}}
{"jsonrpc": "2.0", "id": 17, "method": "taxonomy.get", "params": {"code": "01002004"}}
{"jsonrpc": "2.0", "id": 18, "method": "taxonomy.get", "params": {"namespace": "nonesuch"}}
{"jsonrpc": "2.0", "id": 19, "method": "event.plan", "params": {"path": "event.json"}}
{"jsonrpc": "2.0", "id": 20, "method": "participant.upsert", "params": {"participant": {"id": "fi-ml-0001", "kind": "company", "name": "Oulu Learning Oy", "country": "FI", "keywords": ["machine learning"], "offers": [{"keywords": ["machine learning for audio"]}], "needs": [{"codes": ["01002004"]}]}}}
{"jsonrpc": "2.0", "id": 21, "method": "match.query", "params": {"id": "fi-ml-0001", "top": 3}}
{"jsonrpc": "2.0", "id": 22, "method": "participant.delete", "params": {"id": "fi-ml-0001"}}
{"jsonrpc": "2.0", "id": 23, "method": "participant.delete", "params": {"id": "fi-ml-0001"}}
{"jsonrpc": "2.0", "id": 24, "method": "match.query", "params": {"id": "fi-ml-0001"}}
{"jsonrpc": "2.0", "id": 25, "method": "no.such.method"}
{"jsonrpc": "2.0", "id": 26, "method": "match.query", "params": [1, 2]}
{"jsonrpc": "2.0", "id": 27, "method": "match.query", "params": {"id": "dk-sound-0001", "profile": "nonesuch"}}
[{"jsonrpc": "2.0", "id": 28, "method": "participant.get", "params": {"id": "dk-food"}}, {"jsonrpc": "2.0", "method": "system.info"}]
{"jsonrpc": "2.0", "id": 29, "method": broken
{"jsonrpc": "2.0", "id": 31, "method": "import.file", "params": {"path": "registrations.csv", "dryRun": true}}
{"jsonrpc": "2.0", "id": 32, "method": "import.file", "params": {"path": "unknown.txt"}}
{"jsonrpc": "2.0", "id": 33, "method": "import.file", "params": {"path": "broken.jsonl"}}
{"jsonrpc": "2.0", "id": 34, "method": "match.explain", "params": {"a": "de-hearing-0005", "b": "de-hearing-0010"}}
{"jsonrpc": "2.0", "id": 35, "method": "cluster.match", "params": {"id": "nowhere"}}
{"jsonrpc": "2.0", "id": 36, "method": "taxonomy.get", "params": {"code": "99999"}}
{"jsonrpc": "2.0", "id": 30, "method": "shutdown"}
EOF
cp demo.sqlite serve.sqlite
run_stdin serve serve.jsonl serve --db serve.sqlite

# Erasure last: a participant in a stored schedule, then what is left of it.
run event-plan-stored event plan event.json --out plan-stored
run erase participants delete dk-sound-0001
run erase-again participants delete dk-sound-0001
run personal-data-after participants personal-data dk-sound-0001
run personal-data-partner participants personal-data de-hearing-0001
run match-after-erase match de-hearing-0001 --top 5
run replan-after-erase event replan event.json --previous plan-stored/schedule.json --out replan-after-erase
run personal-data-after-replan participants personal-data de-hearing-0001
run export-after-erase participants export --out after-erase.jsonl
run backup backup backup.sqlite
run backup-exists backup backup.sqlite
run demo-not-ours demo --db demo.sqlite --out demo-again
run vectors-set vectors --dimension 512
run vectors-bad vectors --dimension 8

echo "wrote $n commands' outputs to $out" >&2
