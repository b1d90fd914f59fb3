#!/usr/bin/env python3
"""Writes a landscape of participants for the vector-store benchmark (issue 11): canonical
participant JSON Lines with taxonomy codes (the shipped ClusterMatch competences), keywords,
offer and need titles and texts, in eight sectors, EEN-like in shape.

    landscape.py N FILE [--own-vectors FRACTION] [--dimension E]

`--own-vectors 0.1` gives every tenth participant its own E-number vector (default E 256);
the default gives none (the lexical landscape). Deterministic: the same arguments give the
same bytes.
"""
import csv
import json
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TAXONOMY = os.path.join(ROOT, "Profiles", "taxonomy", "clustermatch-competences.csv")

SECTORS = {
    "sound": ["acoustic sensors", "MEMS microphones", "hearing aids", "room acoustics", "psychoacoustics", "audio codecs",
              "loudspeakers", "noise reduction", "audiology", "sound quality"],
    "robotics": ["robot grippers", "computer vision", "drones", "lidar", "motion planning", "collaborative robots",
                 "robot picking", "autonomous vehicles", "machine vision", "industrial automation"],
    "health": ["medical imaging", "biosensors", "diagnostics", "clinical trials", "digital health", "telemedicine",
               "drug delivery", "wearables", "rehabilitation", "hearing diagnostics"],
    "energy": ["wind turbines", "solar cells", "hydrogen", "electrolysers", "battery recycling", "smart grids",
               "heat pumps", "energy storage", "power electronics", "district heating"],
    "food": ["food processing", "packaging", "food safety", "cold chain", "plant proteins", "fermentation",
             "aquaculture", "precision farming", "bio plastics", "food waste"],
    "digital": ["machine learning", "edge computing", "cybersecurity", "digital twins", "5G", "cloud platforms",
                "data spaces", "predictive maintenance", "natural language processing", "blockchain"],
    "water": ["water treatment", "desalination", "membrane filtration", "leak detection", "wastewater", "irrigation",
              "water quality sensors", "stormwater", "sludge treatment", "smart metering"],
    "materials": ["composites", "additive manufacturing", "coatings", "nanomaterials", "recycled plastics", "ceramics",
                  "lightweight alloys", "textiles", "adhesives", "surface treatment"],
}
COUNTRIES = ["DK", "DE", "SE", "FR", "ES", "IT", "NL", "PL", "NO", "FI", "BE", "AT", "PT", "IE", "EL", "CZ"]
KINDS = ["company"] * 14 + ["researcher", "knowledge-institution", "public-body"]
VERBS = ["develops", "builds", "tests", "integrates", "supplies", "designs", "validates", "scales up"]
SEEKS = ["looks for", "needs", "seeks partners for", "wants to license", "wants to co-develop"]
TYPES = ["BO", "BR", "TO", "TR", "RDR"]


def codes():
    with open(TAXONOMY, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["Code"] for r in rows if r["Level"] != "1"]


def participant(i, rnd, all_codes, sectors, own, dimension):
    sector = sectors[i % len(sectors)]
    words = SECTORS[sector]
    other = SECTORS[sectors[(i * 7 + 3) % len(sectors)]]
    kind = rnd.choice(KINDS)
    country = rnd.choice(COUNTRIES)
    offers_kw = rnd.sample(words, 2)
    needs_kw = rnd.sample(other, 2)
    p = {
        "id": f"p-{i:06d}",
        "kind": kind,
        "name": f"{sector.title()} {kind.replace('-', ' ')} {i}",
        "country": country,
        "organisation": f"Organisation {i // 3}",
        "competences": [{"code": c, "weight": round(1.0 - 0.2 * k, 1)} for k, c in enumerate(rnd.sample(all_codes, 3))],
        "keywords": rnd.sample(words, 3) + rnd.sample(other, 1),
        "description": f"{sector.title()} {kind} in {country} that {rnd.choice(VERBS)} {offers_kw[0]} and {offers_kw[1]}, "
                       f"with projects in {rnd.choice(other)} and {rnd.choice(words)}.",
        "offers": [{"title": f"{offers_kw[0].capitalize()} for {rnd.choice(other)}",
                    "text": f"We {rnd.choice(VERBS).rstrip('s')} {offers_kw[0]} and {offers_kw[1]} for partners in {rnd.choice(other)}.",
                    "keywords": offers_kw}],
        "needs": [{"title": f"Partner in {needs_kw[0]}",
                   "text": f"The team {rnd.choice(SEEKS)} {needs_kw[0]} and {needs_kw[1]} expertise, project {i % 997}.",
                   "keywords": needs_kw}],
    }
    if i % 5 == 0:
        p["attributes"] = {"een": {"type": TYPES[i % len(TYPES)], "targetedCountries": rnd.sample(COUNTRIES, 3)}}
    if own and rnd.random() < own:
        p["vector"] = [round(rnd.gauss(0, 1), 4) for _ in range(dimension)]
    return p


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    n, path = int(argv[1]), argv[2]
    own = float(argv[argv.index("--own-vectors") + 1]) if "--own-vectors" in argv else 0.0
    dimension = int(argv[argv.index("--dimension") + 1]) if "--dimension" in argv else 256
    rnd = random.Random(11)
    all_codes = codes()
    sectors = sorted(SECTORS)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps(participant(i, rnd, all_codes, sectors, own, dimension), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv)
