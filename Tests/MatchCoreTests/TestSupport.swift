@testable import MatchCore

/// A small deterministic random generator for tests (SplitMix64).
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

func company(_ id: String, codes: [String] = [], keywords: [String] = [], offers: [Statement] = [],
             needs: [Statement] = [], description: String? = nil) -> Participant {
    Participant(id: id, kind: .company, name: "Company \(id)", country: "DK",
                competences: codes.map { Competence(code: $0) }, keywords: keywords,
                description: description, offers: offers, needs: needs)
}

/// A small three-level taxonomy: 01 > 01001 > 01001001/01001002, 02 > 02001.
let miniTaxonomy = Taxonomy(terms: [
    TaxonomyTerm(namespace: "t", code: "01", label: "Sound", level: 1, parent: nil),
    TaxonomyTerm(namespace: "t", code: "01001", label: "Hearing", level: 2, parent: "01"),
    TaxonomyTerm(namespace: "t", code: "01001001", label: "Hearing aids", level: 3, parent: "01001"),
    TaxonomyTerm(namespace: "t", code: "01001002", label: "Audiometry", level: 3, parent: "01001"),
    TaxonomyTerm(namespace: "t", code: "02", label: "Robotics", level: 1, parent: nil),
    TaxonomyTerm(namespace: "t", code: "02001", label: "Grippers", level: 2, parent: "02"),
])

func dot(_ a: [Float], _ b: [Float]) -> Double {
    zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
}
