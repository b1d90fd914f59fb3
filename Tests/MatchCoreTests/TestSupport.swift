@testable import MatchCore

typealias SeededRandom = SplitMix64

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
