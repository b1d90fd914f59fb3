#!/usr/bin/env bash
# Import benchmark (not a timed test): 10,000 EEN XML profiles and 100,000 registration
# CSV rows into fresh databases, with the real EEN technology taxonomy loaded, vectors
# included (every import rebuilds all vectors in its transaction).
#
#   Benchmarks/imports/run.sh [XML_PROFILES] [CSV_ROWS]
#
# Builds the release binary if needed; prints wall time and peak memory per step.
set -euo pipefail
cd "$(dirname "$0")/../.."
profiles=${1:-10000}
rows=${2:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift build -c release --product clustermatch >&2
bin=.build/release/clustermatch
taxonomy=Profiles/taxonomy/een/taxonomy-technology-full.csv

python3 Benchmarks/imports/generate.py een-xml "$profiles" "$work/een.xml"
python3 Benchmarks/imports/generate.py csv "$rows" "$work/registrations.csv"

measure() {  # label, command…
    local label=$1; shift
    /usr/bin/time -f "$label: %e s wall, %U s user, %S s sys, %M KB peak" "$@" >/dev/null 2>"$work/time.txt" || { cat "$work/time.txt"; exit 1; }
    tail -1 "$work/time.txt"
}

[ -f "$taxonomy" ] && "$bin" taxonomy import "$taxonomy" --db "$work/een.sqlite" >/dev/null
measure "een-xml $profiles profiles (parse + validate + store + vectors)" "$bin" import "$work/een.xml" --db "$work/een.sqlite"
measure "een-xml $profiles profiles again (all unchanged)" "$bin" import "$work/een.xml" --db "$work/een.sqlite"
measure "een-xml $profiles profiles --dry-run on an empty db (parse + validate only)" "$bin" import "$work/een.xml" --db "$work/dry.sqlite" --dry-run
measure "registration-csv $rows rows (parse + validate + store + vectors)" "$bin" import "$work/registrations.csv" --db "$work/csv.sqlite"
measure "registration-csv $rows rows again (all unchanged)" "$bin" import "$work/registrations.csv" --db "$work/csv.sqlite"
measure "registration-csv $rows rows --dry-run on an empty db (parse + validate only)" "$bin" import "$work/registrations.csv" --db "$work/dry2.sqlite" --dry-run
head -1 "$work/registrations.csv" > "$work/one.csv"
printf 'new.person@example.org;New;Person;CTO;New Org ApS;DK;SME;"acoustic sensors";New.;;Aarhus\r\n' >> "$work/one.csv"
measure "1 new row into the $rows-row db (rebuilds every vector)" "$bin" import "$work/one.csv" --db "$work/csv.sqlite"
