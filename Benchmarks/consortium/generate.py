#!/usr/bin/env python3
"""Writes a consortium benchmark landscape and calls.

    generate.py participants N FILE   N participants (canonical JSON Lines) in 12 topics
    generate.py call SEED NEEDS FILE  a call of NEEDS needs drawn from the same topics

Deterministic: the same arguments give the same bytes. Participants are companies (60 %),
knowledge institutions, researchers, public bodies and clusters from 20 countries (EU member
states, associated countries, and US/CN, which Horizon Europe calls do not admit); one in
ten shares its organisation with the participant before it. Offers and needs are keyword
phrases of a topic with a sentence around them, so that coverage has every shade from a
whole phrase to a shared word.
"""
import json
import random
import sys

TOPICS = {
    "acoustics": ["acoustic sensors", "MEMS microphones", "hearing aids", "room acoustics", "psychoacoustics", "audio codecs", "noise reduction", "vibration analysis"],
    "ai": ["machine learning", "computer vision", "speech recognition", "edge computing", "digital twins", "predictive maintenance", "anomaly detection", "federated learning"],
    "energy": ["hydrogen storage", "electrolysers", "wind turbines", "solar cells", "battery recycling", "smart grids", "heat pumps", "power electronics"],
    "food": ["food processing", "packaging", "cold chain", "plant proteins", "fermentation", "food safety testing", "precision fermentation", "shelf life"],
    "health": ["medical imaging", "biosensors", "clinical trials", "wearable monitoring", "telemedicine", "drug delivery", "rehabilitation robotics", "clinical audiology"],
    "robotics": ["robot grippers", "collaborative robots", "autonomous vehicles", "drone inspection", "motion planning", "lidar", "exoskeletons", "warehouse automation"],
    "water": ["water treatment", "membrane filtration", "desalination", "leak detection", "wastewater sludge", "water quality sensors", "stormwater", "groundwater modelling"],
    "materials": ["composite materials", "additive manufacturing", "laser welding", "coatings", "recycled plastics", "bio-based polymers", "ceramics", "metal powders"],
    "maritime": ["ship design", "offshore wind foundations", "underwater robotics", "port logistics", "marine biofouling", "ballast water", "fish farming", "ocean sensors"],
    "mobility": ["electric buses", "charging infrastructure", "traffic simulation", "bike sharing", "railway maintenance", "fleet telematics", "mobility as a service", "battery swapping"],
    "cyber": ["cybersecurity", "identity management", "intrusion detection", "secure firmware", "post-quantum cryptography", "privacy engineering", "security audits", "zero trust"],
    "agri": ["soil sensors", "precision agriculture", "vertical farming", "greenhouse climate", "crop phenotyping", "livestock monitoring", "agri robotics", "biochar"],
}
NAMES = list(TOPICS)
COUNTRIES = ["DK", "SE", "DE", "NL", "FI", "FR", "ES", "IT", "PL", "AT", "BE", "PT", "IE", "GR", "NO", "GB", "CH", "IL", "US", "CN"]
KINDS = ["company"] * 12 + ["knowledge-institution"] * 3 + ["researcher"] * 3 + ["public-body"] + ["cluster"]


def participants(n, path):
    rnd = random.Random(13)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            topic = rnd.choice(NAMES)
            other = rnd.choice([t for t in NAMES if t != topic])
            offers = []
            for _ in range(rnd.randint(1, 2)):
                words = rnd.sample(TOPICS[topic], 2)
                offers.append({"title": words[0], "text": f"We offer {words[0]} and {words[1]} for partners in Europe.", "keywords": words})
            needs = [{"title": w, "keywords": [w]} for w in rnd.sample(TOPICS[other], rnd.randint(1, 2))]
            org = f"Org {i - 1}" if i > 0 and i % 10 == 0 else f"Org {i}"
            record = {"id": f"p{i:05d}", "kind": rnd.choice(KINDS), "name": f"Participant {i}", "country": rnd.choice(COUNTRIES),
                      "organisation": org, "keywords": rnd.sample(TOPICS[topic], 3),
                      "description": f"Works on {topic}: " + ", ".join(rnd.sample(TOPICS[topic], 3)) + ".",
                      "offers": offers, "needs": needs}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def call(seed, count, path):
    rnd = random.Random(seed)
    topics = rnd.sample(NAMES, min(4, len(NAMES)))
    phrases = [(t, p) for t in topics for p in TOPICS[t]]
    chosen = rnd.sample(phrases, count)
    needs = [{"id": f"need-{j}", "title": p, "text": f"The project needs {p} ({t}).", "keywords": [p],
              "required": j < 2, "weight": rnd.choice([1, 1, 2])} for j, (t, p) in enumerate(chosen)]
    rules = {"minPartners": 3, "maxPartners": 8, "minCountries": 3, "eligibleCountries": "horizon-europe",
             "minFromMemberStates": 1, "kinds": {"company": {"min": 1}, "knowledge-institution": {"min": 1}},
             "excludeSameOrganisation": True}
    if seed % 3 == 1:
        rules["maxPartners"] = 6
    if seed % 3 == 2:
        rules.update({"minPartners": 4, "minCountries": 4, "minFromMemberStates": 2})
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"id": f"BENCH-{seed}", "title": f"Benchmark call {seed}", "needs": needs, "rules": rules}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    if sys.argv[1] == "participants":
        participants(int(sys.argv[2]), sys.argv[3])
    else:
        call(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
