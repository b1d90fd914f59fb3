#!/usr/bin/env bash
# Validates exported .ics files with an independent parser (the Python `icalendar`
# package from PyPI, in a venv under .build/). Not part of `swift test`; the Swift tests
# use a hand-written RFC 5545 checker instead.
#   scripts/validate-ics.sh DIR-WITH-ICS-FILES
set -euo pipefail
dir="${1:?usage: scripts/validate-ics.sh DIR}"
venv="$(dirname "$0")/../.build/ics-venv"
[ -x "$venv/bin/python" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q icalendar; }
"$venv/bin/python" - "$dir" <<'PY'
import sys, pathlib, icalendar
bad = 0
files = sorted(pathlib.Path(sys.argv[1]).rglob("*.ics"))
for f in files:
    cal = icalendar.Calendar.from_ical(f.read_bytes())
    method = str(cal.get("METHOD"))
    tz = [c for c in cal.walk("VTIMEZONE")]
    for ev in cal.walk("VEVENT"):
        for key in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "ORGANIZER"):
            if ev.get(key) is None:
                print(f"{f}: VEVENT without {key}"); bad += 1
        if ev.decoded("DTSTART").tzinfo is None:
            print(f"{f}: DTSTART without a time zone"); bad += 1
    if method not in ("REQUEST", "CANCEL") or not tz:
        print(f"{f}: METHOD {method}, {len(tz)} VTIMEZONE"); bad += 1
print(f"{len(files)} file(s) checked, {bad} problem(s)")
sys.exit(1 if bad else 0)
PY
