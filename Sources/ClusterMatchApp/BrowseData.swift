import MatchCore
import MatchStore
import JSONSupport

/// A page of participants and how many there are in all.
package struct ParticipantPage: Sendable {
    package var participants: [Participant]
    package var offset: Int
    package var total: Int

    /// The offset of the next page, or nil on the last one.
    package var nextOffset: Int? {
        let next = offset + participants.count
        return next < total && !participants.isEmpty ? next : nil
    }
}

/// A taxonomy term with its ancestors, nearest first.
package struct TaxonomyTermPath: Sendable {
    package var term: TaxonomyTerm
    package var ancestors: [TaxonomyTerm]
}

extension ClusterMatch {
    // MARK: Participants

    /// Participants ordered by id, a page at a time (`limit` nil: all).
    package func participants(limit: Int? = nil, offset: Int = 0) throws -> [Participant] {
        try store.participants(limit: limit, offset: offset)
    }

    /// A page of participants ordered by id, with the total count.
    package func participantPage(limit: Int, offset: Int) throws -> ParticipantPage {
        let page = try store.participants(limit: limit, offset: offset)
        return ParticipantPage(participants: page, offset: offset, total: try store.counts().participants)
    }

    /// One stored participant; `notFound` when there is none with this id.
    package func participant(_ id: String) throws -> Participant {
        guard let p = try store.participant(id) else { throw AppError.notFound(participant: id) }
        return p
    }

    /// A participant's stored canonical document, passed on without decoding and encoding
    /// it again (its user vector alone is hundreds of numbers): checked to be one JSON object
    /// of this id, so that a hand-edited database cannot break a response stream.
    package func participantDocument(_ id: String) throws -> String {
        guard let document = try store.participantDocument(id) else { throw AppError.notFound(participant: id) }
        guard let parsed = try? JSONParser.parse(document), parsed["id"]?.stringValue == id else {
            throw AppError(.internal, "the stored participant \(id) is corrupt")
        }
        return document
    }

    // MARK: Taxonomies

    /// Every loaded taxonomy term.
    package func taxonomy() throws -> Taxonomy { try store.taxonomy() }

    /// The loaded taxonomies with their term counts, by namespace.
    package func taxonomies() throws -> [TaxonomySummary] { try store.taxonomies() }

    /// The terms of one loaded namespace, by code; `notFound` when none is loaded under it.
    package func taxonomyTerms(namespace: String) throws -> [TaxonomyTerm] {
        let terms = try store.taxonomyTerms(namespace: namespace)
        if terms.isEmpty { throw AppError(.notFound, "no taxonomy '\(namespace)' is loaded", hint: .listTaxonomies) }
        return terms
    }

    /// One term (`CODE` or `namespace:CODE`) with its ancestors; `notFound` when the code is
    /// ambiguous or in no loaded taxonomy.
    package func taxonomyTerm(_ code: String) throws -> TaxonomyTermPath {
        let taxonomy = try store.taxonomy()
        let qualified: String
        switch taxonomy.resolve(code) {
        case .success(let q): qualified = q
        case .failure(let error): throw AppError(.notFound, error.description)
        }
        guard let term = taxonomy.term(qualified) else { throw AppError(.notFound, "code \(code) is in no loaded taxonomy") }
        return TaxonomyTermPath(term: term, ancestors: taxonomy.ancestors(of: qualified))
    }

    // MARK: Settings and state

    /// The dimension of the competence vectors (256 unless changed).
    package func vectorDimension() throws -> Int { try store.vectorDimension() }

    /// The vector dimensions a database may use.
    package static let vectorDimensions = 16...4096

    /// Sets the dimension of the competence vectors; they are projected again when matching
    /// next loads, so the change takes effect at once.
    package func setVectorDimension(_ dimension: Int) throws {
        guard Self.vectorDimensions.contains(dimension) else {
            throw AppError(.usage, "the vector dimension must be from \(Self.vectorDimensions.lowerBound) to \(Self.vectorDimensions.upperBound) (was \(dimension))")
        }
        try store.setVectorDimension(dimension)
    }

    /// A number that changes whenever another process commits to the database (SQLite's
    /// `PRAGMA data_version`); this process's own commits do not change it.
    package func dataVersion() throws -> Int { try store.dataVersion() }
}
