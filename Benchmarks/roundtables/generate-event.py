#!/usr/bin/env python3
"""Writes a round-table benchmark event over participants of Benchmarks/consortium/generate.py.

    generate-event.py SEED N SESSIONS TABLES MIN MAX PER FILE

N participants drawn (by SEED) from p00000…p00999, slots of 20 minutes from 09:00 to 17:00,
10 one-to-one tables per slot, SESSIONS round-table sessions of an hour from 10:00 (one every
two hours), TABLES tables per session, size MIN…MAX, "themes": "auto", perParticipant PER;
one in five participants is away for part of the day. Deterministic: same arguments, same bytes.
"""
import json
import random
import sys


def main(seed, n, sessions, tables, lo, hi, per, path):
    rnd = random.Random(seed)
    ids = sorted(rnd.sample([f"p{i:05d}" for i in range(1000)], n))
    slots = []
    for k in range(24):
        minutes = 9 * 60 + 20 * k
        slots.append({"id": f"s{k + 1:02d}", "start": f"2026-03-10T{minutes // 60:02d}:{minutes % 60:02d}:00+01:00", "minutes": 20})
    people = []
    for pid in ids:
        p = {"id": pid}
        if rnd.random() < 0.2:
            cut = rnd.randint(4, 20)
            p["available"] = [s["id"] for s in (slots[:cut] if rnd.random() < 0.5 else slots[cut:])]
        people.append(p)
    rt = {"sessions": [{"id": f"rt{j + 1}", "start": f"2026-03-10T{10 + 2 * j:02d}:00:00+01:00",
                        "end": f"2026-03-10T{11 + 2 * j:02d}:00:00+01:00"} for j in range(sessions)],
          "tables": tables, "size": {"min": lo, "max": hi}, "themes": "auto", "perParticipant": per}
    event = {"id": f"rt-bench-{seed}", "name": f"Round-table benchmark {seed}", "timezone": "Europe/Copenhagen",
             "slots": slots, "tables": 10, "participants": people, "candidates": {"profile": "brokerage", "top": 15},
             "options": {"stamp": "2026-03-01T12:00:00Z"}, "roundTables": rt}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(event, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    a = sys.argv[1:]
    main(int(a[0]), int(a[1]), int(a[2]), int(a[3]), int(a[4]), int(a[5]), int(a[6]), a[7])
