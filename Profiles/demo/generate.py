#!/usr/bin/env python3
"""Generate ClusterMatch's default competence taxonomy and the bundled demo landscape.

Writes, relative to the repository root:

  Profiles/taxonomy/clustermatch-competences.csv
      The project's own competence taxonomy in the EEN keyword CSV format
      (same header and style as the EEN technology keyword file: parents by
      label, RFC 4180 quoting, CRLF line endings). Codes: level 1 "01",
      level 2 "01001", level 3 "01001001".

  Profiles/demo/landscape.jsonl
      A fictional, deterministic landscape of Danish and international
      business clusters and their members (companies, researchers, knowledge
      institutions, public bodies), one participant per line in
      ClusterMatch's canonical participant format, sorted by id. Offers and
      needs are designed to be complementary across clusters; a few pairs are
      planted on purpose (see PLANTED below).

Both outputs are committed to the repository; this script only needs to run
again when the taxonomy or the landscape design changes. It uses the Python
standard library only and a fixed seed, so two runs give byte-identical files:

    python3 Profiles/demo/generate.py

All names of companies, people and organisations are invented.
"""

import csv
import io
import json
import os
import random

SEED = 20260310

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TAXONOMY_PATH = os.path.join(ROOT, "Profiles", "taxonomy", "clustermatch-competences.csv")
LANDSCAPE_PATH = os.path.join(ROOT, "Profiles", "demo", "landscape.jsonl")

TAXONOMY_TYPE = "ClusterMatch Competence"
TAXONOMY_HEADER = ["Type", "Code", "Label", "Level", "Parent_1", "Parent_1 level",
                   "Parent_2", "Parent_2 level", "Selectable_by_PPQG_v1_2_rule"]

# ---------------------------------------------------------------------------
# 1. Taxonomy: level-1 area -> [(level-2 label, [level-3 labels])]
# ---------------------------------------------------------------------------

TAXONOMY = [
    ("Sound & Acoustics", [
        ("Hearing technology", [
            "Hearing aids", "Cochlear and bone-anchored implants",
            "Hearing diagnostics and audiometry", "Hearables and personal sound amplification"]),
        ("Transducers and acoustic components", [
            "MEMS microphones", "Loudspeaker drivers",
            "Miniature receivers and balanced armatures", "Acoustic sensors and vibration sensors"]),
        ("Audio signal processing", [
            "Noise reduction and speech enhancement", "Beamforming and microphone arrays",
            "Spatial and 3D audio", "Active noise cancellation"]),
        ("Acoustic measurement and testing", [
            "Anechoic and reverberation chamber testing", "Electroacoustic measurement systems",
            "Sound power and sound pressure measurement"]),
        ("Noise and vibration control", [
            "Room and building acoustics", "Environmental and traffic noise",
            "Industrial noise and vibration damping"]),
        ("Psychoacoustics and perception", [
            "Listening tests and sound quality evaluation", "Auditory modelling"]),
        ("Professional and consumer audio", [
            "Loudspeaker systems and studio monitors", "Headphones and earbuds",
            "Conference and voice communication systems"]),
    ]),
    ("Robotics & Automation", [
        ("Collaborative robots", [
            "Cobot arms", "Cobot application development", "Human-robot collaboration safety"]),
        ("Machine vision", [
            "2D and 3D vision systems", "Vision-based quality inspection", "Hyperspectral imaging"]),
        ("Grippers and end-of-arm tooling", [
            "Vacuum and soft grippers", "Electric grippers", "Hygienic and food-safe grippers"]),
        ("Motion control and drives", [
            "Servo drives and motors", "Linear actuators", "Motion planning software"]),
        ("Autonomous mobile robots", [
            "Indoor logistics robots", "Navigation and SLAM", "Robot fleet management software"]),
        ("Drones, UAVs and unmanned systems", [
            "Inspection drones", "Drone traffic management", "Agricultural drones"]),
        ("Industrial automation software", [
            "PLC programming", "SCADA and HMI", "Robot simulation and offline programming",
            "Robot system integration"]),
    ]),
    ("Life Science & Health", [
        ("Medical devices", [
            "Diagnostic imaging equipment", "Wearable medical sensors", "Drug delivery devices",
            "Surgical instruments and implants"]),
        ("Diagnostics", [
            "In vitro diagnostics", "Point-of-care testing", "Biomarker discovery"]),
        ("Biotechnology", [
            "Enzymes and industrial biotech", "Cell and gene therapy", "Microbiome research"]),
        ("Clinical research", [
            "Clinical trial management", "Clinical validation of medical devices",
            "Real-world evidence"]),
        ("Pharmaceutical manufacturing", [
            "Biologics production", "Aseptic filling and packaging",
            "Process analytical technology"]),
        ("Digital health", [
            "Telemedicine", "Health data platforms", "Remote patient monitoring"]),
        ("Rehabilitation and welfare technology", [
            "Assistive devices", "Care robotics", "Ambient assisted living"]),
    ]),
    ("Energy", [
        ("Wind energy", [
            "Wind turbine blades", "Offshore wind foundations",
            "Wind turbine condition monitoring", "Wind farm operation and maintenance"]),
        ("Power electronics", [
            "Converters and inverters", "Wide-bandgap semiconductors", "Grid-connection equipment"]),
        ("Energy storage", [
            "Lithium-ion battery systems", "Battery management systems", "Thermal energy storage"]),
        ("Hydrogen and Power-to-X", [
            "Electrolysers", "Green ammonia and e-methanol", "Hydrogen storage and distribution"]),
        ("District heating and cooling", [
            "Large-scale heat pumps", "Heat networks and pipes", "Waste heat recovery"]),
        ("Smart grid and energy systems", [
            "Demand response and flexibility", "Energy management systems", "Grid digital twins"]),
        ("Solar and bioenergy", [
            "Solar photovoltaics", "Biogas and biomethane", "Biomass combustion"]),
    ]),
    ("Food & Agritech", [
        ("Food processing", [
            "Meat, poultry and fish processing", "Bakery and confectionery",
            "Food process equipment"]),
        ("Dairy", [
            "Dairy processing", "Cheese, yoghurt and fermented dairy",
            "Dairy ingredients and whey proteins"]),
        ("Precision farming", [
            "Crop sensing and field mapping", "Livestock monitoring", "Farm management software",
            "Greenhouse and vertical farming"]),
        ("Food safety and quality", [
            "Hygienic design", "Contaminant and pathogen detection", "Food traceability systems"]),
        ("Food packaging", [
            "Packaging machinery", "Sustainable packaging materials", "Shelf-life extension"]),
        ("Alternative proteins", [
            "Plant-based proteins", "Precision fermentation", "Insect protein"]),
        ("Aquaculture", [
            "Recirculating aquaculture systems", "Fish feed and nutrition"]),
    ]),
    ("Digital & IT", [
        ("Artificial intelligence and machine learning", [
            "Computer vision algorithms", "Machine learning for audio and speech",
            "Natural language processing", "Predictive maintenance analytics"]),
        ("Cloud and software platforms", [
            "Cloud infrastructure and DevOps", "SaaS platform development", "Edge computing"]),
        ("Cybersecurity", [
            "OT and industrial security", "Medical device cybersecurity",
            "Identity and access management"]),
        ("Internet of Things", [
            "Wireless sensor networks", "Low-power connectivity", "IoT device management"]),
        ("Embedded software and electronics", [
            "Embedded firmware", "DSP and FPGA development", "Printed circuit board design",
            "Low-power chip design"]),
        ("Data analytics", [
            "Data engineering", "Business intelligence", "Digital twins and simulation"]),
        ("Human-computer interaction", [
            "UX design", "AR and VR"]),
    ]),
    ("Materials & Manufacturing", [
        ("Composites", [
            "Fibre-reinforced polymers", "Composite recycling"]),
        ("Additive manufacturing", [
            "Metal 3D printing", "Polymer 3D printing", "Design for additive manufacturing"]),
        ("Metals and metalworking", [
            "CNC machining", "Sheet metal, welding and joining", "Casting, forging and heat treatment"]),
        ("Surface treatment and coatings", [
            "Anti-corrosion coatings", "Antimicrobial and food-contact surfaces",
            "Thin films and plasma treatment"]),
        ("Polymers and plastics", [
            "Injection moulding", "Medical-grade plastics", "Bio-based polymers"]),
        ("Lean production and operations", [
            "Lean, six sigma and continuous improvement", "Production planning",
            "Industry 4.0 readiness"]),
        ("Electronics manufacturing", [
            "PCB assembly", "Microassembly and cleanroom production"]),
    ]),
    ("Maritime & Transport", [
        ("Shipbuilding and marine equipment", [
            "Ship design", "Marine propulsion", "Ship retrofitting"]),
        ("Green shipping", [
            "Alternative marine fuels", "Emission reduction technology", "Shore power"]),
        ("Ports and logistics", [
            "Port automation", "Cold chain logistics", "Supply chain visibility"]),
        ("Ocean technology", [
            "Underwater acoustics and sonar", "Subsea robotics", "Ocean sensing"]),
        ("Electric mobility", [
            "Charging infrastructure", "Electric vehicles and components"]),
        ("Rail and road transport", [
            "Railway systems", "Intelligent transport systems"]),
    ]),
    ("Construction & Built Environment", [
        ("Building design and engineering", [
            "Building information modelling (BIM)", "Structural engineering"]),
        ("Sustainable building materials", [
            "Low-carbon concrete", "Timber construction", "Insulation materials"]),
        ("Indoor climate", [
            "Heating, ventilation and air conditioning", "Daylight and lighting",
            "Indoor air quality sensing"]),
        ("Smart buildings", [
            "Building automation", "Building energy renovation"]),
        ("Construction technology", [
            "Construction robotics", "Prefabrication and modular construction"]),
        ("Urban development", [
            "Climate adaptation", "Urban mobility planning"]),
    ]),
    ("Business Services & Innovation Support", [
        ("Intellectual property", [
            "Patent search and filing", "Licensing and technology transfer"]),
        ("Funding and finance", [
            "EU funding applications", "Venture capital, business angels and investment",
            "Public innovation grants"]),
        ("Testing and demonstration facilities", [
            "Test beds and living labs", "Accredited testing laboratories", "Pilot production lines"]),
        ("Regulatory affairs", [
            "Medical device regulation (MDR/IVDR)", "CE marking and conformity assessment",
            "Food regulation and novel food approval"]),
        ("Market access and internationalisation", [
            "Export promotion", "Distribution partners", "Market analysis"]),
        ("Innovation management", [
            "Open innovation and matchmaking", "Design thinking", "Consortium building"]),
        ("Education and skills", [
            "Continuing education", "Industrial PhD and student projects"]),
    ]),
    ("Water & Environment", [
        ("Water technology", [
            "Water treatment", "Water leak detection", "Wastewater treatment"]),
        ("Circular economy", [
            "Recycling technologies", "Product life cycle assessment", "Industrial symbiosis"]),
        ("Environmental monitoring", [
            "Air quality monitoring", "Environmental sensors"]),
        ("Carbon capture and accounting", [
            "Carbon capture and storage", "Carbon accounting"]),
    ]),
]


def build_taxonomy():
    """Return the taxonomy rows and a label -> (code, level) index."""
    rows = []
    index = {}

    def add(code, label, level, p1="", p1l="", p2="", p2l=""):
        if label in index:
            raise SystemExit(f"duplicate taxonomy label: {label!r}")
        index[label] = (code, level)
        rows.append([TAXONOMY_TYPE, code, label, str(level), p1, p1l, p2, p2l,
                     "NO" if level == 1 else "YES"])

    for i, (area, groups) in enumerate(TAXONOMY, start=1):
        add(f"{i:02d}", area, 1)
    for i, (area, groups) in enumerate(TAXONOMY, start=1):
        for j, (group, leaves) in enumerate(groups, start=1):
            code2 = f"{i:02d}{j:03d}"
            add(code2, group, 2, area, "1")
            for k, leaf in enumerate(leaves, start=1):
                add(f"{code2}{k:03d}", leaf, 3, group, "2", area, "1")
    return rows, index


def write_taxonomy(rows):
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(TAXONOMY_HEADER)
    writer.writerows(rows)
    os.makedirs(os.path.dirname(TAXONOMY_PATH), exist_ok=True)
    with open(TAXONOMY_PATH, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def read_taxonomy_codes():
    """Read back the written taxonomy: label -> code for levels 2 and 3."""
    with open(TAXONOMY_PATH, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return {row["Label"]: row["Code"] for row in reader if row["Level"] in ("2", "3")}


# ---------------------------------------------------------------------------
# 2. Landscape design
# ---------------------------------------------------------------------------
# Offers and needs are (title, text, [taxonomy labels], [keywords]).
# Needs deliberately word things differently from the offers that answer them.

ARCHETYPES = {
    # ----- sound & hearing -------------------------------------------------
    "hearing_aid_maker": dict(
        names=["Hearing", "Audiology", "Hearing Systems"],
        what=["designs and manufactures hearing aids and fitting software for audiologists",
              "develops rechargeable hearing instruments with wireless streaming"],
        comps=["Hearing aids", "Noise reduction and speech enhancement",
               "Hearing diagnostics and audiometry", "Miniature receivers and balanced armatures",
               "Clinical validation of medical devices", "Low-power connectivity"],
        kw=["hearing aids", "hearing instruments", "audiology", "fitting software",
            "speech intelligibility", "rechargeable hearing aids", "ear-to-ear streaming"],
        offers=[
            ("Audiological validation with hearing-impaired test users",
             "We run clinical evaluations of hearing technology with a panel of hearing-impaired test users and certified audiologists.",
             ["Hearing diagnostics and audiometry", "Clinical validation of medical devices"],
             ["audiological validation", "hearing-impaired test users", "fitting expertise"]),
            ("Hearing instrument platform for co-development",
             "Our receiver-in-canal hearing instrument platform is open to partners who want to integrate new sensors or algorithms.",
             ["Hearing aids", "Miniature receivers and balanced armatures"],
             ["hearing instrument platform", "receiver-in-canal", "rechargeable hearing aids"]),
        ],
        needs=[
            ("Deep-learning noise suppression for hearing aids",
             "We seek a partner with neural-network speech enhancement that fits the power budget of a hearing aid.",
             ["Machine learning for audio and speech", "Noise reduction and speech enhancement"],
             ["neural networks for speech in noise", "low-latency audio AI", "hearing aid power budget"]),
            ("Sensors for hearing aids",
             "Looking for suppliers of miniature, low-noise microphones and vibration sensors for the next hearing aid generation.",
             ["MEMS microphones", "Acoustic sensors and vibration sensors"],
             ["sensors for hearing aids", "miniature microphones", "low self-noise"]),
            ("Cybersecurity for app-connected hearing aids",
             "Need help meeting medical-device cybersecurity requirements for hearing aids controlled from a smartphone app.",
             ["Medical device cybersecurity"],
             ["secure firmware updates", "app connectivity security"]),
        ]),
    "transducer_maker": dict(
        names=["Acoustics", "Sonic", "Transducers", "Microphones"],
        what=["produces MEMS microphones, miniature receivers and acoustic sensors",
              "develops loudspeaker drivers and acoustic components for OEM customers"],
        comps=["MEMS microphones", "Acoustic sensors and vibration sensors", "Loudspeaker drivers",
               "Miniature receivers and balanced armatures", "Microassembly and cleanroom production"],
        kw=["MEMS microphones", "acoustic sensors", "transducers", "loudspeaker drivers",
            "balanced armature receivers", "OEM components"],
        offers=[
            ("MEMS microphones and acoustic sensors",
             "We supply low-noise MEMS microphones and bone-conduction vibration sensors, including custom packaging for small devices.",
             ["MEMS microphones", "Acoustic sensors and vibration sensors"],
             ["acoustic sensors", "MEMS microphones", "low-noise microphones", "vibration pickup"]),
            ("Custom loudspeaker driver development",
             "Design and small-series production of custom loudspeaker drivers and receivers for OEMs.",
             ["Loudspeaker drivers", "Miniature receivers and balanced armatures"],
             ["custom drivers", "receivers", "OEM transducers"]),
        ],
        needs=[
            ("Automated assembly of small acoustic parts",
             "We want to automate micro-assembly and optical inspection of transducers to lower production cost in Europe.",
             ["Cobot application development", "Vision-based quality inspection",
              "Microassembly and cleanroom production"],
             ["automated assembly of small parts", "optical inspection", "cobot micro-assembly"]),
            ("Launch customers in hearing and medical devices",
             "Seeking hearing-instrument and medical-wearable manufacturers to qualify our new sensors.",
             ["Hearing aids", "Wearable medical sensors"],
             ["hearing instrument OEMs", "medical wearables", "design-in partners"]),
        ]),
    "audio_dsp_house": dict(
        names=["Audio", "Signal", "DSP", "Sound Labs"],
        what=["licenses audio algorithms for beamforming, noise reduction and spatial audio",
              "develops real-time audio signal processing for consumer and professional products"],
        comps=["Noise reduction and speech enhancement", "Beamforming and microphone arrays",
               "Spatial and 3D audio", "Active noise cancellation", "DSP and FPGA development"],
        kw=["audio DSP", "beamforming", "speech enhancement", "ANC", "spatial audio", "audio algorithms"],
        offers=[
            ("Audio algorithm licensing",
             "Proven beamforming, echo cancellation and noise reduction algorithms, ported to common DSP cores.",
             ["Beamforming and microphone arrays", "Noise reduction and speech enhancement"],
             ["speech enhancement", "beamforming algorithms", "echo cancellation"]),
            ("Active noise cancellation tuning",
             "Feed-forward and hybrid ANC design and tuning for headphones and earbuds.",
             ["Active noise cancellation", "Headphones and earbuds"],
             ["ANC tuning", "hybrid ANC", "earbud acoustics"]),
        ],
        needs=[
            ("Machine learning expertise for audio",
             "We look for data scientists with labelled audio data sets and deep-learning experience to modernise our algorithms.",
             ["Machine learning for audio and speech"],
             ["deep learning", "labelled audio datasets", "neural audio models"]),
            ("Embedded DSP hardware partner",
             "Need a partner who builds low-power DSP or FPGA boards to host our algorithms in products.",
             ["DSP and FPGA development", "Embedded firmware"],
             ["low-power DSP chips", "audio evaluation boards"]),
        ]),
    "acoustic_measurement": dict(
        names=["Acoustic Test", "Measurement", "Acoustics Lab"],
        what=["provides acoustic measurement systems and accredited testing",
              "runs anechoic chambers and electroacoustic test services"],
        comps=["Electroacoustic measurement systems", "Anechoic and reverberation chamber testing",
               "Sound power and sound pressure measurement", "Acoustic sensors and vibration sensors",
               "Accredited testing laboratories"],
        kw=["acoustic testing", "anechoic chamber", "sound pressure measurement",
            "electroacoustics", "test systems", "measurement microphones"],
        offers=[
            ("Acoustic test and measurement services",
             "Accredited measurements of sound power, frequency response and distortion in our anechoic and reverberation rooms.",
             ["Anechoic and reverberation chamber testing", "Sound power and sound pressure measurement"],
             ["anechoic chamber", "sound power testing", "frequency response"]),
            ("Electroacoustic production test systems",
             "End-of-line test systems for microphones, loudspeakers and headsets.",
             ["Electroacoustic measurement systems"],
             ["end-of-line audio test", "production test"]),
        ],
        needs=[
            ("Robotic handling for test stations",
             "Looking for robot integrators to automate loading of devices into our acoustic test boxes.",
             ["Cobot application development", "Robot system integration"],
             ["robotic test automation", "automated loading"]),
            ("Cloud platform for measurement data",
             "We need a partner to build a cloud service where customers can browse and compare measurement results.",
             ["SaaS platform development", "Data engineering"],
             ["measurement data portal", "cloud dashboards"]),
        ]),
    "noise_control": dict(
        names=["Acoustic Consulting", "Noise Control", "Akustik"],
        what=["advises on room acoustics, environmental noise and vibration damping",
              "designs noise-control solutions for buildings and industry"],
        comps=["Room and building acoustics", "Environmental and traffic noise",
               "Industrial noise and vibration damping", "Insulation materials",
               "Heating, ventilation and air conditioning"],
        kw=["room acoustics", "noise mapping", "vibration damping", "sound insulation",
            "environmental noise", "acoustic panels"],
        offers=[
            ("Noise and vibration consulting",
             "Noise mapping, vibration analysis and acoustic design for buildings, wind farms and factories.",
             ["Environmental and traffic noise", "Industrial noise and vibration damping"],
             ["noise mapping", "vibration damping", "noise impact assessment"]),
            ("Room acoustic design",
             "Acoustic design of offices, schools and concert venues, including simulation and measurements.",
             ["Room and building acoustics"],
             ["room acoustics", "reverberation time", "acoustic simulation"]),
        ],
        needs=[
            ("Acoustic absorbers from recycled materials",
             "We seek manufacturers of sound-absorbing panels made from recycled or bio-based fibres.",
             ["Insulation materials", "Recycling technologies", "Bio-based polymers"],
             ["recycled absorbers", "bio-based insulation", "circular acoustic panels"]),
            ("Wireless noise monitoring",
             "Need low-cost IoT sensors for long-term noise monitoring around construction sites.",
             ["Environmental sensors", "Wireless sensor networks"],
             ["IoT noise monitors", "long-term noise logging"]),
        ]),
    "pro_audio": dict(
        names=["Audio", "Loudspeakers", "Sound", "Studio"],
        what=["builds high-end loudspeakers and studio monitors",
              "makes conference audio systems and premium headphones"],
        comps=["Loudspeaker systems and studio monitors", "Headphones and earbuds",
               "Conference and voice communication systems", "Spatial and 3D audio", "Injection moulding"],
        kw=["studio monitors", "loudspeakers", "premium audio", "conference audio",
            "headphones", "industrial design"],
        offers=[
            ("High-end loudspeaker design",
             "Complete loudspeaker development from driver selection to cabinet, crossover and room correction.",
             ["Loudspeaker systems and studio monitors"],
             ["studio monitors", "loudspeaker cabinets", "room correction"]),
            ("Conference audio systems",
             "Ceiling and table microphone systems with voice pickup for meeting rooms.",
             ["Conference and voice communication systems", "Beamforming and microphone arrays"],
             ["conference microphones", "voice pickup", "meeting room audio"]),
        ],
        needs=[
            ("Sustainable materials for loudspeaker cabinets",
             "Looking for bio-composites or recycled plastics with good damping for speaker enclosures.",
             ["Bio-based polymers", "Fibre-reinforced polymers"],
             ["bio-composites", "recycled plastics", "enclosure materials"]),
            ("Distributors outside the Nordics",
             "We seek distribution partners in Germany and the Benelux for our professional audio range.",
             ["Distribution partners", "Export promotion"],
             ["distributors", "pro audio dealers"]),
        ]),
    "psychoacoustics": dict(
        names=["Listening Lab", "Perception", "Sound Quality"],
        what=["runs listening tests and perceptual evaluation of sound",
              "develops auditory models for product sound quality"],
        comps=["Listening tests and sound quality evaluation", "Auditory modelling",
               "Hearing diagnostics and audiometry", "Spatial and 3D audio"],
        kw=["listening tests", "sound quality", "perceptual evaluation", "auditory models",
            "psychoacoustics", "trained listening panels"],
        offers=[
            ("Listening tests and perceptual evaluation",
             "Blind listening tests with trained panels and statistical analysis of sound quality.",
             ["Listening tests and sound quality evaluation"],
             ["listening panels", "sound quality", "perceptual evaluation"]),
            ("Auditory models for product development",
             "Computational models of hearing that predict perceived loudness, sharpness and speech intelligibility.",
             ["Auditory modelling"],
             ["auditory models", "loudness prediction"]),
        ],
        needs=[
            ("Industrial cases for sound quality studies",
             "We seek loudspeaker, headphone and car-audio companies with products to study.",
             ["Loudspeaker systems and studio monitors", "Headphones and earbuds"],
             ["product cases", "audio manufacturers"]),
            ("Consortium partners for EU project",
             "Looking for SMEs to join a proposal on perceptual audio quality.",
             ["EU funding applications", "Consortium building"],
             ["Horizon Europe", "consortium partners"]),
        ]),
    "hearables": dict(
        names=["Hearables", "Earbuds", "In-Ear"],
        what=["develops hearables and true wireless earbuds with health sensing",
              "makes personal sound amplification products and smart earbuds"],
        comps=["Hearables and personal sound amplification", "Headphones and earbuds",
               "Active noise cancellation", "Low-power connectivity", "Wearable medical sensors"],
        kw=["hearables", "true wireless earbuds", "in-ear sensors", "personal sound amplification",
            "Bluetooth LE Audio"],
        offers=[
            ("Hearable reference design",
             "A true wireless earbud reference design with LE Audio, ANC and room for extra sensors.",
             ["Hearables and personal sound amplification", "Low-power connectivity"],
             ["true wireless earbuds", "hearables", "LE Audio"]),
        ],
        needs=[
            ("In-ear health monitoring",
             "We want to add heart rate and temperature measurement from the ear canal and seek medical sensing partners.",
             ["Wearable medical sensors", "Remote patient monitoring"],
             ["heart rate from the ear", "biometric earbuds"]),
            ("Microphones for earbuds",
             "Looking for tiny, wind-robust microphones for voice pickup in earbuds.",
             ["MEMS microphones"],
             ["earbud microphones", "wind noise robustness"]),
        ]),
    "hearing_health": dict(
        names=["Hearing Care", "Audiology", "Tele-Audiology"],
        what=["offers remote hearing care and online hearing tests",
              "runs hearing clinics and tele-audiology services"],
        comps=["Hearing diagnostics and audiometry", "Telemedicine", "Hearing aids",
               "Remote patient monitoring"],
        kw=["tele-audiology", "online hearing test", "hearing clinics", "remote fitting"],
        offers=[
            ("Remote hearing care services",
             "Online hearing screening and remote fine-tuning of hearing aids by audiologists.",
             ["Telemedicine", "Hearing diagnostics and audiometry"],
             ["tele-audiology", "remote fitting", "hearing screening"]),
        ],
        needs=[
            ("Connectivity with hearing aid brands",
             "We need hearing aid manufacturers who open their fitting interfaces for remote adjustment.",
             ["Hearing aids", "Low-power connectivity"],
             ["open fitting interfaces", "remote hearing aid adjustment"]),
        ],
        also="dk-sound"),
    # ----- robotics & automation ------------------------------------------
    "cobot_maker": dict(
        names=["Robotics", "Cobots", "Robot Systems"],
        what=["builds collaborative robot arms for small and mid-sized manufacturers",
              "develops lightweight cobots with built-in safety functions"],
        comps=["Cobot arms", "Human-robot collaboration safety", "Servo drives and motors",
               "Motion planning software"],
        kw=["cobots", "robot arms", "collaborative automation", "safety-rated robots", "easy programming"],
        offers=[
            ("Collaborative robot arms",
             "Cobots with 3-16 kg payload and graphical programming, suited for machine tending and packaging.",
             ["Cobot arms", "Human-robot collaboration safety"],
             ["cobots", "robot arms", "collaborative automation"]),
        ],
        needs=[
            ("End users in food and pharma",
             "We seek food producers and pharmaceutical plants willing to pilot cobots in hygienic environments.",
             ["Food process equipment", "Aseptic filling and packaging"],
             ["end users in food production", "pharma packaging lines"]),
            ("Grippers for delicate products",
             "Looking for soft or vacuum grippers that can handle fragile and irregular items.",
             ["Vacuum and soft grippers", "Hygienic and food-safe grippers"],
             ["soft gripping", "fragile items"]),
        ]),
    "robot_integrator": dict(
        names=["Automation", "Robotics", "Integration"],
        what=["delivers turnkey robot cells for palletising, machine tending and packaging",
              "integrates robots and vision into production lines"],
        comps=["Robot system integration", "PLC programming", "Cobot application development",
               "Robot simulation and offline programming", "Vision-based quality inspection"],
        kw=["robot integration", "palletising", "machine tending", "robot cells", "turnkey automation"],
        offers=[
            ("Turnkey robot cells",
             "Design, build and commissioning of robot cells for palletising, packing and machine tending.",
             ["Robot system integration", "Cobot application development"],
             ["robot integration", "palletising", "machine tending"]),
            ("Vision-guided picking",
             "Robot picking of mixed products using 3D cameras, delivered as a complete cell.",
             ["2D and 3D vision systems", "Robot system integration"],
             ["vision-guided robots", "bin picking", "mixed products"]),
        ],
        needs=[
            ("Hygienic design know-how",
             "We need help designing wash-down robot cells with food-grade materials.",
             ["Hygienic design", "Antimicrobial and food-contact surfaces"],
             ["washdown robots", "food-grade materials"]),
            ("Pilot customers for new cells",
             "Seeking manufacturers who will test a new automation concept on their line.",
             ["Test beds and living labs", "Pilot production lines"],
             ["pilot site", "test on production line"]),
        ]),
    "machine_vision": dict(
        names=["Vision", "Imaging", "Optics"],
        what=["develops 3D and hyperspectral vision systems for industrial inspection",
              "makes machine vision for robot guidance and quality control"],
        comps=["2D and 3D vision systems", "Vision-based quality inspection", "Hyperspectral imaging",
               "Computer vision algorithms"],
        kw=["machine vision", "3D cameras", "defect detection", "hyperspectral cameras",
            "quality inspection", "bin picking"],
        offers=[
            ("3D vision for robot guidance",
             "Structured-light 3D cameras and software that locate parts for robot picking.",
             ["2D and 3D vision systems"],
             ["3D cameras", "robot guidance", "part localisation"]),
            ("Hyperspectral inspection",
             "Hyperspectral cameras that detect foreign bodies and grade products on fast conveyors.",
             ["Hyperspectral imaging", "Vision-based quality inspection"],
             ["hyperspectral cameras", "foreign body detection", "product grading"]),
        ],
        needs=[
            ("Deep learning for visual inspection",
             "We want partners who can train neural networks on our image data for defect classification.",
             ["Computer vision algorithms"],
             ["neural networks", "image classification", "anomaly detection"]),
            ("Production data from meat and fish lines",
             "Looking for food processors to give access to their lines for collecting training images.",
             ["Meat, poultry and fish processing", "Contaminant and pathogen detection"],
             ["production images", "meat line access"]),
        ],
        also="dk-food"),
    "gripper_maker": dict(
        names=["Grippers", "Gripping", "Soft Robotics"],
        what=["designs soft, vacuum and electric grippers for robots",
              "makes food-safe end-of-arm tooling"],
        comps=["Vacuum and soft grippers", "Electric grippers", "Hygienic and food-safe grippers",
               "Polymer 3D printing"],
        kw=["grippers", "soft robotics", "end effectors", "food-grade grippers", "vacuum gripping"],
        offers=[
            ("Soft and food-safe grippers",
             "Soft silicone and vacuum grippers certified for direct food contact and wash-down.",
             ["Hygienic and food-safe grippers", "Vacuum and soft grippers"],
             ["soft robotics", "food-grade grippers", "end effectors"]),
            ("Electric grippers for cobots",
             "Plug-and-play electric grippers with force control for the common cobot brands.",
             ["Electric grippers"],
             ["electric grippers", "force control"]),
        ],
        needs=[
            ("Food-contact approved materials",
             "Seeking suppliers of elastomers and coatings approved for food contact.",
             ["Antimicrobial and food-contact surfaces", "Medical-grade plastics"],
             ["FDA-compliant elastomers", "food-safe silicone"]),
            ("Rapid prototyping of gripper fingers",
             "Need fast 3D printing of custom fingers in flexible materials.",
             ["Polymer 3D printing", "Design for additive manufacturing"],
             ["rapid prototyping", "printed fingers"]),
        ],
        also="dk-food"),
    "amr_maker": dict(
        names=["Mobile Robots", "Robotics", "Logistics Robots"],
        what=["builds autonomous mobile robots for intralogistics and hospitals",
              "develops navigation software for mobile robots"],
        comps=["Indoor logistics robots", "Navigation and SLAM", "Robot fleet management software"],
        kw=["AMR", "intralogistics", "hospital logistics", "SLAM", "fleet management"],
        offers=[
            ("Autonomous mobile robots for intralogistics",
             "AMRs that move pallets, carts and hospital supplies without fixed infrastructure.",
             ["Indoor logistics robots", "Navigation and SLAM"],
             ["AMR", "intralogistics", "hospital logistics"]),
        ],
        needs=[
            ("Hospital and cold-store pilot sites",
             "We look for hospitals and cold stores to pilot autonomous transport.",
             ["Care robotics", "Cold chain logistics"],
             ["hospital pilots", "cold store transport"]),
            ("Secure cloud for robot fleets",
             "Need a cloud and security partner for our fleet management backend.",
             ["Cloud infrastructure and DevOps", "OT and industrial security"],
             ["fleet backend", "robot cybersecurity"]),
        ]),
    "drone_company": dict(
        names=["Drones", "UAV", "Aerial"],
        what=["performs drone inspections of wind turbines, bridges and power lines",
              "develops drones and drone traffic management"],
        comps=["Inspection drones", "Drone traffic management", "Agricultural drones",
               "Wind turbine condition monitoring"],
        kw=["UAV inspection", "wind turbine blade inspection", "BVLOS", "drones", "aerial imaging"],
        offers=[
            ("Drone inspection of infrastructure",
             "Autonomous drone inspection of wind turbine blades, bridges and power lines, delivered as images and reports.",
             ["Inspection drones", "Wind turbine condition monitoring"],
             ["UAV inspection", "blade inspection", "BVLOS"]),
        ],
        needs=[
            ("AI damage detection in inspection images",
             "We seek AI developers to classify erosion and cracks automatically in our blade images.",
             ["Computer vision algorithms", "Predictive maintenance analytics"],
             ["automatic damage classification", "crack detection"]),
            ("Test airspace",
             "Looking for test centres with airspace for beyond-visual-line-of-sight flights.",
             ["Test beds and living labs"],
             ["drone test centre", "BVLOS test area"]),
        ]),
    "motion_control": dict(
        names=["Motion", "Drives", "Actuators"],
        what=["makes servo drives, linear actuators and motion controllers",
              "develops motion control for machines and robots"],
        comps=["Servo drives and motors", "Linear actuators", "Motion planning software",
               "Converters and inverters"],
        kw=["servo motors", "linear actuators", "motion control", "drives", "mechatronics"],
        offers=[
            ("Servo drives and actuators",
             "Compact servo drives and electric linear actuators for robots and automation machines.",
             ["Servo drives and motors", "Linear actuators"],
             ["servo motors", "linear actuators", "motion control"]),
        ],
        needs=[
            ("Efficient power stages",
             "We need power electronics designers familiar with SiC and GaN to shrink our drives.",
             ["Wide-bandgap semiconductors", "Converters and inverters"],
             ["SiC drives", "efficient inverters"]),
        ]),
    "automation_software": dict(
        names=["Automation Software", "Controls", "Industrial Software"],
        what=["programs PLC, SCADA and HMI systems for industrial plants",
              "offers virtual commissioning and robot offline programming"],
        comps=["PLC programming", "SCADA and HMI", "Robot simulation and offline programming",
               "OT and industrial security", "Digital twins and simulation"],
        kw=["PLC", "SCADA", "OPC UA", "virtual commissioning", "HMI", "offline programming"],
        offers=[
            ("PLC and SCADA software",
             "PLC, SCADA and HMI programming for process plants and machine builders.",
             ["PLC programming", "SCADA and HMI"],
             ["PLC", "SCADA", "OPC UA"]),
            ("Virtual commissioning",
             "Simulation of robot cells and lines before they are built, to shorten commissioning.",
             ["Robot simulation and offline programming", "Digital twins and simulation"],
             ["virtual commissioning", "line simulation"]),
        ],
        needs=[
            ("Securing industrial networks",
             "Looking for OT security specialists to harden the control systems we deliver.",
             ["OT and industrial security"],
             ["securing industrial networks", "IEC 62443"]),
        ]),
    "care_robotics": dict(
        names=["Care Robotics", "Welfare Tech", "Assistive Robotics"],
        what=["develops robots and assistive devices for elder care",
              "makes lifting aids and service robots for care homes"],
        comps=["Care robotics", "Assistive devices", "Cobot application development",
               "Ambient assisted living"],
        kw=["care robots", "lifting aids", "welfare technology", "elder care", "assistive devices"],
        offers=[
            ("Robots for welfare technology",
             "Service robots and lifting aids that reduce heavy work for care staff.",
             ["Care robotics", "Assistive devices"],
             ["care robots", "lifting aids", "welfare technology"]),
        ],
        needs=[
            ("Clinical evidence and MDR documentation",
             "We need partners to run clinical investigations and prepare MDR technical files.",
             ["Clinical validation of medical devices", "Medical device regulation (MDR/IVDR)"],
             ["MDR documentation", "clinical evidence"]),
        ]),
    # ----- life science ----------------------------------------------------
    "medtech_wearable": dict(
        names=["Medical", "MedTech", "Health Sensors"],
        what=["develops wearable sensor patches for remote monitoring of patients",
              "makes medical wearables for cardiac and respiratory monitoring"],
        comps=["Wearable medical sensors", "Remote patient monitoring",
               "Medical device regulation (MDR/IVDR)", "Printed circuit board design"],
        kw=["wearable sensors", "vital signs", "ECG monitoring", "medical wearables", "patient monitoring"],
        offers=[
            ("Wearable patch for vital signs",
             "A CE-marked adhesive patch that measures ECG, respiration and temperature for home monitoring.",
             ["Wearable medical sensors", "Remote patient monitoring"],
             ["vital signs patch", "ECG monitoring", "home monitoring"]),
        ],
        needs=[
            ("Miniature sensors and low-power electronics",
             "We seek suppliers of tiny acoustic and motion sensors and ultra-low-power chips for the next patch.",
             ["Acoustic sensors and vibration sensors", "Low-power chip design"],
             ["sensor components for wearables", "heart sound pickup", "ultra-low-power"]),
            ("Clinical study sites",
             "Looking for hospitals or CROs to run a clinical study of our patch.",
             ["Clinical trial management", "Clinical validation of medical devices"],
             ["clinical study site", "patient recruitment"]),
        ]),
    "diagnostics": dict(
        names=["Diagnostics", "Dx", "Bioassays"],
        what=["develops point-of-care tests and immunoassays",
              "works on in vitro diagnostics and biomarker discovery"],
        comps=["In vitro diagnostics", "Point-of-care testing", "Biomarker discovery"],
        kw=["rapid tests", "immunoassays", "lab-on-a-chip", "biomarkers", "IVD"],
        offers=[
            ("Point-of-care assay development",
             "Development of rapid tests and microfluidic assays from biomarker to verified prototype.",
             ["Point-of-care testing", "In vitro diagnostics"],
             ["rapid tests", "immunoassays", "lab-on-a-chip"]),
        ],
        needs=[
            ("Injection-moulded microfluidic cartridges",
             "We need a moulder who can produce microfluidic cartridges in medical-grade polymers.",
             ["Injection moulding", "Medical-grade plastics"],
             ["microfluidic cartridges", "precision moulding"]),
            ("Laboratory automation",
             "Looking for robotics partners to automate sample handling in our lab.",
             ["Cobot application development"],
             ["lab automation", "sample handling robots"]),
        ]),
    "biotech": dict(
        names=["Bio", "Biotech", "Biosolutions"],
        what=["develops enzymes and microbial strains for industry",
              "works with microbiome and fermentation technology"],
        comps=["Enzymes and industrial biotech", "Microbiome research", "Precision fermentation",
               "Cell and gene therapy"],
        kw=["enzymes", "strain engineering", "fermentation", "microbiome", "biosolutions"],
        offers=[
            ("Enzyme development and fermentation",
             "Strain engineering, enzyme screening and fermentation up to pilot scale.",
             ["Enzymes and industrial biotech", "Precision fermentation"],
             ["enzymes", "strain engineering", "fermentation scale-up"]),
        ],
        needs=[
            ("Food industry application partners",
             "We seek food and dairy companies to test new enzymes and cultures in their products.",
             ["Dairy ingredients and whey proteins", "Plant-based proteins"],
             ["food ingredient customers", "application testing"]),
        ]),
    "cro": dict(
        names=["Clinical", "Trials", "Research Services"],
        what=["is a contract research organisation for clinical trials and device studies",
              "runs clinical investigations and real-world evidence studies"],
        comps=["Clinical trial management", "Clinical validation of medical devices",
               "Real-world evidence", "Medical device regulation (MDR/IVDR)"],
        kw=["CRO", "clinical investigations", "ISO 14155", "patient recruitment", "real-world evidence"],
        offers=[
            ("Clinical trials and device validation",
             "Planning and running clinical trials and ISO 14155 device investigations in the Nordics.",
             ["Clinical trial management", "Clinical validation of medical devices"],
             ["CRO", "clinical investigations", "patient recruitment"]),
        ],
        needs=[
            ("Decentralised trial technology",
             "We need digital data-capture and home-monitoring tools for decentralised trials.",
             ["Health data platforms", "Remote patient monitoring"],
             ["eCRF", "decentralised trials"]),
        ]),
    "pharma_manufacturing": dict(
        names=["Pharma", "BioManufacturing", "Pharma Services"],
        what=["manufactures biologics and provides aseptic fill-finish under GMP",
              "is a contract manufacturer for pharmaceutical products"],
        comps=["Biologics production", "Aseptic filling and packaging", "Process analytical technology"],
        kw=["CDMO", "GMP", "fill-finish", "biologics", "contract manufacturing"],
        offers=[
            ("Contract manufacturing of biologics",
             "GMP production of biologics from cell line to filled vials.",
             ["Biologics production", "Aseptic filling and packaging"],
             ["CDMO", "GMP", "fill-finish"]),
        ],
        needs=[
            ("Robotic aseptic handling and vial inspection",
             "We seek robots for isolators and automated visual inspection of vials.",
             ["Cobot application development", "Vision-based quality inspection"],
             ["isolator robots", "visual inspection of vials"]),
            ("Inline process sensors",
             "Looking for sensor and data partners for real-time release testing.",
             ["Process analytical technology", "Wireless sensor networks"],
             ["PAT sensors", "real-time release"]),
        ]),
    "digital_health": dict(
        names=["Health", "eHealth", "Care Tech"],
        what=["develops telehealth platforms and patient apps",
              "builds software for home monitoring of chronic patients"],
        comps=["Telemedicine", "Health data platforms", "Remote patient monitoring",
               "Medical device cybersecurity"],
        kw=["telehealth", "patient apps", "home monitoring", "health data", "chronic care"],
        offers=[
            ("Telehealth platform",
             "A telehealth platform for video consultations, questionnaires and device data from home.",
             ["Telemedicine", "Health data platforms"],
             ["telehealth", "patient apps", "home monitoring"]),
        ],
        needs=[
            ("AI for clinical notes and data",
             "We seek language technology and data engineering partners for clinical decision support.",
             ["Natural language processing", "Data engineering"],
             ["clinical decision support", "text mining of records"]),
            ("Medical sensor hardware partner",
             "Looking for makers of certified wearable sensors to connect to our platform.",
             ["Wearable medical sensors"],
             ["certified sensors", "device integration"]),
        ],
        also="dk-digital"),
    "medical_device_maker": dict(
        names=["Medical", "Medical Devices", "Surgical"],
        what=["develops drug delivery devices and combination products",
              "manufactures surgical instruments and implants"],
        comps=["Drug delivery devices", "Surgical instruments and implants", "Medical-grade plastics",
               "Injection moulding", "Metal 3D printing"],
        kw=["auto-injectors", "pen injectors", "combination products", "implants", "surgical instruments"],
        offers=[
            ("Drug delivery device development",
             "Design, verification and industrialisation of pen injectors and auto-injectors.",
             ["Drug delivery devices"],
             ["auto-injectors", "pen injectors", "combination products"]),
        ],
        needs=[
            ("Additively manufactured implants",
             "We need a partner for 3D printing of titanium implants with porous surfaces.",
             ["Metal 3D printing", "Surgical instruments and implants"],
             ["additively manufactured titanium", "porous implants"]),
            ("Cleanroom assembly automation",
             "Looking for automation of device assembly in cleanroom class 7.",
             ["Microassembly and cleanroom production", "Robot system integration"],
             ["cleanroom automation", "device assembly lines"]),
        ]),
    # ----- energy ---------------------------------------------------------
    "wind_blades": dict(
        names=["Blades", "Wind Composites", "Rotor"],
        what=["designs and repairs wind turbine blades",
              "supplies composite parts for the wind industry"],
        comps=["Wind turbine blades", "Fibre-reinforced polymers", "Composite recycling"],
        kw=["rotor blades", "glass fibre composites", "blade repair", "leading edge protection"],
        offers=[
            ("Blade design and composite engineering",
             "Structural design, testing and repair of wind turbine blades and large composite parts.",
             ["Wind turbine blades", "Fibre-reinforced polymers"],
             ["rotor blades", "glass fibre composites", "blade repair"]),
        ],
        needs=[
            ("Recycling of end-of-life blades",
             "We seek technologies that recover glass fibre and resin from decommissioned blades.",
             ["Composite recycling", "Recycling technologies"],
             ["end-of-life blades", "recycled glass fibre"]),
            ("Automated blade inspection",
             "Looking for drone or robot inspection of blades in the field.",
             ["Inspection drones"],
             ["automated blade inspection", "robotic inspection"]),
        ]),
    "wind_om": dict(
        names=["Wind Service", "Offshore", "Wind"],
        what=["operates and maintains offshore and onshore wind farms",
              "provides condition monitoring and service for wind turbines"],
        comps=["Wind farm operation and maintenance", "Wind turbine condition monitoring",
               "Offshore wind foundations"],
        kw=["offshore service", "SCADA data", "vibration monitoring", "wind farm O&M", "condition monitoring"],
        offers=[
            ("Offshore O&M and turbine condition data",
             "Service of offshore wind turbines and access to years of SCADA and vibration data for joint projects.",
             ["Wind farm operation and maintenance", "Wind turbine condition monitoring"],
             ["offshore service", "SCADA data", "vibration monitoring"]),
        ],
        needs=[
            ("Subsea inspection of foundations",
             "We need ROV or sonar inspection of monopiles, scour protection and cables.",
             ["Subsea robotics", "Underwater acoustics and sonar"],
             ["ROV inspection of monopiles", "scour monitoring"]),
            ("Failure prediction from turbine data",
             "Looking for machine-learning partners to predict gearbox and bearing failures.",
             ["Predictive maintenance analytics"],
             ["failure prediction", "machine learning on turbine data"]),
        ]),
    "power_electronics": dict(
        names=["Power", "Power Electronics", "Converters"],
        what=["designs power converters and inverters for renewable energy",
              "develops silicon-carbide power electronics"],
        comps=["Converters and inverters", "Wide-bandgap semiconductors", "Grid-connection equipment",
               "Embedded firmware"],
        kw=["inverters", "SiC", "grid converters", "power electronics", "rectifiers"],
        offers=[
            ("Power converter design",
             "Custom SiC and GaN converters, inverters and high-current rectifiers from concept to certification.",
             ["Converters and inverters", "Wide-bandgap semiconductors"],
             ["inverters", "SiC", "power converters"]),
            ("Grid-connection studies and equipment",
             "Grid-code compliance studies and grid-connection equipment for renewable plants.",
             ["Grid-connection equipment"],
             ["grid code", "grid converters"]),
        ],
        needs=[
            ("Thermal management of power modules",
             "We seek coating and materials partners for better heat spreading in power modules.",
             ["Thin films and plasma treatment", "Casting, forging and heat treatment"],
             ["heat sinks", "thermal interface"]),
            ("Embedded control firmware",
             "Need firmware and FPGA developers for fast converter control loops.",
             ["Embedded firmware", "DSP and FPGA development"],
             ["control firmware", "FPGA control"]),
        ]),
    "battery_storage": dict(
        names=["Energy Storage", "Battery", "Batteries"],
        what=["builds battery energy storage systems and battery management systems",
              "develops thermal and electrical energy storage"],
        comps=["Lithium-ion battery systems", "Battery management systems", "Thermal energy storage",
               "Electric vehicles and components"],
        kw=["battery packs", "BMS", "energy storage", "marine batteries", "second-life batteries"],
        offers=[
            ("Battery systems and BMS",
             "Lithium-ion battery packs with our own BMS for grid storage, vessels and machines.",
             ["Lithium-ion battery systems", "Battery management systems"],
             ["battery packs", "BMS", "energy storage"]),
        ],
        needs=[
            ("Battery recycling",
             "Looking for partners that recover lithium and cobalt from used cells.",
             ["Recycling technologies"],
             ["cell recycling", "black mass"]),
            ("Access to flexibility markets",
             "We need aggregators who can trade our storage capacity on flexibility markets.",
             ["Demand response and flexibility"],
             ["flexibility trading", "aggregators"]),
        ]),
    "power_to_x": dict(
        names=["Hydrogen", "Power-to-X", "e-Fuels"],
        what=["develops electrolysers and Power-to-X plants",
              "produces green hydrogen and e-methanol"],
        comps=["Electrolysers", "Green ammonia and e-methanol", "Hydrogen storage and distribution",
               "Alternative marine fuels"],
        kw=["PEM electrolysis", "green hydrogen", "e-fuels", "e-methanol", "Power-to-X"],
        offers=[
            ("Electrolyser systems and green hydrogen",
             "Modular electrolyser plants and supply of green hydrogen and e-methanol.",
             ["Electrolysers", "Green ammonia and e-methanol"],
             ["PEM electrolysis", "green hydrogen", "e-methanol"]),
        ],
        needs=[
            ("Power electronics for electrolysers",
             "We seek suppliers of high-current rectifiers and grid equipment for large electrolysers.",
             ["Converters and inverters", "Grid-connection equipment"],
             ["high-current rectifiers", "electrolyser power supply"]),
            ("Offtakers in shipping",
             "Looking for shipping companies that will buy green fuel under long-term contracts.",
             ["Alternative marine fuels"],
             ["green methanol offtake", "fuel contracts"]),
        ]),
    "district_heating": dict(
        names=["Heat", "Thermal", "Varme"],
        what=["supplies large heat pumps and district heating networks",
              "designs waste heat recovery for cities and industry"],
        comps=["Large-scale heat pumps", "Heat networks and pipes", "Waste heat recovery",
               "Thermal energy storage"],
        kw=["district heating", "heat pumps", "surplus heat", "heat networks", "pit storage"],
        offers=[
            ("Heat pumps and heat networks",
             "Large heat pumps, pre-insulated pipes and design of district heating networks.",
             ["Large-scale heat pumps", "Heat networks and pipes"],
             ["district heating", "heat pumps", "heat networks"]),
            ("Industrial waste heat recovery",
             "We turn surplus heat from industry and data centres into district heating.",
             ["Waste heat recovery"],
             ["surplus heat", "heat recovery"]),
        ],
        needs=[
            ("Digital twin of heat networks",
             "We need simulation and real-time optimisation of our network temperatures and pumps.",
             ["Digital twins and simulation", "Grid digital twins"],
             ["network simulation", "real-time optimisation"]),
            ("Excess heat from data centres",
             "Seeking data centre operators who want to sell their excess heat.",
             ["Cloud infrastructure and DevOps", "Waste heat recovery"],
             ["excess heat from data centres"]),
        ]),
    "smart_grid": dict(
        names=["Energy Systems", "Grid", "Flex"],
        what=["develops energy management and demand response software",
              "aggregates flexible consumption for the power market"],
        comps=["Demand response and flexibility", "Energy management systems", "Grid digital twins",
               "Data engineering"],
        kw=["flexibility", "EMS", "aggregator", "demand response", "smart grid"],
        offers=[
            ("Energy management and flexibility software",
             "Software that steers heat pumps, batteries and chargers to follow prices and grid needs.",
             ["Energy management systems", "Demand response and flexibility"],
             ["flexibility", "EMS", "aggregator"]),
        ],
        needs=[
            ("Metering devices and IoT",
             "Looking for IoT hardware that measures and controls loads in buildings.",
             ["Wireless sensor networks", "IoT device management"],
             ["smart meters", "load control devices"]),
        ]),
    "biogas": dict(
        names=["Biogas", "BioEnergy", "Bioenergi"],
        what=["builds and operates biogas and biomethane plants",
              "upgrades biogas to grid-quality biomethane"],
        comps=["Biogas and biomethane", "Waste heat recovery", "Industrial symbiosis"],
        kw=["anaerobic digestion", "biomethane upgrading", "manure", "organic waste"],
        offers=[
            ("Biogas plant engineering",
             "Design and operation of anaerobic digestion plants and biomethane upgrading.",
             ["Biogas and biomethane"],
             ["anaerobic digestion", "biomethane upgrading"]),
        ],
        needs=[
            ("Feedstock from food industry",
             "We seek food and dairy producers with organic side streams.",
             ["Meat, poultry and fish processing", "Dairy processing"],
             ["food waste streams", "side streams"]),
        ]),
    # ----- food & agritech --------------------------------------------------
    "meat_processor": dict(
        names=["Foods", "Slagteri", "Meat", "Fish"],
        what=["processes pork, poultry and fish for European retail",
              "runs meat and fish processing plants"],
        comps=["Meat, poultry and fish processing", "Food process equipment", "Hygienic design",
               "Food traceability systems"],
        kw=["slaughterhouse", "pork processing", "fish filleting", "retail packs", "food production"],
        offers=[
            ("Production site for automation pilots",
             "Our plant is open for pilots of new automation and inspection on real meat lines.",
             ["Meat, poultry and fish processing", "Pilot production lines"],
             ["pilot line", "factory test site", "meat processing"]),
        ],
        needs=[
            ("Robotic handling of meat cuts",
             "We need robots with vision that can pick and place raw meat cuts at line speed.",
             ["Cobot application development", "2D and 3D vision systems",
              "Hygienic and food-safe grippers"],
             ["automation of deboning", "vision-guided cutting", "robot handling of meat"]),
            ("Valorisation of by-products",
             "Looking for partners to turn by-products into biogas or ingredients.",
             ["Biogas and biomethane", "Industrial symbiosis"],
             ["by-products", "side-stream use"]),
        ]),
    "dairy": dict(
        names=["Dairy", "Mejeri", "Dairy Ingredients"],
        what=["produces cheese, milk powders and whey protein",
              "is a dairy company focused on ingredients"],
        comps=["Dairy processing", "Cheese, yoghurt and fermented dairy",
               "Dairy ingredients and whey proteins"],
        kw=["whey protein", "cheese", "milk powders", "dairy ingredients", "fermented milk"],
        offers=[
            ("Dairy ingredients and application know-how",
             "Whey protein concentrates, milk powders and application labs for product development.",
             ["Dairy ingredients and whey proteins", "Dairy processing"],
             ["whey protein", "milk powders", "application lab"]),
        ],
        needs=[
            ("Precision fermentation partners",
             "We seek partners producing animal-free milk proteins by fermentation.",
             ["Precision fermentation"],
             ["animal-free dairy proteins", "recombinant proteins"]),
            ("Process heat from heat pumps",
             "Looking for heat pump solutions to replace gas boilers in our plants.",
             ["Large-scale heat pumps", "Waste heat recovery"],
             ["electrified process heat", "gas boiler replacement"]),
        ]),
    "food_equipment": dict(
        names=["Food Tech", "Process Equipment", "Machinery"],
        what=["builds hygienic processing equipment for the food industry",
              "makes conveyors, mixers and CIP systems"],
        comps=["Food process equipment", "Packaging machinery", "Hygienic design",
               "Sheet metal, welding and joining"],
        kw=["stainless steel equipment", "CIP", "conveyors", "hygienic design", "food machinery"],
        offers=[
            ("Hygienic processing equipment",
             "Stainless steel conveyors, mixers and cleaning-in-place systems built to EHEDG guidelines.",
             ["Food process equipment", "Hygienic design"],
             ["stainless steel equipment", "CIP", "EHEDG"]),
        ],
        needs=[
            ("Camera-based quality grading",
             "We want to add optical sorting and grading to our conveyor lines.",
             ["Vision-based quality inspection", "Hyperspectral imaging"],
             ["optical sorting", "camera-based grading"]),
            ("Predictive maintenance for food machines",
             "Looking for analytics partners to predict failures in our installed machines.",
             ["Predictive maintenance analytics"],
             ["machine health", "service analytics"]),
        ],
        also="dk-robotics"),
    "food_safety": dict(
        names=["Food Lab", "Food Safety", "Analytics"],
        what=["tests food for pathogens and contaminants",
              "offers food safety audits and traceability systems"],
        comps=["Contaminant and pathogen detection", "Food traceability systems",
               "Food regulation and novel food approval", "In vitro diagnostics"],
        kw=["Listeria testing", "food safety audits", "lab analysis", "traceability", "allergens"],
        offers=[
            ("Rapid pathogen testing",
             "Accredited lab and rapid tests for Listeria, Salmonella and allergens.",
             ["Contaminant and pathogen detection", "Accredited testing laboratories"],
             ["Listeria testing", "lab analysis", "allergen testing"]),
        ],
        needs=[
            ("Inline contamination sensing",
             "We seek sensor makers for real-time detection of contamination on the line.",
             ["Hyperspectral imaging", "Environmental sensors"],
             ["real-time contamination sensing", "inline detection"]),
        ]),
    "food_packaging": dict(
        names=["Packaging", "Pack", "Emballage"],
        what=["develops recyclable packaging for food",
              "makes fibre-based trays and packaging machinery"],
        comps=["Sustainable packaging materials", "Shelf-life extension", "Packaging machinery",
               "Bio-based polymers"],
        kw=["mono-material packaging", "fibre trays", "modified atmosphere", "recyclable packaging"],
        offers=[
            ("Recyclable food packaging",
             "Mono-material and fibre-based packaging with modified atmosphere for long shelf life.",
             ["Sustainable packaging materials", "Shelf-life extension"],
             ["mono-material packaging", "fibre trays", "modified atmosphere"]),
        ],
        needs=[
            ("Compostable barrier layers",
             "Looking for bio-based coatings that give oxygen and grease barriers.",
             ["Thin films and plasma treatment", "Bio-based polymers"],
             ["compostable barrier layers", "bio-based coatings"]),
            ("Life cycle assessment of packaging",
             "Need LCA experts to document the climate impact of our packaging.",
             ["Product life cycle assessment"],
             ["LCA", "climate footprint"]),
        ]),
    "alt_protein": dict(
        names=["Protein", "Plant Foods", "Foods"],
        what=["produces plant-based protein ingredients and meat alternatives",
              "develops new proteins from peas, beans and insects"],
        comps=["Plant-based proteins", "Precision fermentation", "Insect protein"],
        kw=["pea protein", "meat alternatives", "texturisation", "novel food", "plant-based"],
        offers=[
            ("Plant-based protein ingredients",
             "Texturised pea and faba protein for meat and dairy alternatives.",
             ["Plant-based proteins"],
             ["pea protein", "meat alternatives", "texturisation"]),
        ],
        needs=[
            ("Novel food approval",
             "We need regulatory help with an EFSA novel food dossier.",
             ["Food regulation and novel food approval"],
             ["EFSA dossier", "novel food"]),
            ("Contract fermentation capacity",
             "Looking for fermentation capacity to scale up a new protein ingredient.",
             ["Enzymes and industrial biotech", "Precision fermentation"],
             ["contract fermentation", "scale-up capacity"]),
        ]),
    "precision_farming": dict(
        names=["Agritech", "Farm Data", "Agro"],
        what=["delivers sensing and software for precision farming",
              "develops livestock sensors and farm management systems"],
        comps=["Crop sensing and field mapping", "Livestock monitoring", "Farm management software",
               "Agricultural drones"],
        kw=["satellite imagery", "variable-rate application", "livestock sensors", "farm software",
            "field mapping"],
        offers=[
            ("Field sensing and farm data",
             "Field maps from satellites and drones, and software for variable-rate application.",
             ["Crop sensing and field mapping", "Farm management software"],
             ["satellite imagery", "variable-rate application", "field maps"]),
        ],
        needs=[
            ("Edge AI for field robots",
             "We seek partners who can run weed and crop recognition on low-power devices in the field.",
             ["Edge computing", "Computer vision algorithms"],
             ["on-device weed recognition", "edge AI"]),
            ("Autonomous field robots",
             "Looking for mobile robot developers to build autonomous field robots with us.",
             ["Navigation and SLAM"],
             ["autonomous field robots", "robot navigation outdoors"]),
        ]),
    "greenhouse": dict(
        names=["Greenhouse", "Horti", "Growers"],
        what=["grows vegetables in high-tech greenhouses",
              "supplies greenhouse and vertical farming systems"],
        comps=["Greenhouse and vertical farming", "Crop sensing and field mapping",
               "Energy management systems"],
        kw=["greenhouse horticulture", "vertical farming", "LED growing", "tomatoes", "climate control"],
        offers=[
            ("Greenhouse test facilities",
             "Our greenhouses host trials of sensors, robots and lighting under commercial conditions.",
             ["Greenhouse and vertical farming", "Test beds and living labs"],
             ["greenhouse trials", "commercial growing conditions"]),
        ],
        needs=[
            ("Harvest robots",
             "We need robots with vision that can harvest tomatoes and cucumbers.",
             ["Cobot application development", "2D and 3D vision systems"],
             ["harvest robots for tomatoes", "fruit picking"]),
            ("Heat supply for greenhouses",
             "Looking for heat pump and waste heat partners to cut gas use.",
             ["Large-scale heat pumps", "Waste heat recovery"],
             ["greenhouse heating", "low-carbon heat"]),
        ]),
    "bakery": dict(
        names=["Bakery", "Bageri", "Baked Goods"],
        what=["produces bread and pastries for retail and food service",
              "is an industrial bakery"],
        comps=["Bakery and confectionery", "Packaging machinery", "Food process equipment"],
        kw=["industrial baking", "pastries", "frozen bakery", "gluten-free"],
        offers=[
            ("Bakery product development",
             "Recipe development and test bakes on industrial lines for new bakery products.",
             ["Bakery and confectionery"],
             ["industrial baking", "test bakes"]),
        ],
        needs=[
            ("Robotic packing of baked goods",
             "We want robots that pick fragile pastries from the belt into trays.",
             ["Cobot application development", "Vacuum and soft grippers"],
             ["pick-and-place of pastries", "gentle handling"]),
        ]),
    "aquaculture": dict(
        names=["Aqua", "Seafood", "Fish Farming"],
        what=["builds recirculating aquaculture systems",
              "farms fish on land and develops fish feed"],
        comps=["Recirculating aquaculture systems", "Fish feed and nutrition", "Water treatment"],
        kw=["land-based fish farming", "RAS", "fish feed", "salmon", "water recirculation"],
        offers=[
            ("RAS technology",
             "Recirculating aquaculture systems with biofilters and water treatment.",
             ["Recirculating aquaculture systems", "Water treatment"],
             ["land-based fish farming", "RAS", "biofilters"]),
        ],
        needs=[
            ("Water quality sensors",
             "We seek robust sensors for oxygen, CO2 and nitrogen compounds in fish tanks.",
             ["Environmental sensors", "Ocean sensing"],
             ["water quality monitoring", "dissolved oxygen sensors"]),
        ]),
    # ----- digital ----------------------------------------------------------
    "ml_audio": dict(
        names=["AI", "Audio AI", "Labs"],
        what=["develops machine learning for speech and audio",
              "builds on-device neural networks for sound"],
        comps=["Machine learning for audio and speech", "Noise reduction and speech enhancement",
               "Edge computing"],
        kw=["deep learning audio", "speech enhancement", "on-device AI", "sound event detection"],
        offers=[
            ("Machine-learning speech enhancement",
             "Neural networks that separate speech from noise in real time on small devices.",
             ["Machine learning for audio and speech", "Noise reduction and speech enhancement"],
             ["deep learning audio", "speech enhancement", "on-device AI"]),
        ],
        needs=[
            ("Real-life recordings and test users",
             "We seek partners with real-life audio recordings and listening panels to validate our models.",
             ["Listening tests and sound quality evaluation", "Hearing diagnostics and audiometry"],
             ["field recordings", "user panels"]),
            ("Low-power inference hardware",
             "Looking for chip and DSP partners to run our models at a few milliwatts.",
             ["Low-power chip design", "DSP and FPGA development"],
             ["neural accelerators", "milliwatt inference"]),
        ],
        also="dk-sound"),
    "computer_vision_ai": dict(
        names=["Vision AI", "AI", "Analytics"],
        what=["builds computer vision AI for industry",
              "develops image recognition and predictive maintenance models"],
        comps=["Computer vision algorithms", "Predictive maintenance analytics", "Edge computing"],
        kw=["image recognition", "defect detection AI", "edge inference", "anomaly detection"],
        offers=[
            ("Computer vision AI for inspection",
             "Trained neural networks for defect detection and counting, deployable on edge devices.",
             ["Computer vision algorithms", "Edge computing"],
             ["image recognition", "defect detection AI", "edge inference"]),
            ("Predictive maintenance models",
             "Machine-learning models that forecast failures from vibration and process data.",
             ["Predictive maintenance analytics"],
             ["failure forecasting", "vibration analytics"]),
        ],
        needs=[
            ("Industrial image and sensor data",
             "We seek manufacturers and asset owners willing to share production images or machine data.",
             ["Vision-based quality inspection", "Wind turbine condition monitoring"],
             ["production images", "machine data"]),
        ]),
    "cybersecurity": dict(
        names=["Security", "Cyber", "SecureIT"],
        what=["delivers cybersecurity assessments and managed security",
              "secures industrial control systems and medical devices"],
        comps=["OT and industrial security", "Medical device cybersecurity",
               "Identity and access management"],
        kw=["penetration testing", "IEC 62443", "NIS2 compliance", "security audits"],
        offers=[
            ("Security assessments for OT and devices",
             "Penetration tests and IEC 62443 / medical-device security assessments.",
             ["OT and industrial security", "Medical device cybersecurity"],
             ["penetration testing", "IEC 62443", "NIS2 compliance"]),
        ],
        needs=[
            ("Pilot customers in manufacturing",
             "We seek manufacturers that want to test a managed OT security service.",
             ["Industry 4.0 readiness"],
             ["factory pilots", "industrial customers"]),
        ]),
    "iot_connectivity": dict(
        names=["IoT", "Connect", "Sensors"],
        what=["builds IoT connectivity and wireless sensor networks",
              "develops low-power sensor nodes and device management"],
        comps=["Wireless sensor networks", "Low-power connectivity", "IoT device management",
               "Environmental sensors"],
        kw=["LoRaWAN", "NB-IoT", "sensor networks", "device management", "Bluetooth Low Energy"],
        offers=[
            ("IoT connectivity and sensor networks",
             "Low-power sensor nodes, LoRaWAN/NB-IoT connectivity and device management.",
             ["Wireless sensor networks", "Low-power connectivity", "IoT device management"],
             ["LoRaWAN", "NB-IoT", "sensor networks"]),
        ],
        needs=[
            ("Energy harvesting for sensors",
             "We want battery-free sensor nodes powered by light or vibration.",
             ["Solar photovoltaics", "Acoustic sensors and vibration sensors"],
             ["battery-free sensors", "energy harvesting"]),
        ]),
    "embedded_design": dict(
        names=["Electronics", "Embedded", "Design"],
        what=["designs embedded electronics and firmware",
              "is an electronics design house for low-power products"],
        comps=["Embedded firmware", "DSP and FPGA development", "Printed circuit board design",
               "Low-power chip design"],
        kw=["firmware", "FPGA", "PCB layout", "ultra-low-power design", "electronics design"],
        offers=[
            ("Embedded electronics design",
             "Firmware, FPGA and PCB design for battery-powered and wearable products.",
             ["Embedded firmware", "Printed circuit board design", "DSP and FPGA development"],
             ["firmware", "FPGA", "PCB layout"]),
            ("Ultra-low-power chip design",
             "Mixed-signal ASIC design for sensors and audio at microwatt power levels.",
             ["Low-power chip design"],
             ["ASIC", "mixed-signal", "microwatt"]),
        ],
        needs=[
            ("EMC and radio test house",
             "Looking for an accredited lab for EMC and radio approval of customer products.",
             ["Accredited testing laboratories", "CE marking and conformity assessment"],
             ["EMC test house", "radio approval"]),
        ]),
    "data_platform": dict(
        names=["Data", "Cloud", "Insights"],
        what=["builds data platforms and cloud services",
              "helps companies with data engineering and dashboards"],
        comps=["Data engineering", "Business intelligence", "SaaS platform development",
               "Cloud infrastructure and DevOps"],
        kw=["data lakes", "dashboards", "cloud migration", "data pipelines", "SaaS"],
        offers=[
            ("Data platforms and cloud services",
             "Data pipelines, dashboards and SaaS development on public or sovereign clouds.",
             ["Data engineering", "SaaS platform development", "Cloud infrastructure and DevOps"],
             ["data lakes", "dashboards", "cloud migration"]),
        ],
        needs=[
            ("Domain partners in energy and health",
             "We seek energy and health companies with data products to build together.",
             ["Energy management systems", "Health data platforms"],
             ["domain expertise", "data products"]),
        ]),
    "digital_twin": dict(
        names=["Simulation", "Twin", "Digital"],
        what=["builds digital twins of plants, grids and machines",
              "develops physics-based simulation software"],
        comps=["Digital twins and simulation", "Grid digital twins",
               "Robot simulation and offline programming"],
        kw=["simulation models", "virtual commissioning", "physics-based models", "digital twin"],
        offers=[
            ("Digital twins of assets and networks",
             "Physics-based and data-driven digital twins of heat networks, grids and production lines.",
             ["Digital twins and simulation", "Grid digital twins"],
             ["simulation models", "physics-based models", "digital twin"]),
        ],
        needs=[
            ("Operational data from assets",
             "Looking for operators of wind farms and heat networks to share sensor data.",
             ["Wind farm operation and maintenance", "Heat networks and pipes"],
             ["sensor data from assets", "operator partners"]),
        ],
        also="dk-energy"),
    "ar_vr": dict(
        names=["Reality", "XR", "Interactive"],
        what=["develops augmented reality tools for field service",
              "builds VR training for industry"],
        comps=["AR and VR", "UX design"],
        kw=["augmented reality", "remote assistance", "VR training", "UX"],
        offers=[
            ("AR for service technicians",
             "Augmented-reality work instructions and remote expert assistance.",
             ["AR and VR"],
             ["augmented reality", "remote assistance"]),
        ],
        needs=[
            ("Industrial service organisations",
             "We seek service organisations in wind and automation to pilot AR support.",
             ["Wind farm operation and maintenance", "Robot system integration"],
             ["field service pilots"]),
        ]),
    "nlp": dict(
        names=["Language", "Speech", "NLP"],
        what=["develops speech recognition and language models for Nordic languages",
              "builds voice interfaces"],
        comps=["Natural language processing", "Machine learning for audio and speech"],
        kw=["speech recognition", "Danish language models", "voice interfaces", "transcription"],
        offers=[
            ("Speech recognition and language technology",
             "Speech-to-text and language models for Nordic languages, on-premise or cloud.",
             ["Natural language processing", "Machine learning for audio and speech"],
             ["speech recognition", "Danish language models", "transcription"]),
        ],
        needs=[
            ("Far-field microphone front-end",
             "Looking for audio partners with microphone arrays and beamforming for noisy rooms.",
             ["Beamforming and microphone arrays", "Noise reduction and speech enhancement"],
             ["far-field microphones", "noisy rooms"]),
        ]),
    # ----- maritime ---------------------------------------------------------
    "subsea": dict(
        names=["Subsea", "Marine Robotics", "Ocean"],
        what=["operates ROVs and AUVs for subsea inspection",
              "develops subsea robots for offshore structures"],
        comps=["Subsea robotics", "Underwater acoustics and sonar", "Offshore wind foundations"],
        kw=["ROV", "subsea inspection", "AUV", "offshore structures", "sonar surveys"],
        offers=[
            ("ROV and AUV inspection",
             "Inspection of subsea structures, cables and scour with ROVs, AUVs and multibeam sonar.",
             ["Subsea robotics", "Underwater acoustics and sonar"],
             ["ROV", "subsea inspection", "multibeam sonar"]),
        ],
        needs=[
            ("Offshore wind customers",
             "We seek offshore wind operators to apply our subsea inspection to foundations.",
             ["Offshore wind foundations", "Wind farm operation and maintenance"],
             ["inspection contracts at wind farms", "foundation monitoring"]),
            ("AI interpretation of sonar data",
             "Looking for machine-learning partners to interpret sonar images automatically.",
             ["Computer vision algorithms"],
             ["automatic sonar interpretation"]),
        ]),
    "underwater_acoustics": dict(
        names=["Hydroacoustics", "Sonar", "Marine Acoustics"],
        what=["makes hydrophones and sonar systems",
              "measures and models underwater noise"],
        comps=["Underwater acoustics and sonar", "Acoustic sensors and vibration sensors",
               "Beamforming and microphone arrays", "Environmental and traffic noise"],
        kw=["hydrophones", "sonar arrays", "underwater noise measurement", "marine mammals"],
        offers=[
            ("Sonar and hydrophone systems",
             "Hydrophones and sonar arrays for research, offshore and fisheries.",
             ["Underwater acoustics and sonar", "Beamforming and microphone arrays"],
             ["hydrophones", "sonar arrays"]),
            ("Underwater noise assessment",
             "Measurement and modelling of underwater noise from piling and ships.",
             ["Underwater acoustics and sonar", "Environmental and traffic noise"],
             ["underwater noise measurement", "piling noise"]),
        ],
        needs=[
            ("Low-noise transducer components",
             "We seek suppliers of piezo elements and low-noise acoustic sensors.",
             ["Acoustic sensors and vibration sensors"],
             ["piezo elements", "low-noise sensing"]),
        ]),
    "green_shipping": dict(
        names=["Maritime", "Shipping", "Marine"],
        what=["operates ships and retrofits them for lower emissions",
              "develops green fuel solutions for shipping"],
        comps=["Alternative marine fuels", "Emission reduction technology", "Shore power",
               "Ship retrofitting"],
        kw=["scrubbers", "ammonia engines", "shore power", "green shipping", "methanol vessels"],
        offers=[
            ("Emission reduction retrofits",
             "Retrofits of engines, scrubbers and shore power connections on existing vessels.",
             ["Emission reduction technology", "Ship retrofitting", "Shore power"],
             ["scrubbers", "shore power", "engine retrofit"]),
        ],
        needs=[
            ("Green fuel supply",
             "We seek producers of e-methanol and green ammonia for bunkering.",
             ["Green ammonia and e-methanol", "Electrolysers"],
             ["e-fuel bunkering", "green ammonia supply"]),
        ]),
    "ship_design": dict(
        names=["Naval", "Marine Design", "Yards"],
        what=["designs and builds ferries and work boats",
              "provides naval architecture and propulsion design"],
        comps=["Ship design", "Marine propulsion", "Ship retrofitting", "Fibre-reinforced polymers"],
        kw=["naval architecture", "hybrid ferries", "work boats", "propulsion"],
        offers=[
            ("Vessel design and propulsion",
             "Naval architecture for hybrid and electric ferries and offshore work boats.",
             ["Ship design", "Marine propulsion"],
             ["naval architecture", "hybrid ferries"]),
        ],
        needs=[
            ("Batteries for vessels",
             "Looking for marine-certified battery systems for electric ferries.",
             ["Lithium-ion battery systems", "Battery management systems"],
             ["marine batteries", "ferry electrification"]),
        ]),
    "ports": dict(
        names=["Port", "Logistics", "Terminals"],
        what=["operates port terminals and logistics services",
              "develops port automation and cold chain logistics"],
        comps=["Port automation", "Cold chain logistics", "Supply chain visibility"],
        kw=["port terminals", "cold chain", "container logistics", "supply chain tracking"],
        offers=[
            ("Port logistics and cold chain",
             "Terminal handling, cold storage and tracking for seafood and food exports.",
             ["Cold chain logistics", "Supply chain visibility"],
             ["cold chain", "seafood exports"]),
        ],
        needs=[
            ("Automated terminal vehicles",
             "We seek autonomous vehicles and fleet software for terminal transport.",
             ["Indoor logistics robots", "Robot fleet management software"],
             ["autonomous terminal tractors"]),
        ]),
    "ocean_sensing": dict(
        names=["Ocean Sensors", "Marine Instruments", "Sea"],
        what=["makes ocean sensors and data buoys",
              "monitors water quality in fjords and fish farms"],
        comps=["Ocean sensing", "Environmental sensors", "Wireless sensor networks"],
        kw=["oceanographic sensors", "water quality buoys", "fjord monitoring", "dissolved oxygen"],
        offers=[
            ("Ocean and water quality sensors",
             "Buoys and probes that measure oxygen, temperature and algae in real time.",
             ["Ocean sensing", "Environmental sensors"],
             ["oceanographic sensors", "water quality buoys", "dissolved oxygen"]),
        ],
        needs=[
            ("Satellite and IoT connectivity at sea",
             "We need low-power connectivity and device management for remote buoys.",
             ["Low-power connectivity", "IoT device management"],
             ["offshore connectivity", "remote device updates"]),
        ]),
}

# Researchers and knowledge institutions get generic academic offers/needs
# built from their archetype's competences.

COUNTRY_ADJ = {"DK": "Danish", "SE": "Swedish", "DE": "German", "NL": "Dutch", "NO": "Norwegian"}

REGION_NAMES = {
    "DK01": "the Capital Region", "DK02": "Zealand", "DK03": "Southern Denmark",
    "DK04": "Central Jutland", "DK05": "North Jutland",
    "SE11": "Stockholm", "SE12": "East Middle Sweden", "SE21": "Småland", "SE22": "Skåne",
    "SE23": "West Sweden",
    "DE94": "Weser-Ems", "DE92": "the Hanover region", "DE60": "Hamburg", "DE21": "Upper Bavaria",
    "DE11": "the Stuttgart region", "DEA2": "the Cologne region", "DEF0": "Schleswig-Holstein",
    "NL22": "Gelderland", "NL33": "South Holland", "NL41": "North Brabant", "NL32": "North Holland",
    "NL21": "Overijssel", "NL13": "Drenthe",
    "NO0A": "Western Norway", "NO06": "Trøndelag", "NO08": "Oslo and Viken", "NO09": "Agder",
    "NO07": "Northern Norway",
}

COUNTRY_REGIONS = {
    "DK": ["DK01", "DK02", "DK03", "DK04", "DK05"],
    "SE": ["SE11", "SE12", "SE21", "SE22", "SE23"],
    "DE": ["DE94", "DE92", "DE60", "DE21", "DE11", "DEA2"],
    "NL": ["NL22", "NL33", "NL41", "NL32", "NL21", "NL13"],
    "NO": ["NO0A", "NO06", "NO08", "NO09", "NO07"],
}

UNIVERSITIES = {
    "DK": [("DTU", "DK01"), ("Aarhus University", "DK04"), ("Aalborg University", "DK05"),
           ("University of Southern Denmark", "DK03"), ("University of Copenhagen", "DK01")],
    "SE": [("Lund University", "SE22"), ("KTH", "SE11"), ("Chalmers", "SE23"),
           ("Linköping University", "SE12"), ("Mälardalen University", "SE12")],
    "DE": [("University of Oldenburg", "DE94"), ("Leibniz University Hannover", "DE92"),
           ("TU Hamburg", "DE60"), ("TU Munich", "DE21")],
    "NL": [("Wageningen University", "NL22"), ("TU Delft", "NL33"), ("TU Eindhoven", "NL41"),
           ("University of Twente", "NL21")],
    "NO": [("NTNU", "NO06"), ("University of Bergen", "NO0A"), ("University of Oslo", "NO08")],
}

FIRST_NAMES = {
    "DK": ["Anne", "Mette", "Søren", "Jens", "Line", "Rasmus", "Kirsten", "Mads", "Sofie", "Jonas",
           "Ida", "Frederik", "Camilla", "Henrik", "Louise", "Anders", "Maja", "Thomas", "Signe", "Bjørn"],
    "SE": ["Elin", "Karin", "Erik", "Johan", "Sara", "Linnea", "Anders", "Oskar", "Maria", "Per",
           "Emma", "Viktor"],
    "DE": ["Anna", "Julia", "Lukas", "Jonas", "Katharina", "Felix", "Laura", "Tobias", "Sarah", "Jan",
           "Lena", "Matthias"],
    "NL": ["Sanne", "Lotte", "Daan", "Bram", "Femke", "Joris", "Eva", "Ruben", "Anouk", "Thijs"],
    "NO": ["Ingrid", "Kari", "Ola", "Knut", "Silje", "Marte", "Eirik", "Håkon", "Sigrid", "Torbjørn"],
}
LAST_NAMES = {
    "DK": ["Nørgaard", "Kjær", "Holm", "Bech", "Lund", "Dahl", "Thomsen", "Mikkelsen", "Østergaard",
           "Vestergaard", "Juhl", "Bøgh", "Krogh", "Lauritzen", "Skov", "Winther", "Brandt", "Friis",
           "Gregersen", "Højgaard"],
    "SE": ["Lindqvist", "Berglund", "Sandberg", "Holmström", "Nyberg", "Ekström", "Lundgren",
           "Forsberg", "Åberg", "Sjöberg", "Hedlund"],
    "DE": ["Hoffmann", "Becker", "Schröder", "Wagner", "Meyer", "Krüger", "Lange", "Vogel",
           "Hartmann", "Köhler", "Lorenz"],
    "NL": ["de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
           "Mulder", "van der Linden", "Kok", "Vermeulen"],
    "NO": ["Haugen", "Johansen", "Solberg", "Lie", "Dahle", "Strand", "Bakke", "Myhre", "Aasen",
           "Moen", "Eide", "Ødegård"],
}

STEM_A = {
    "DK": ["Nord", "Vest", "Øster", "Sønder", "Fjord", "Lyng", "Bølge", "Hav", "Skov", "Strand",
           "Kær", "Ege", "Birke", "Sten", "Klit", "Mølle", "Lunde", "Bakke", "Holme", "Vang", "Ravn",
           "Falke", "Tårn", "Hede", "Mose", "Rønne", "Hvid", "Grøn", "Blå", "Lærke", "Ørne", "Å"],
    "SE": ["Berg", "Sjö", "Lind", "Ek", "Strand", "Fors", "Norr", "Sunn", "Björk", "Gran", "Hög",
           "Ljung", "Ström", "Väster", "Öster", "Mal", "Sand", "Rönn", "Alm", "Asp", "Gull"],
    "DE": ["Nord", "Wald", "Berg", "Hafen", "Linden", "Elb", "Weser", "Stein", "Feld", "Heide",
           "Klang", "Ton", "Hör", "Schall", "Eichen", "Moor", "Sonnen", "Fries", "Jade", "Ems", "Hasel"],
    "NL": ["Polder", "Dijk", "Veld", "Wad", "Zee", "Linde", "Mol", "Brug", "Eik", "Gouw", "Hoog",
           "Kade", "Vaart", "Berk", "Duin", "Beek", "Vliet", "Maas", "Gras", "Klaver"],
    "NO": ["Fjell", "Fjord", "Havn", "Djup", "Nes", "Tind", "Bølge", "Sjø", "Strand", "Skjær",
           "Kyst", "Nord", "Vest", "Bjørn", "Eide", "Stor", "Lys", "Fonn", "Vind", "Mål"],
}
STEM_B = {
    "DK": ["holm", "dal", "bæk", "sø", "by", "lund", "vig", "gård", "høj", "næs", "rup", "borg",
           "hus", "løkke", "skov", "strand"],
    "SE": ["vik", "dal", "berg", "by", "holm", "näs", "sund", "å", "lund", "ström", "hagen", "torp"],
    "DE": ["feld", "berg", "hof", "bach", "dorf", "hausen", "brück", "tal", "stein", "mark", "werk", "au"],
    "NL": ["hoven", "dam", "veld", "wijk", "horst", "dijk", "kamp", "meer", "burg", "sloot", "brink",
           "haven"],
    "NO": ["vik", "nes", "dal", "berg", "øy", "havn", "sund", "fjord", "heim", "stad", "land", "voll"],
}

KI_TEMPLATES = ["{adj} Institute of {field}", "{field} Competence Centre, {area}",
                "Centre for {field}, {area}", "Test and Demonstration Centre for {field}, {area}"]

# Clusters: (weights of archetypes among company/researcher/KI members).
CLUSTERS = [
    dict(id="dk-sound", name="SoundHub Denmark", country="DK", region="DK01", members=60,
         description="SoundHub Denmark is a fictional national cluster for sound and hearing technology. "
                     "It connects hearing-aid makers, audio companies, acoustic consultants and university labs through "
                     "matchmaking events, test-facility access and joint innovation projects.",
         comps=["Hearing technology", "Transducers and acoustic components", "Audio signal processing",
                "Acoustic measurement and testing", "Psychoacoustics and perception"],
         kw=["hearing aids", "acoustics", "audio", "loudspeakers", "sound quality", "hearing technology"],
         offers=[("Matchmaking with Danish sound and hearing companies",
                  "We open doors to more than fifty Danish companies and labs in hearing, audio and acoustics.",
                  ["Hearing technology", "Audio signal processing", "Open innovation and matchmaking"],
                  ["sound industry network", "hearing technology ecosystem"])],
         needs=[("Partner cluster in hearing research",
                 "We seek a foreign cluster in hearing and audiology for joint projects and delegation visits.",
                 ["Hearing aids", "Hearing diagnostics and audiometry", "Consortium building"],
                 ["hearing research clusters", "audiology partners abroad"]),
                ("Links to AI and electronics companies",
                 "Our members need machine learning and low-power electronics partners.",
                 ["Machine learning for audio and speech", "Low-power chip design"],
                 ["AI for audio", "chip partners"])],
         arch={"hearing_aid_maker": 2, "transducer_maker": 4, "audio_dsp_house": 4,
               "acoustic_measurement": 3, "noise_control": 3, "pro_audio": 4, "psychoacoustics": 2,
               "hearables": 3, "underwater_acoustics": 1},
         ki_fields=["Applied Acoustics", "Hearing Research", "Electroacoustics"],
         public=["Greater Copenhagen Business Office", "Vesterå Municipality Business Desk"],
         other="Audio Entrepreneurs Association",
         foreign=[("SE", "SE22")]),
    dict(id="dk-robotics", name="RoboFyn Cluster", country="DK", region="DK03", members=65,
         description="RoboFyn Cluster is a fictional Danish robotics and automation cluster. "
                     "Its members build collaborative robots, grippers, vision systems, drones and mobile robots, "
                     "and it runs a shared test hall for automation pilots.",
         comps=["Collaborative robots", "Machine vision", "Grippers and end-of-arm tooling",
                "Autonomous mobile robots", "Drones, UAVs and unmanned systems", "Industrial automation software"],
         kw=["robotics", "cobots", "automation", "drones", "machine vision", "mobile robots"],
         offers=[("Robot test hall and automation pilots",
                  "Members and guests can test robot solutions in our shared hall with engineers on hand.",
                  ["Collaborative robots", "Test beds and living labs"],
                  ["automation test hall", "robot pilots"])],
         needs=[("Application partners in food and health",
                 "We seek clusters in food and life science whose members need automation.",
                 ["Food process equipment", "Pharmaceutical manufacturing"],
                 ["automation users", "food and pharma industries"]),
                ("International robotics partner cluster",
                 "Looking for a robotics cluster abroad for joint EU projects and market access.",
                 ["Robot system integration", "Consortium building"],
                 ["robotics clusters abroad", "EU robotics projects"])],
         arch={"cobot_maker": 2, "robot_integrator": 5, "machine_vision": 4, "gripper_maker": 3,
               "amr_maker": 3, "drone_company": 3, "motion_control": 2, "automation_software": 3,
               "care_robotics": 2},
         ki_fields=["Robotics", "Automation", "Unmanned Systems"],
         public=["Funen Business Development Agency", "Egebæk Municipality Business Office"],
         other="Robot Start-up Garage",
         foreign=[("DE", "DEF0")]),
    dict(id="dk-lifescience", name="BioMed Denmark Network", country="DK", region="DK01", members=60,
         description="BioMed Denmark Network is a fictional life-science cluster covering medtech, diagnostics, "
                     "biotech and pharmaceutical production. It helps members find clinical, manufacturing and "
                     "digital partners.",
         comps=["Medical devices", "Diagnostics", "Biotechnology", "Clinical research",
                "Pharmaceutical manufacturing", "Digital health"],
         kw=["medtech", "biotech", "diagnostics", "clinical trials", "pharma", "digital health"],
         offers=[("Access to Danish life-science companies and hospitals",
                  "We connect partners with medtech, biotech and pharma companies and university hospitals.",
                  ["Medical devices", "Clinical research", "Open innovation and matchmaking"],
                  ["life science network", "hospital access"])],
         needs=[("Robotics and sensors for life science",
                 "We seek partners in automation and sensor technology for lab, production and wearables.",
                 ["Cobot application development", "Acoustic sensors and vibration sensors"],
                 ["lab automation partners", "sensor suppliers"])],
         arch={"medtech_wearable": 3, "diagnostics": 3, "biotech": 3, "cro": 2,
               "pharma_manufacturing": 3, "digital_health": 3, "medical_device_maker": 3,
               "hearing_health": 1, "care_robotics": 1},
         ki_fields=["Medical Technology", "Clinical Research", "Biotechnology"],
         public=["Capital Region Life Science Office", "Ravnsø Municipality Health Innovation Unit"],
         other="MedTech Incubator Øresund",
         foreign=[("SE", "SE22")]),
    dict(id="dk-energy", name="Green Power Cluster Denmark", country="DK", region="DK04", members=55,
         description="Green Power Cluster Denmark is a fictional energy cluster for wind, power electronics, "
                     "storage, Power-to-X and district heating. It runs test sites and partner searches for the "
                     "green transition.",
         comps=["Wind energy", "Power electronics", "Energy storage", "Hydrogen and Power-to-X",
                "District heating and cooling", "Smart grid and energy systems"],
         kw=["wind energy", "Power-to-X", "district heating", "batteries", "green transition", "smart grid"],
         offers=[("Energy test sites and partner search",
                  "Access to test sites for wind, storage and Power-to-X and to our member companies.",
                  ["Wind energy", "Hydrogen and Power-to-X", "Test beds and living labs"],
                  ["energy test sites", "green transition partners"])],
         needs=[("Ocean and maritime partner cluster",
                 "We seek a maritime cluster for offshore wind services and green fuels for shipping.",
                 ["Subsea robotics", "Alternative marine fuels"],
                 ["offshore and ocean technology", "shipping decarbonisation"]),
                ("Digital partners for energy systems",
                 "Our members need digital twins, analytics and cybersecurity.",
                 ["Digital twins and simulation", "OT and industrial security"],
                 ["energy digitalisation"])],
         arch={"wind_blades": 2, "wind_om": 3, "power_electronics": 3, "battery_storage": 3,
               "power_to_x": 3, "district_heating": 3, "smart_grid": 3, "biogas": 2},
         ki_fields=["Wind Energy", "Energy Systems", "Power-to-X"],
         public=["Central Jutland Energy Office", "Hedelund Municipality Climate Secretariat"],
         other="Energy Transition Investors Network",
         foreign=[("DE", "DEF0")]),
    dict(id="dk-food", name="Jutland FoodTech Cluster", country="DK", region="DK04", members=55,
         description="Jutland FoodTech Cluster is a fictional cluster for food production, dairy, packaging, "
                     "alternative proteins and agritech. It matches food companies with technology providers "
                     "and research.",
         comps=["Food processing", "Dairy", "Food safety and quality", "Food packaging",
                "Alternative proteins", "Precision farming"],
         kw=["food production", "dairy", "food safety", "packaging", "agritech", "alternative proteins"],
         offers=[("Access to Danish food producers",
                  "We connect technology providers with meat, dairy and bakery producers ready to pilot.",
                  ["Food processing", "Dairy", "Pilot production lines"],
                  ["food producers", "pilot sites in food"])],
         needs=[("Robotics partner cluster",
                 "We seek a robotics cluster whose members can automate handling and inspection in food plants.",
                 ["Cobot application development", "Vision-based quality inspection",
                  "Hygienic and food-safe grippers"],
                 ["food automation", "robot handling in food plants"])],
         arch={"meat_processor": 3, "dairy": 3, "food_equipment": 3, "food_safety": 2,
               "food_packaging": 3, "alt_protein": 2, "precision_farming": 3, "bakery": 2,
               "aquaculture": 2},
         ki_fields=["Food Technology", "Food Safety", "Agricultural Technology"],
         public=["West Jutland Business Development", "Kærby Municipality Food Office"],
         other="FoodTech Accelerator Jutland",
         foreign=[("SE", "SE22"), ("NL", "NL22")]),
    dict(id="dk-digital", name="DataForge Cluster Denmark", country="DK", region="DK01", members=50,
         description="DataForge Cluster Denmark is a fictional cluster for software, AI, IoT, cybersecurity and "
                     "embedded electronics. It brings digital companies together with industry users.",
         comps=["Artificial intelligence and machine learning", "Cybersecurity", "Internet of Things",
                "Embedded software and electronics", "Data analytics"],
         kw=["AI", "IoT", "cybersecurity", "embedded systems", "data", "cloud"],
         offers=[("Digital competences for industry",
                  "Our members deliver AI, IoT, cloud and embedded development to other sectors.",
                  ["Artificial intelligence and machine learning", "Internet of Things",
                   "Embedded software and electronics"],
                  ["digital partners", "AI and IoT suppliers"])],
         needs=[("Industry clusters with digital needs",
                 "We seek sector clusters whose members need data, AI and security.",
                 ["Hearing technology", "Wind energy", "Food processing"],
                 ["industry users", "sector partners"])],
         arch={"ml_audio": 2, "computer_vision_ai": 3, "cybersecurity": 3, "iot_connectivity": 3,
               "embedded_design": 3, "data_platform": 3, "digital_twin": 2, "ar_vr": 2, "nlp": 2},
         ki_fields=["Computer Science", "Cybersecurity", "Embedded Systems"],
         public=["Copenhagen Digital Growth Office"],
         other="Deep Tech Founders Forum",
         foreign=[]),
    dict(id="se-robotics", name="Nordic Automation Cluster Sweden", country="SE", region="SE12", members=45,
         description="Nordic Automation Cluster Sweden is a fictional Swedish robotics cluster with strong "
                     "industrial automation, mobile robots and vision companies.",
         comps=["Collaborative robots", "Machine vision", "Industrial automation software",
                "Autonomous mobile robots", "Motion control and drives"],
         kw=["robotics", "industrial automation", "Sweden", "AMR", "machine vision"],
         offers=[("Swedish automation suppliers",
                  "Matchmaking with Swedish robot, vision and automation companies.",
                  ["Collaborative robots", "Machine vision", "Open innovation and matchmaking"],
                  ["Swedish automation", "robot suppliers"])],
         needs=[("Nordic partner cluster in food automation",
                 "We seek a food cluster in the Nordics to open new application markets for our members.",
                 ["Food processing", "Food safety and quality"],
                 ["food industry markets", "Nordic food producers"])],
         arch={"cobot_maker": 1, "robot_integrator": 4, "machine_vision": 3, "gripper_maker": 2,
               "amr_maker": 3, "motion_control": 2, "automation_software": 3, "drone_company": 1},
         ki_fields=["Robotics", "Production Technology"],
         public=["East Middle Sweden Regional Development"],
         other=None,
         foreign=[]),
    dict(id="de-hearing", name="Hörtechnik Cluster Nord", country="DE", region="DE94", members=40,
         description="Hörtechnik Cluster Nord is a fictional German cluster for hearing research and audio "
                     "technology, linking university hearing labs with hearing-instrument and sensor companies.",
         comps=["Hearing technology", "Psychoacoustics and perception", "Transducers and acoustic components",
                "Audio signal processing"],
         kw=["hearing research", "audiology", "hearing technology", "psychoacoustics", "Germany"],
         offers=[("German hearing research and industry",
                  "Access to hearing research labs, clinical audiology and sensor companies in Northern Germany.",
                  ["Hearing technology", "Psychoacoustics and perception"],
                  ["hearing research", "clinical audiology"])],
         needs=[("Nordic partner cluster in audio industry",
                 "We seek a Nordic sound cluster with hearing-aid and audio companies as industrial partners.",
                 ["Hearing aids", "Loudspeaker systems and studio monitors"],
                 ["audio industry partners", "Nordic hearing industry"])],
         arch={"hearing_aid_maker": 1, "transducer_maker": 3, "audio_dsp_house": 3, "acoustic_measurement": 2,
               "psychoacoustics": 3, "hearables": 2, "hearing_health": 2, "medtech_wearable": 1},
         ki_fields=["Hearing Research", "Audiology"],
         public=["Weser-Ems Economic Development Agency"],
         other=None,
         foreign=[]),
    dict(id="nl-agrifood", name="AgriFood Delta Cluster", country="NL", region="NL22", members=50,
         description="AgriFood Delta Cluster is a fictional Dutch agrifood cluster around greenhouse horticulture, "
                     "dairy, alternative proteins and precision farming.",
         comps=["Precision farming", "Alternative proteins", "Dairy", "Food packaging", "Food processing"],
         kw=["agrifood", "greenhouse horticulture", "alternative proteins", "dairy", "Netherlands"],
         offers=[("Dutch agrifood innovation network",
                  "Matchmaking with Dutch growers, food companies and agri-research.",
                  ["Precision farming", "Alternative proteins", "Open innovation and matchmaking"],
                  ["agrifood network", "greenhouse growers"])],
         needs=[("Partner cluster in robotics and food technology",
                 "We seek clusters whose members offer harvest robotics and food-safe automation.",
                 ["Cobot application development", "Hygienic and food-safe grippers"],
                 ["agri robotics", "food automation partners"])],
         arch={"precision_farming": 3, "greenhouse": 4, "dairy": 2, "alt_protein": 3,
               "food_equipment": 2, "food_packaging": 2, "food_safety": 2, "biotech": 1},
         ki_fields=["Plant Sciences", "Food Technology"],
         public=["Gelderland Development Agency"],
         other="Protein Transition Network",
         foreign=[]),
    dict(id="no-ocean", name="Ocean Tech Cluster West Norway", country="NO", region="NO0A", members=35,
         description="Ocean Tech Cluster West Norway is a fictional Norwegian cluster for subsea technology, "
                     "aquaculture, green shipping and ocean sensing.",
         comps=["Ocean technology", "Green shipping", "Shipbuilding and marine equipment", "Aquaculture"],
         kw=["ocean technology", "subsea", "aquaculture", "green shipping", "Norway"],
         offers=[("Norwegian ocean technology companies",
                  "Access to subsea, aquaculture and maritime companies in Western Norway.",
                  ["Ocean technology", "Green shipping", "Open innovation and matchmaking"],
                  ["ocean industries", "maritime network"])],
         needs=[("Partner cluster in offshore wind and green fuels",
                 "We seek an energy cluster whose members need subsea services and supply green fuels.",
                 ["Offshore wind foundations", "Green ammonia and e-methanol"],
                 ["offshore wind partners", "green fuel producers"])],
         arch={"subsea": 4, "underwater_acoustics": 2, "green_shipping": 3, "ship_design": 2,
               "ports": 1, "aquaculture": 3, "ocean_sensing": 3},
         ki_fields=["Ocean Technology", "Marine Research"],
         public=["Western Norway Business Council"],
         other=None,
         foreign=[]),
]

# Hand-written participants: complementary pairs the engine should rank highly for each other.
PLANTED = [
    # Pair 1: hearing aid maker <-> ML speech enhancement start-up
    dict(id="dk-sound-0001", kind="company", name="Høreklang A/S", country="DK", region="DK01",
         employees=1450, clusters=["dk-sound"],
         competences=[("Hearing aids", 1.0), ("Noise reduction and speech enhancement", 0.8),
                      ("Hearing diagnostics and audiometry", 0.7), ("Low-power connectivity", 0.5)],
         keywords=["hearing aids", "audiology", "speech in noise", "rechargeable hearing instruments"],
         description="Høreklang develops and manufactures premium hearing aids sold through audiology clinics "
                     "in 40 countries. Its research department runs a large panel of hearing-impaired test users.",
         offers=[("Hearing-impaired test panel and real-life recordings",
                  "We offer access to 300 hearing-impaired test users, audiologists and a library of real-life "
                  "sound recordings for validating speech algorithms.",
                  ["Hearing diagnostics and audiometry", "Listening tests and sound quality evaluation"],
                  ["test users with hearing loss", "real-life sound scenes", "clinical audiology"])],
         needs=[("Neural speech enhancement for hearing aids",
                 "We seek a partner with deep-learning noise suppression that can run within one milliwatt "
                 "on a hearing aid chip.",
                 ["Machine learning for audio and speech", "Noise reduction and speech enhancement"],
                 ["AI noise suppression for hearing aids", "low-power neural networks", "speech in noise"])]),
    dict(id="dk-digital-0001", kind="company", name="Signalfjord AI ApS", country="DK", region="DK05",
         employees=14, clusters=["dk-digital", "dk-sound"],
         competences=[("Machine learning for audio and speech", 1.0),
                      ("Noise reduction and speech enhancement", 0.9), ("Edge computing", 0.6)],
         keywords=["deep learning audio", "speech enhancement", "on-device AI", "tiny neural networks"],
         description="Signalfjord AI is a university spin-out building neural networks that separate speech "
                     "from noise on tiny devices.",
         offers=[("On-device neural speech enhancement",
                  "Our deep-learning models remove background noise from speech in real time at under one "
                  "milliwatt, ready for earbuds and hearing devices.",
                  ["Machine learning for audio and speech", "Noise reduction and speech enhancement"],
                  ["deep learning audio", "speech enhancement", "milliwatt inference"])],
         needs=[("Validation with hearing-impaired listeners",
                 "We need a partner with audiological expertise and test users with hearing loss to validate "
                 "our models, plus recordings of everyday sound scenes.",
                 ["Hearing diagnostics and audiometry", "Listening tests and sound quality evaluation"],
                 ["audiological validation", "listening panels", "everyday sound recordings"])]),
    # Pair 2: meat processor <-> Swedish vision-guided food robotics
    dict(id="dk-food-0001", kind="company", name="Vestkær Slagteri A/S", country="DK", region="DK04",
         employees=2100, clusters=["dk-food"],
         competences=[("Meat, poultry and fish processing", 1.0), ("Hygienic design", 0.7),
                      ("Food traceability systems", 0.5), ("Pilot production lines", 0.4)],
         keywords=["pork processing", "slaughterhouse", "meat cuts", "food hygiene"],
         description="Vestkær Slagteri processes pork for retail customers across Europe. "
                     "The company wants to automate heavy, repetitive work on its cutting lines.",
         offers=[("Cutting line for automation pilots",
                  "We host pilots of robot handling and inspection on a real pork cutting line, with our "
                  "hygiene experts and production data.",
                  ["Meat, poultry and fish processing", "Pilot production lines", "Hygienic design"],
                  ["pilot line", "meat cuts", "food hygiene expertise"])],
         needs=[("Robots that handle raw meat cuts",
                 "We need robots with 3D vision and wash-down grippers that pick and place irregular meat cuts "
                 "at line speed.",
                 ["Cobot application development", "2D and 3D vision systems", "Hygienic and food-safe grippers"],
                 ["robot handling of meat", "vision-guided picking", "wash-down grippers"])]),
    dict(id="se-robotics-0001", kind="company", name="Ljungvik Vision Robotics AB", country="SE", region="SE23",
         employees=68, clusters=["se-robotics"],
         competences=[("2D and 3D vision systems", 1.0), ("Cobot application development", 0.9),
                      ("Hygienic and food-safe grippers", 0.7), ("Robot system integration", 0.6)],
         keywords=["vision-guided robots", "3D cameras", "food automation", "bin picking"],
         description="Ljungvik Vision Robotics builds vision-guided robot cells that pick irregular products. "
                     "It is moving into food processing and needs real production lines to test on.",
         offers=[("Vision-guided robot picking of irregular products",
                  "Robot cells with 3D cameras and hygienic grippers that pick and place irregular items, "
                  "such as meat, fish or vegetables, at high speed.",
                  ["2D and 3D vision systems", "Cobot application development", "Hygienic and food-safe grippers"],
                  ["3D vision", "robot picking", "hygienic grippers"])],
         needs=[("Meat processing line for pilot tests",
                 "We seek a food producer that lets us test our robot cell on a meat processing line and shares "
                 "knowledge of hygiene rules.",
                 ["Meat, poultry and fish processing", "Pilot production lines", "Hygienic design"],
                 ["pilot in a meat factory", "food plant test site", "hygiene requirements"])]),
    # Pair 3: offshore wind O&M <-> Norwegian subsea inspection
    dict(id="dk-energy-0001", kind="company", name="Havvind Service A/S", country="DK", region="DK03",
         employees=320, clusters=["dk-energy"],
         competences=[("Wind farm operation and maintenance", 1.0), ("Offshore wind foundations", 0.8),
                      ("Wind turbine condition monitoring", 0.7)],
         keywords=["offshore wind", "wind farm O&M", "monopiles", "service vessels"],
         description="Havvind Service operates and maintains offshore wind farms in the North Sea and the Baltic. "
                     "It wants cheaper and safer inspection of foundations and cables.",
         offers=[("Offshore wind farm access for technology trials",
                  "We offer access to offshore foundations, vessels and operational data for trials of new "
                  "inspection technology.",
                  ["Wind farm operation and maintenance", "Offshore wind foundations"],
                  ["offshore test access", "foundation data", "service vessels"])],
         needs=[("Underwater inspection of monopiles and cables",
                 "We need ROV or AUV inspection with sonar of monopile foundations, scour protection and "
                 "export cables.",
                 ["Subsea robotics", "Underwater acoustics and sonar"],
                 ["underwater inspection", "scour monitoring", "cable surveys"])]),
    dict(id="no-ocean-0001", kind="company", name="Djupvik Subsea AS", country="NO", region="NO0A",
         employees=140, clusters=["no-ocean"],
         competences=[("Subsea robotics", 1.0), ("Underwater acoustics and sonar", 0.8),
                      ("Ocean sensing", 0.5)],
         keywords=["ROV", "AUV", "multibeam sonar", "subsea inspection"],
         description="Djupvik Subsea inspects subsea structures for the oil and gas industry with ROVs and AUVs. "
                     "It wants to move into offshore wind.",
         offers=[("ROV and AUV inspection with sonar",
                  "Inspection of foundations, scour protection and cables with ROVs, AUVs and multibeam sonar.",
                  ["Subsea robotics", "Underwater acoustics and sonar"],
                  ["ROV", "AUV", "multibeam sonar"])],
         needs=[("Offshore wind operators for inspection pilots",
                 "We seek wind farm operators who give access to foundations and data for pilot inspections.",
                 ["Wind farm operation and maintenance", "Offshore wind foundations"],
                 ["wind farm operators", "pilot inspections offshore"])]),
    # Pair 4: German MEMS sensor maker <-> Danish hearing aid maker
    dict(id="de-hearing-0001", kind="company", name="Klangfeld Mikrosensorik GmbH", country="DE", region="DE94",
         employees=85, clusters=["de-hearing"],
         competences=[("MEMS microphones", 1.0), ("Acoustic sensors and vibration sensors", 0.9),
                      ("Microassembly and cleanroom production", 0.5)],
         keywords=["MEMS microphones", "acoustic sensors", "bone conduction", "cleanroom production"],
         description="Klangfeld Mikrosensorik makes MEMS microphones and vibration sensors in its own cleanroom. "
                     "It is looking for design-in partners in hearing technology.",
         offers=[("Low-noise acoustic sensors",
                  "We supply MEMS microphones and bone-conduction vibration sensors with very low self-noise "
                  "in packages below 3 mm.",
                  ["MEMS microphones", "Acoustic sensors and vibration sensors"],
                  ["acoustic sensors", "MEMS microphones", "low self-noise"])],
         needs=[("Hearing aid manufacturer as launch customer",
                 "We want a hearing aid maker to design in our sensors and to validate them with audiologists.",
                 ["Hearing aids", "Hearing diagnostics and audiometry"],
                 ["hearing instrument OEM", "audiological validation"])]),
    dict(id="dk-sound-0002", kind="company", name="Lydbro Hearing ApS", country="DK", region="DK03",
         employees=42, clusters=["dk-sound"],
         competences=[("Hearing aids", 1.0), ("Hearing diagnostics and audiometry", 0.8),
                      ("Hearables and personal sound amplification", 0.6)],
         keywords=["hearing aids", "over-the-counter hearing aids", "audiology", "self-fitting"],
         description="Lydbro Hearing develops self-fitting over-the-counter hearing aids. "
                     "Its in-house audiologists test every design with users.",
         offers=[("Hearing aid platform and audiological testing",
                  "We co-develop with component suppliers: our hearing aid platform and audiologists test new "
                  "parts with real users.",
                  ["Hearing aids", "Hearing diagnostics and audiometry"],
                  ["hearing aid platform", "audiologist testing"])],
         needs=[("Sensors for hearing aids",
                 "Looking for tiny microphones and vibration sensors for own-voice detection in hearing aids.",
                 ["MEMS microphones", "Acoustic sensors and vibration sensors"],
                 ["sensors for hearing aids", "own-voice detection", "tiny microphones"])]),
    # Pair 5: Dutch precision-fermentation start-up <-> Danish biotech CDMO
    dict(id="nl-agrifood-0001", kind="company", name="Klaverhorst Proteins B.V.", country="NL", region="NL22",
         employees=23, clusters=["nl-agrifood"],
         competences=[("Precision fermentation", 1.0), ("Dairy ingredients and whey proteins", 0.7),
                      ("Food regulation and novel food approval", 0.5)],
         keywords=["animal-free dairy proteins", "precision fermentation", "novel food", "casein"],
         description="Klaverhorst Proteins develops animal-free milk proteins by precision fermentation. "
                     "It has a finished strain and needs capacity to scale up.",
         offers=[("Animal-free milk protein strains and food applications",
                  "We bring a validated yeast strain for casein and the food application know-how to use it.",
                  ["Precision fermentation", "Dairy ingredients and whey proteins"],
                  ["casein strain", "animal-free dairy", "food applications"])],
         needs=[("Fermentation scale-up capacity",
                 "We seek a partner with fermentation tanks from 10 to 100 m3 and downstream processing.",
                 ["Enzymes and industrial biotech", "Biologics production"],
                 ["contract fermentation", "scale-up to 100 m3", "downstream processing"])]),
    dict(id="dk-lifescience-0001", kind="company", name="Egelund Biosolutions A/S", country="DK", region="DK02",
         employees=190, clusters=["dk-lifescience"],
         competences=[("Enzymes and industrial biotech", 1.0), ("Biologics production", 0.7),
                      ("Precision fermentation", 0.6)],
         keywords=["fermentation", "contract manufacturing", "downstream processing", "biosolutions"],
         description="Egelund Biosolutions runs fermentation plants for enzymes and proteins and takes "
                     "contract manufacturing jobs.",
         offers=[("Contract fermentation and downstream processing",
                  "Fermentation capacity from pilot to 150 m3 with recovery and purification.",
                  ["Enzymes and industrial biotech", "Biologics production", "Precision fermentation"],
                  ["fermentation capacity", "downstream processing", "CMO"])],
         needs=[("Food protein customers for fermentation",
                 "We seek food companies with precision-fermentation products that need production capacity.",
                 ["Precision fermentation", "Dairy ingredients and whey proteins"],
                 ["fermented food proteins", "new customers in food"])]),
    # Pair 6: Power-to-X producer <-> Norwegian shipping company
    dict(id="dk-energy-0002", kind="company", name="Klitmøller Power-to-X A/S", country="DK", region="DK05",
         employees=75, clusters=["dk-energy"],
         competences=[("Electrolysers", 1.0), ("Green ammonia and e-methanol", 0.9),
                      ("Hydrogen storage and distribution", 0.5)],
         keywords=["green hydrogen", "e-methanol", "Power-to-X", "electrolysis"],
         description="Klitmøller Power-to-X builds a plant that turns wind power into e-methanol. "
                     "It needs long-term buyers before the final investment decision.",
         offers=[("E-methanol from wind power",
                  "From 2027 we deliver e-methanol and green hydrogen produced with Danish wind power.",
                  ["Green ammonia and e-methanol", "Electrolysers"],
                  ["e-methanol", "green hydrogen", "wind-based fuels"])],
         needs=[("Long-term fuel buyers in shipping",
                 "We seek ship owners who will sign offtake agreements for green methanol for their vessels.",
                 ["Alternative marine fuels"],
                 ["offtake agreements", "methanol-powered vessels"])]),
    dict(id="no-ocean-0002", kind="company", name="Fonnsund Shipping AS", country="NO", region="NO0A",
         employees=410, clusters=["no-ocean"],
         competences=[("Alternative marine fuels", 1.0), ("Ship retrofitting", 0.7),
                      ("Emission reduction technology", 0.6)],
         keywords=["methanol-ready vessels", "short-sea shipping", "green shipping", "bunkering"],
         description="Fonnsund Shipping runs short-sea cargo vessels in the North Sea and is converting its "
                     "fleet to methanol.",
         offers=[("Long-term demand for green marine fuel",
                  "We offer offtake contracts for green methanol for our converted vessels.",
                  ["Alternative marine fuels"],
                  ["fuel offtake", "methanol vessels", "long-term contracts"])],
         needs=[("Supply of e-methanol",
                 "We need suppliers of renewable methanol or ammonia delivered to North Sea ports.",
                 ["Green ammonia and e-methanol", "Electrolysers"],
                 ["renewable methanol supply", "bunkering in North Sea ports"])]),
]

PLANTED_PAIRS = [("dk-sound-0001", "dk-digital-0001"), ("dk-food-0001", "se-robotics-0001"),
                 ("dk-energy-0001", "no-ocean-0001"), ("de-hearing-0001", "dk-sound-0002"),
                 ("nl-agrifood-0001", "dk-lifescience-0001"), ("dk-energy-0002", "no-ocean-0002")]

# ---------------------------------------------------------------------------
# 3. Landscape generation
# ---------------------------------------------------------------------------

KEY_ORDER = ["id", "kind", "name", "country", "organisation", "region", "employees", "clusters",
             "competences", "keywords", "description", "offers", "needs"]


class Landscape:
    def __init__(self, codes, rng):
        self.codes = codes
        self.rng = rng
        self.used_names = set()
        self.used_stems = set()
        self.second_cluster_count = 0

    # -- helpers -----------------------------------------------------------
    def code(self, label):
        if label not in self.codes:
            raise SystemExit(f"unknown taxonomy label in landscape design: {label!r}")
        return self.codes[label]

    def item(self, title, text, labels, keywords):
        return {"title": title, "text": text, "codes": [self.code(l) for l in labels],
                "keywords": list(keywords)}

    def subset(self, items, lo, hi):
        """A random subset of 'items' of size lo..hi, kept in the original order."""
        hi = min(hi, len(items))
        lo = min(lo, hi)
        n = self.rng.randint(lo, hi)
        picked = sorted(self.rng.sample(range(len(items)), n))
        return [items[i] for i in picked]

    def weight(self):
        return round(self.rng.uniform(0.3, 0.95), 2)

    def region(self, cluster, country):
        if country == cluster["country"] and self.rng.random() < 0.5:
            return cluster["region"]
        return self.rng.choice(COUNTRY_REGIONS[country])

    def size_class(self):
        r = self.rng.random()
        if r < 0.25:
            return "micro"
        if r < 0.60:
            return "small"
        if r < 0.85:
            return "medium"
        return "large"

    def employees(self, size):
        if size == "micro":
            return self.rng.randint(1, 9)
        if size == "small":
            return self.rng.randint(10, 49)
        if size == "medium":
            return self.rng.randint(50, 249)
        return int(round(250 * (10 ** self.rng.uniform(0.0, 1.3))))

    def suffix(self, country, size):
        r = self.rng.random()
        if country == "DK":
            if size in ("micro", "small"):
                return "ApS" if r < 0.8 else "A/S"
            return "A/S" if r < 0.85 else "ApS"
        if country == "SE":
            return "AB"
        if country == "DE":
            if size == "micro" and r < 0.2:
                return "UG"
            if size == "large" and r < 0.4:
                return "AG"
            return "GmbH"
        if country == "NL":
            return "N.V." if size == "large" and r < 0.2 else "B.V."
        if country == "NO":
            return "ASA" if size == "large" and r < 0.3 else "AS"
        raise ValueError(country)

    def stem(self, country):
        for attempt in range(60):
            a = self.rng.choice(STEM_A[country])
            b = self.rng.choice(STEM_B[country])
            if b in a.lower() or a.lower().endswith(b[0]):
                continue
            s = a + b
            if s not in self.used_stems or attempt > 40:
                self.used_stems.add(s)
                return s
        return s

    def company_name(self, country, arch, size):
        while True:
            name = f"{self.stem(country)} {self.rng.choice(arch['names'])} {self.suffix(country, size)}"
            if name not in self.used_names:
                self.used_names.add(name)
                return name

    def unique(self, name):
        if name in self.used_names:
            raise SystemExit(f"duplicate name {name!r}")
        self.used_names.add(name)
        return name

    def person_name(self, country):
        while True:
            name = f"Dr. {self.rng.choice(FIRST_NAMES[country])} {self.rng.choice(LAST_NAMES[country])}"
            if name not in self.used_names:
                self.used_names.add(name)
                return name

    def competences(self, arch, n_lo=2, n_hi=5):
        comps = arch["comps"]
        primary = comps[0] if self.rng.random() < 0.7 else comps[1]
        rest = [c for c in comps if c != primary]
        n = self.rng.randint(n_lo, min(n_hi, len(comps)))
        chosen = [primary] + self.rng.sample(rest, n - 1)
        out = [{"code": self.code(chosen[0]), "weight": 1.0}]
        for label in chosen[1:]:
            out.append({"code": self.code(label), "weight": self.weight()})
        return out, chosen

    @staticmethod
    def short(name):
        for suffix in (" ApS", " A/S", " AB", " GmbH", " UG", " AG", " B.V.", " N.V.", " ASA", " AS"):
            if name.endswith(suffix):
                return name[: -len(suffix)]
        return name

    def pick_template(self, templates, n):
        return [self.item(*t) for t in self.subset(templates, n, n)]

    # -- participants -------------------------------------------------------
    def company(self, pid, cluster, arch_key):
        arch = ARCHETYPES[arch_key]
        country = cluster["country"]
        if cluster["foreign"] and self.rng.random() < 0.06:
            country, region = self.rng.choice(cluster["foreign"])
        else:
            region = self.region(cluster, country)
        size = self.size_class()
        emp = self.employees(size)
        name = self.company_name(country, arch, size)
        comps, _ = self.competences(arch)
        keywords = self.subset(arch["kw"], 2, 6)
        short = self.short(name)
        desc = f"{short} {self.rng.choice(arch['what'])}."
        extra = self.rng.random()
        area = REGION_NAMES[region]
        if extra < 0.35:
            year = self.rng.randint(1950 if size == "large" else 1995, 2023)
            desc += f" Founded in {year}, it has around {emp} employees in {area}."
        elif extra < 0.55 and size in ("medium", "large"):
            desc += f" The company exports to more than {self.rng.randint(10, 60)} countries."
        elif extra < 0.7 and size == "micro":
            uni = self.rng.choice(UNIVERSITIES[country])[0]
            desc += f" A spin-out from {uni} with a small team in {area}."
        elif extra < 0.8:
            desc += f" The team in {area} combines engineering and application know-how."
        r = self.rng.random()
        n_offers = 0 if r < 0.03 else (1 if r < 0.55 else 2)
        r = self.rng.random()
        n_needs = 0 if r < 0.22 else (1 if r < 0.75 else 2)
        clusters = [cluster["id"]]
        also = arch.get("also")
        if (also and country == "DK" and cluster["country"] == "DK" and also != cluster["id"]
                and self.second_cluster_count < 12 and self.rng.random() < 0.35):
            clusters.append(also)
            self.second_cluster_count += 1
        return dict(id=pid, kind="company", name=name, country=country, organisation=name, region=region,
                    employees=emp, clusters=clusters, competences=comps, keywords=keywords,
                    description=desc,
                    offers=self.pick_template(arch["offers"], n_offers),
                    needs=self.pick_template(arch["needs"], n_needs))

    def researcher(self, pid, cluster, arch_key):
        arch = ARCHETYPES[arch_key]
        country = cluster["country"]
        uni, region = self.rng.choice(UNIVERSITIES[country])
        name = self.person_name(country)
        comps, labels = self.competences(arch, 2, 4)
        topic = labels[0][0].lower() + labels[0][1:]
        keywords = self.subset(arch["kw"], 2, 4) + ["research collaboration"]
        desc = f"{name} is a researcher at {uni} working on {topic}."
        if self.rng.random() < 0.6:
            desc += f" The group has {self.rng.randint(3, 14)} PhD students and postdocs and works closely with industry."
        offers = [self.item(f"Joint research on {topic}",
                            f"Our group offers joint research projects, PhD supervision and lab access in {topic}.",
                            labels[:2], self.subset(arch["kw"], 2, 3))]
        if self.rng.random() < 0.5:
            offers.append(self.item("Student projects and industrial PhDs",
                                    f"We place master's students and industrial PhD candidates with companies working on {topic}.",
                                    ["Industrial PhD and student projects", labels[0]],
                                    ["student projects", "industrial PhD"]))
        needs = []
        r = self.rng.random()
        if r < 0.45:
            needs.append(self.item("Industrial partners for a Horizon Europe proposal",
                                   f"We lead a research work package on {topic} and seek companies to join the consortium.",
                                   ["Consortium building", "EU funding applications", labels[0]],
                                   ["consortium partners", "Horizon Europe"]))
        if r > 0.3:
            needs.append(self.item(*self.rng.choice(arch["needs"])))
        return dict(id=pid, kind="researcher", name=name, country=country,
                    organisation=f"{uni} (fictional lab)", region=region, clusters=[cluster["id"]],
                    competences=comps, keywords=keywords, description=desc, offers=offers, needs=needs)

    def knowledge_institution(self, pid, cluster, arch_key):
        arch = ARCHETYPES[arch_key]
        country = cluster["country"]
        region = self.region(cluster, country)
        while True:
            field = self.rng.choice(cluster["ki_fields"])
            tmpl = self.rng.choice(KI_TEMPLATES)
            name = tmpl.format(adj=COUNTRY_ADJ[country], field=field, area=REGION_NAMES[region].replace("the ", ""))
            if name not in self.used_names:
                self.used_names.add(name)
                break
        comps, labels = self.competences(arch, 2, 4)
        facility = "Accredited testing laboratories" if self.rng.random() < 0.4 else "Test beds and living labs"
        if facility not in labels:
            comps.append({"code": self.code(facility), "weight": self.weight()})
        topic = labels[0][0].lower() + labels[0][1:]
        keywords = self.subset(arch["kw"], 2, 4) + ["test facilities"]
        desc = (f"{name} is a non-profit knowledge institution that helps companies with applied research, "
                f"testing and training in {field.lower()}.")
        offers = [self.item(f"Test and demonstration facilities for {topic}",
                            f"Our labs and demonstration facilities are open to companies that need to test and document solutions in {topic}.",
                            [facility, labels[0]], ["test facility", "demonstration"] + self.subset(arch["kw"], 1, 1))]
        if self.rng.random() < 0.5:
            offers.append(self.item("Continuing education for industry",
                                    f"Short courses for engineers and technicians in {field.lower()}.",
                                    ["Continuing education", labels[0]], ["courses", "upskilling"]))
        needs = []
        if self.rng.random() < 0.6:
            needs.append(self.item("SMEs for subsidised innovation projects",
                                   f"We seek small companies working on {topic} for projects funded by public innovation grants.",
                                   [labels[0], "Public innovation grants"], ["SME partners", "co-funded projects"]))
        return dict(id=pid, kind="knowledge-institution", name=name, country=country, organisation=name,
                    region=region, employees=self.rng.randint(40, 1200), clusters=[cluster["id"]],
                    competences=comps, keywords=keywords, description=desc, offers=offers, needs=needs)

    def public_body(self, pid, cluster, name):
        name = self.unique(name)
        focus = cluster["comps"]
        comps = [{"code": self.code("Export promotion"), "weight": 1.0},
                 {"code": self.code("Public innovation grants"), "weight": 0.8},
                 {"code": self.code(self.rng.choice(focus)), "weight": self.weight()}]
        desc = (f"{name} is a public body that supports companies in {REGION_NAMES[cluster['region']]} "
                f"with innovation funding, export promotion and matchmaking.")
        offers = [self.item("Innovation vouchers and export support",
                            "Small grants for first projects with a research partner and help with trade missions.",
                            ["Public innovation grants", "Export promotion"],
                            ["innovation vouchers", "trade missions"])]
        needs = []
        if self.rng.random() < 0.6:
            needs.append(self.item("Companies for a trade mission",
                                   "We are putting together a delegation of companies for a trade mission next year.",
                                   [self.rng.choice(focus), "Market analysis"],
                                   ["delegation members", "export-ready companies"]))
        return dict(id=pid, kind="public-body", name=name, country=cluster["country"], organisation=name,
                    region=cluster["region"], clusters=[cluster["id"]], competences=comps,
                    keywords=["innovation funding", "export promotion", "regional development"],
                    description=desc, offers=offers, needs=needs)

    def other(self, pid, cluster, name):
        name = self.unique(name)
        focus = cluster["comps"]
        comps = [{"code": self.code("Venture capital, business angels and investment"), "weight": 1.0},
                 {"code": self.code("Open innovation and matchmaking"), "weight": 0.7},
                 {"code": self.code(focus[0]), "weight": self.weight()}]
        desc = f"{name} is a member-driven network that helps start-ups and founders with mentoring and investor contacts."
        return dict(id=pid, kind="other", name=name, country=cluster["country"], organisation=name,
                    region=cluster["region"], clusters=[cluster["id"]], competences=comps,
                    keywords=["start-ups", "mentoring", "investors"], description=desc,
                    offers=[self.item("Start-up programme and investor network",
                                      "A six-month programme with mentors and a pitch day for investors.",
                                      ["Venture capital, business angels and investment", "Open innovation and matchmaking"],
                                      ["accelerator", "pitch day", "business angels"])],
                    needs=[self.item("Start-ups and spin-outs",
                                     "We look for early-stage companies and university spin-outs for the next batch.",
                                     [focus[0]], ["early-stage companies", "spin-outs"])])

    def cluster_record(self, cluster):
        comps = [{"code": self.code(label), "weight": 1.0 if i == 0 else round(1.0 - 0.1 * i, 2)}
                 for i, label in enumerate(cluster["comps"])]
        name = self.unique(cluster["name"])
        return dict(id=cluster["id"], kind="cluster", name=name, country=cluster["country"],
                    organisation=name, region=cluster["region"], competences=comps,
                    keywords=list(cluster["kw"]), description=cluster["description"],
                    offers=[self.item(*t) for t in cluster["offers"]],
                    needs=[self.item(*t) for t in cluster["needs"]])

    def planted(self, p):
        out = dict(p)
        self.unique(p["name"])
        out["organisation"] = p["name"]
        out["competences"] = [{"code": self.code(l), "weight": w} for l, w in p["competences"]]
        out["offers"] = [self.item(*t) for t in p["offers"]]
        out["needs"] = [self.item(*t) for t in p["needs"]]
        return out

    # -- whole landscape ------------------------------------------------------
    def build(self):
        participants = []
        planted_by_cluster = {}
        for p in PLANTED:
            self.used_stems.add(p["name"].split()[0])  # keep generated names clear of planted ones
            planted_by_cluster.setdefault(p["clusters"][0], []).append(p)
        for cluster in CLUSTERS:
            participants.append(self.cluster_record(cluster))
            n = cluster["members"]
            planted = planted_by_cluster.get(cluster["id"], [])
            n_res = round(0.12 * n)
            n_ki = round(0.08 * n)
            publics = cluster["public"]
            others = [cluster["other"]] if cluster["other"] else []
            n_comp = n - n_res - n_ki - len(publics) - len(others) - len(planted)
            kinds = (["company"] * n_comp + ["researcher"] * n_res + ["knowledge-institution"] * n_ki
                     + ["public-body"] * len(publics) + ["other"] * len(others))
            self.rng.shuffle(kinds)
            arch_keys = list(cluster["arch"].keys())
            arch_weights = [cluster["arch"][k] for k in arch_keys]
            number = 0
            for p in planted:
                number += 1
                expected = f"{cluster['id']}-{number:04d}"
                if p["id"] != expected:
                    raise SystemExit(f"planted id {p['id']} should be {expected}")
                participants.append(self.planted(p))
            for kind in kinds:
                number += 1
                pid = f"{cluster['id']}-{number:04d}"
                if kind == "public-body":
                    participants.append(self.public_body(pid, cluster, publics[0]))
                    publics = publics[1:]
                    continue
                if kind == "other":
                    participants.append(self.other(pid, cluster, others[0]))
                    others = others[1:]
                    continue
                arch_key = self.rng.choices(arch_keys, weights=arch_weights)[0]
                if kind == "company":
                    participants.append(self.company(pid, cluster, arch_key))
                elif kind == "researcher":
                    participants.append(self.researcher(pid, cluster, arch_key))
                else:
                    participants.append(self.knowledge_institution(pid, cluster, arch_key))
        participants.sort(key=lambda p: p["id"])
        return participants


def ordered(p):
    out = {}
    for key in KEY_ORDER:
        value = p.get(key)
        if value is None or value == []:
            continue
        out[key] = value
    extra = set(p) - set(KEY_ORDER)
    if extra:
        raise SystemExit(f"unexpected keys {sorted(extra)} in {p['id']}")
    return out


def write_landscape(participants):
    os.makedirs(os.path.dirname(LANDSCAPE_PATH), exist_ok=True)
    with open(LANDSCAPE_PATH, "w", encoding="utf-8", newline="\n") as f:
        for p in participants:
            f.write(json.dumps(ordered(p), ensure_ascii=False) + "\n")


def main():
    rows, _ = build_taxonomy()
    write_taxonomy(rows)
    codes = read_taxonomy_codes()
    landscape = Landscape(codes, random.Random(SEED))
    participants = landscape.build()
    write_landscape(participants)
    levels = [r[3] for r in rows]
    print(f"wrote {os.path.relpath(TAXONOMY_PATH, ROOT)}: "
          f"{levels.count('1')} / {levels.count('2')} / {levels.count('3')} rows at levels 1 / 2 / 3")
    print(f"wrote {os.path.relpath(LANDSCAPE_PATH, ROOT)}: {len(participants)} participants")


if __name__ == "__main__":
    main()
