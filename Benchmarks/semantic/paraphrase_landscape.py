#!/usr/bin/env python3
"""A paraphrase landscape: planted reciprocal partners whose needs are worded with no
content word in common with the offers that answer them, lexical decoys that use the
offers' exact words for something else, and one-sided background participants.

    python3 paraphrase_landscape.py OUT.jsonl PLANTED.tsv [--pairs 300] [--participants 5000] [--seed 7]

Each planted pair (A, B): A offers X and needs Y, B offers Y and needs X, where an offer
is worded as a supplier words it ("MEMS microphones for series production") and the need
as a buyer would ("miniature acoustic sensors at industrial volumes"). The generator
checks that no need shares a content word with the offer that answers it. For every
planted participant, decoys offer a phrase made of the words of what it needs and need a
phrase made of the words of what it offers, as the names of things in another trade (a
bakery brand called "Acoustic Sensors"): keyword search and the lexical engine find them,
meaning should not. Background participants offer planted topics (paraphrased) but need
something of another domain: one-sided competitors. Deterministic for a seed.
"""
import json
import random
import re
import sys

# domain -> [(offer wording, need wording)]: the same competence as a supplier and as a buyer say it.
CONCEPTS = {
    "sound": [
        ("MEMS microphones", "miniature acoustic sensors for hearing devices"),
        ("room acoustics simulation", "predicting how a concert hall will sound"),
        ("loudspeaker driver design", "building better speaker cones and magnets"),
        ("audiometry software", "tools to test patients' ability to hear"),
        ("active noise cancellation", "silencing unwanted background hum in headphones"),
        ("psychoacoustic listening panels", "trained ears to judge perceived audio quality"),
        ("tinnitus therapy apps", "digital treatment for ringing in the ears"),
        ("hearing aid fitting", "tuning amplifiers to a deaf user's audiogram"),
    ],
    "food": [
        ("plant-based meat analogues", "vegetarian burger patties that taste like beef"),
        ("food spoilage detection", "knowing when groceries go bad"),
        ("precision fermentation", "brewing dairy proteins with engineered yeast"),
        ("cold chain logistics", "refrigerated trucking for perishable goods"),
        ("sugar reduction reformulation", "making sweets healthier with fewer carbohydrates"),
        ("allergen testing laboratory", "checking products for peanut or gluten traces"),
        ("insect protein flour", "cricket powder as a feed ingredient"),
        ("shelf life extension packaging", "wrappers that keep bread fresh longer"),
    ],
    "energy": [
        ("offshore wind foundations", "seabed structures to hold turbines at sea"),
        ("lithium battery recycling", "recovering metals from spent accumulators"),
        ("district heating networks", "piping warm water to homes across a town"),
        ("green hydrogen electrolysers", "splitting water into fuel gas using renewable power"),
        ("photovoltaic inverter firmware", "software for converters on solar panels"),
        ("grid frequency balancing", "keeping the electricity network stable at 50 hertz"),
        ("heat pump installation", "fitting air-source heaters in houses"),
        ("biogas upgrading", "turning manure digester output into pipeline methane"),
    ],
    "maritime": [
        ("autonomous surface vessels", "crewless boats that steer themselves"),
        ("ship hull cleaning robots", "removing barnacles from tankers underwater"),
        ("port logistics optimisation", "faster container handling at harbours"),
        ("ballast water treatment", "killing invasive organisms in tanks before discharge"),
        ("subsea cable inspection", "checking undersea power lines on the ocean floor"),
        ("marine engine emission control", "scrubbers that reduce sulphur from freighters"),
        ("sea trials", "testing new craft in open water"),
        ("fishing net recycling", "reusing discarded trawler gear"),
    ],
    "health": [
        ("remote patient monitoring", "watching vital signs of people at home"),
        ("medical image segmentation", "outlining tumours on CT scans automatically"),
        ("clinical trial recruitment", "finding volunteers for drug studies"),
        ("wound care dressings", "bandages that help cuts and ulcers heal"),
        ("diabetes self-management", "helping people control blood glucose day to day"),
        ("hospital bed logistics", "tracking which ward places are free"),
        ("rehabilitation exoskeletons", "wearable frames that help stroke survivors walk"),
        ("antimicrobial surface coatings", "paint that kills germs on door handles"),
    ],
    "robotics": [
        ("collaborative robot arms", "cobots working safely next to factory staff"),
        ("machine vision bin picking", "cameras guiding grippers to grab parts from crates"),
        ("warehouse mobile robots", "driverless carts moving pallets between shelves"),
        ("agricultural weeding robots", "machines that remove unwanted plants between crops"),
        ("robot welding cells", "automated joining of steel frames"),
        ("soft grippers", "gentle hands for handling fruit and eggs"),
        ("drone inspection services", "flying cameras checking bridges and towers"),
        ("robot programming by demonstration", "teaching a manipulator by showing it a task"),
    ],
    "ict": [
        ("penetration testing", "ethical hackers probing our defences"),
        ("edge computing gateways", "processing sensor data close to the machines"),
        ("natural language chatbots", "conversational assistants answering customer questions"),
        ("digital twin platforms", "virtual replicas of physical plants"),
        ("blockchain supply chain traceability", "tamper-proof records of where goods came from"),
        ("GDPR compliance audits", "checking that personal data handling follows European privacy law"),
        ("cloud migration", "moving servers off premises to hosted infrastructure"),
        ("predictive maintenance analytics", "forecasting machine breakdowns before they happen"),
    ],
    "construction": [
        ("cross-laminated timber panels", "engineered wooden slabs for multi-storey buildings"),
        ("building information modelling", "3D digital plans shared by architects and builders"),
        ("low-carbon concrete", "cement mixes with smaller climate footprint"),
        ("facade insulation retrofits", "wrapping old apartment blocks to cut heat loss"),
        ("prefabricated bathroom pods", "ready-made washrooms craned into place"),
        ("demolition waste recycling", "reusing rubble from torn-down houses"),
        ("structural health monitoring", "sensors detecting cracks in bridges"),
        ("acoustic ceiling panels", "soundproofing tiles for offices"),
    ],
    "textiles": [
        ("recycled polyester yarn", "thread spun from used plastic bottles"),
        ("smart garments with heart rate sensors", "clothing that tracks pulse"),
        ("natural fibre dyeing", "colouring wool with plant pigments"),
        ("technical workwear", "protective uniforms for firefighters"),
        ("textile waste sorting", "separating discarded clothes by material"),
        ("3D knitting", "seamless machine-made sweaters"),
        ("waterproof breathable membranes", "rain jackets that let sweat escape"),
        ("leather alternatives from mushrooms", "fungal mycelium hides for bags"),
    ],
    "water": [
        ("membrane filtration", "removing microplastics from drinking supplies"),
        ("leak detection in pipes", "finding where mains lose water underground"),
        ("wastewater nutrient recovery", "extracting phosphorus from sewage"),
        ("smart irrigation controllers", "watering fields only when soil is dry"),
        ("flood forecasting", "predicting river overflow days ahead"),
        ("desalination plants", "making seawater drinkable"),
        ("stormwater green roofs", "vegetated tops that soak up rain"),
        ("water quality probes", "instruments measuring pollution in lakes"),
    ],
}

# (offer wording, need wording): what the offer comes with, as each side says it.
CONTEXTS = [
    ("for series production", "at industrial volumes"),
    ("with on-site evaluation", "validated under real operating conditions"),
    ("and prototyping", "plus early proof-of-concept builds"),
    ("with regulatory documentation", "including certification paperwork"),
    ("for export markets", "to sell abroad"),
    ("on a tight budget", "at affordable cost"),
    ("with long-term maintenance", "plus ongoing upkeep after delivery"),
    ("for small companies", "suited to SMEs"),
]

# A decoy names its product with the target phrase's words, in a trade of another meaning.
DECOY_TRADES = [
    "{W}, our bakery's brand of sourdough bread and pastries",
    "{W}, the name of our rock band playing at weddings",
    "{W}, a board game we publish for families",
    "{W}, our boutique hotel near the old harbour",
    "{W}, a line of scented candles and soaps",
    "{W}, the title of a novel we want to translate",
]

STOP = set("""a an and the of for to in on at by with from as or our we us is are be that this it its into
their they them plus who which what when where how than more less up down out off so very""".split())
COUNTRIES = ["DK", "DE", "SE", "NO", "NL", "PL", "FR", "FI", "BE", "AT", "ES", "IT"]


def content_words(text):
    words = re.findall(r"[a-z0-9]+", text.lower())
    # A crude stem (plurals), so that "sensor" and "sensors" count as one word.
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words if w not in STOP}


def name_from(phrase):
    """A product name made of the phrase's first three content words ("Miniature Acoustic Sensors")."""
    return " ".join([w.capitalize() for w in phrase.split() if w.lower() not in STOP][:3])


def main(argv):
    out, planted_out = argv[0], argv[1]
    opts = dict(zip(argv[2::2], argv[3::2]))
    pairs = int(opts.get("--pairs", 300))
    total = int(opts.get("--participants", 5000))
    rng = random.Random(int(opts.get("--seed", 7)))

    combos = []  # (domain, offer wording, need wording)
    for domain, concepts in sorted(CONCEPTS.items()):
        for co, cn in concepts:
            for xo, xn in CONTEXTS:
                offer, need = f"{co} {xo}", f"{cn} {xn}"
                shared = content_words(offer) & content_words(need)
                if shared:
                    raise SystemExit(f"need {need!r} shares {sorted(shared)} with offer {offer!r}")
                combos.append((domain, offer, need))
    by_domain = {}
    for c in combos:
        by_domain.setdefault(c[0], []).append(c)
    for d in by_domain:
        rng.shuffle(by_domain[d])
    # Two combos of one domain per pair, round-robin over the domains, each combo once.
    domains = sorted(by_domain)
    planted_combos = []
    while len(planted_combos) < pairs:
        d = domains[len(planted_combos) % len(domains)]
        if len(by_domain[d]) < 2:
            raise SystemExit("not enough combos for so many pairs")
        planted_combos.append((by_domain[d].pop(), by_domain[d].pop()))

    people = []

    def person(pid, domain, offers, needs, kind="company"):
        p = {"id": pid, "kind": kind, "name": pid.replace("-", " ").title(), "country": rng.choice(COUNTRIES),
             "description": f"A {domain} {kind.replace('-', ' ')}.",
             "offers": [{"title": t} for t in offers], "needs": [{"title": t} for t in needs],
             "keywords": sorted({w for t in offers + needs for w in re.findall(r"[a-z0-9-]+", t.lower()) if w not in STOP})[:6]}
        people.append(p)
        return p

    planted = []
    for i, (x, y) in enumerate(planted_combos):
        a, b = f"pa-{i:04d}", f"pb-{i:04d}"
        person(a, x[0], [x[1]], [y[2]])
        person(b, x[0], [y[1]], [x[2]])
        planted.append((a, b))
    # Decoys: for each planted participant, two that use its need's and offer's words as names.
    n_decoys = 0
    for i, (x, y) in enumerate(planted_combos):
        for side, (offer_of, need_of) in (("a", (x, y)), ("b", (y, x))):
            for k in range(2):
                need_words = name_from(need_of[2])
                offer_words = name_from(offer_of[1])
                person(f"decoy-{i:04d}{side}{k}", "retail",
                       [rng.choice(DECOY_TRADES).replace("{W}", need_words)],
                       [rng.choice(DECOY_TRADES).replace("{W}", offer_words) + ": we need buyers"])
                n_decoys += 1
    # Background: offer a planted topic (paraphrased as a supplier words it), need another domain's.
    i = 0
    while len(people) < total:
        x = rng.choice(combos)
        other = rng.choice([c for c in combos[::7] if c[0] != x[0]])
        person(f"bg-{i:05d}", x[0], [x[1]], [other[2]], kind=rng.choice(["company", "company", "knowledge-institution"]))
        i += 1
    rng.shuffle(people)
    with open(out, "w") as f:
        for p in people:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    with open(planted_out, "w") as f:
        for a, b in planted:
            f.write(f"{a}\t{b}\n")
    print(json.dumps({"participants": len(people), "planted_pairs": len(planted), "decoys": n_decoys,
                      "combos": len(combos)}), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
