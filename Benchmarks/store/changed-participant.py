#!/usr/bin/env python3
"""Prints one participant of a landscape (JSON Lines) with one keyword added: what another
process imports before the "cold match after a write" jobs of Benchmarks/store/run.sh.

    changed-participant.py LANDSCAPE.jsonl LINE TAG > one.jsonl
"""
import json
import sys

path, line, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path, encoding="utf-8") as f:
    for number, text in enumerate(f, 1):
        if number == line:
            participant = json.loads(text)
            participant["keywords"] = participant.get("keywords", []) + ["zymurgy " + tag]
            print(json.dumps(participant))
            break
    else:
        sys.exit(f"{path} has fewer than {line} lines")
