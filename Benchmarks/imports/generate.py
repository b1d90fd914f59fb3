#!/usr/bin/env python3
"""Writes benchmark inputs: a registration CSV and an EEN XML export of any size.

    generate.py csv N FILE     N registration rows (semicolon-separated, BOM, CRLF, quoted lists)
    generate.py een-xml N FILE N EEN profiles, codes from the real technology taxonomy

Deterministic: the same N gives the same bytes.
"""
import random
import sys

WORDS = ("acoustic sensors;MEMS microphones;hearing aids;machine learning;robot grippers;wind turbines;"
         "solar cells;hydrogen;electrolysers;battery recycling;computer vision;drones;digital twins;"
         "room acoustics;psychoacoustics;audio codecs;edge computing;predictive maintenance;5G;lidar;"
         "food processing;packaging;medical imaging;biosensors;water treatment;smart grids;cybersecurity").split(";")
COUNTRIES = ["Denmark", "DK", "Germany", "DE", "Sweden", "France", "Spain", "Italy", "Netherlands", "Poland", "UK", "Norway"]
ORG_TYPES = ["SME", "Large company", "University", "Research institute", "Public authority", "Cluster organisation", "Start-up"]
TECH = ["01003003", "01003006", "01001", "04005004", "04005", "09003", "02007", "02011", "04007", "01003008"]
TYPES = ["BO", "BR", "TO", "TR", "RDR"]
ISO = ["FR", "DE", "DK", "SE", "ES", "IT", "NL", "PL", "UK", "EL"]


def csv(n, path):
    rnd = random.Random(1)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\ufeffEmail;First name;Last name;Job description;Organisation;Country;Organization type;"
                "Areas of activities;Organization description;Website;City\r\n")
        for i in range(n):
            kw = ";".join(rnd.sample(WORDS, 3))
            desc = " ".join(rnd.sample(WORDS, 4))
            f.write(f"person{i}@org{i % 5000}.example;First{i};Last{i};Engineer;Org {i % 5000} Ltd;"
                    f"{rnd.choice(COUNTRIES)};{rnd.choice(ORG_TYPES)};\"{kw}\";We work on {desc}.;"
                    f"https://org{i % 5000}.example;City {i % 300}\r\n")


def een_xml(n, path):
    rnd = random.Random(2)
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<pod>\n')
        for i in range(n):
            t = TYPES[i % len(TYPES)]
            c = rnd.choice(ISO)
            ref = f"{t}{c}2025{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
            # make references unique beyond 1000 per day: vary the year
            ref = f"{t}{c}{2000 + i // 12000}{1 + i % 12:02d}{1 + (i // 12) % 28:02d}{i % 1000:03d}"
            techs = rnd.sample(TECH, 2)
            words = rnd.sample(WORDS, 5)
            f.write(f"""  <profile>
    <reference><type>{t}</type><external>{ref}</external></reference>
    <datum><submit>2025-01-10</submit><deadline>2099-01-10</deadline></datum>
    <content><title>Profile {i}: {words[0]} and {words[1]}</title>
      <summary>An organisation working on {words[2]} seeks or offers {words[3]}.</summary>
      <description><![CDATA[<p>Detailed description of {words[0]}, {words[1]} and {words[4]} with partners in Europe.</p>]]></description></content>
    <company><country><key>{c}</key></country></company>
    <keyword><technologies>{''.join(f'<technology><key>{k}</key><label>{k}</label></technology>' for k in techs)}</technologies></keyword>
    <cooperation><stagedev>Lab tested</stagedev><partner><sought>Partners for {words[4]}</sought></partner></cooperation>
  </profile>
""")
        f.write("</pod>\n")


if __name__ == "__main__":
    kind, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    {"csv": csv, "een-xml": een_xml}[kind](n, path)
