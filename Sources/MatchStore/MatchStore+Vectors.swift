import Dispatch
import Foundation
internal import GRDB
import MatchCore
import JSONSupport

/// Everything matching needs, loaded at once from the database.
package struct MatchingSnapshot: Sendable {
    package var space: VectorSpace
    /// The four dense vectors per participant id, plus the user's embedding when given.
    package var rows: [(id: String, vectors: ParticipantVectors, embedding: [Float]?)]
    /// What rules and filters need about each participant, by id.
    package var directory: [String: ParticipantDirectory.Entry]
}

/// The sparse views of one participant as stored: feature ids with raw weights.
struct StoredFeatures {
    var views: [[(id: UInt32, weight: Float)]]  // profile, offers, needs, keywords

    var featureSet: Set<UInt32> { Set(views.flatMap { $0.map(\.id) }) }

    init(views: [[(id: UInt32, weight: Float)]]) { self.views = views }

    init(row: Row) {
        views = (0..<4).map { decodeSparse(row[$0] as Data) }
    }
}

extension MatchStore {
    /// Sets the vector dimension. Dense vectors are projected when matching loads, so
    /// nothing needs rebuilding.
    package func setVectorDimension(_ dimension: Int) throws {
        try writer.write { db in try Self.setSetting(db, "vector.dimension", String(dimension)) }
    }

    static func dimension(_ db: Database) throws -> Int {
        try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'vector.dimension'").flatMap(Int.init)
            ?? VectorSpaceConfiguration().dimension
    }

    /// Analyses every participant again (after a taxonomy change, or a migration).
    static func rebuildVectors(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM vector")
        try db.execute(sql: "DELETE FROM feature")
        try updateVectors(db, changed: try allParticipants(db), removed: [])
    }

    /// Brings the stored features and document frequencies up to date after `changed`
    /// participants were added or updated and `removed` ones deleted. Only those are
    /// analysed; document frequencies are adjusted by the difference.
    static func updateVectors(_ db: Database, changed: [Participant], removed: [String]) throws {
        guard !changed.isEmpty || !removed.isEmpty else { return }
        let features = try FeatureWriter(db)
        for id in removed + changed.map(\.id) { try features.forget(id) }
        // A chunk at a time, so that only a few chunks' features are held at once; the
        // next chunk is analysed while the previous one is written.
        for start in stride(from: 0, to: changed.count, by: featureChunk) {
            features.add(changed, at: Array(start..<min(changed.count, start + featureChunk)))
            try features.writeAnalysed(keeping: 1)
        }
        try features.finish()
    }

    /// Participants analysed and written together.
    static let featureChunk = 4096

    /// Whether any participant states a need that gives a term: without one, what anyone
    /// offers meets nothing and every pair's complementarity is 0 (`ScoringProfile.withoutNeeds`).
    /// - Complexity: stops at the first such participant; O(participants) when there is none.
    package func statesNeeds() throws -> Bool {
        try participantsStatingNeeds(atMost: 1) > 0
    }

    /// How many participants state a need that gives a term, counted up to `limit` (the
    /// count stops there: only "fewer than" is asked).
    package func participantsStatingNeeds(atMost limit: Int) throws -> Int {
        try writer.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT 1 FROM vector WHERE length(needs) > 0 LIMIT ?)", arguments: [limit]) ?? 0
        }
    }

    /// The vector space (taxonomy, statistics) as the data stands.
    package func vectorSpace() throws -> VectorSpace {
        try writer.read { db in try Self.vectorSpace(db) }
    }

    /// The vector space with a document count already known (a current vector store's): the
    /// count of a table of whole documents is not read again.
    package func vectorSpace(documents: Int) throws -> VectorSpace {
        try writer.read { db in
            try Self.vectorSpace(db, features: try Row.fetchAll(db, sql: "SELECT id, name, documents FROM feature ORDER BY name"), documents: documents)
        }
    }

    /// The vector space with the database's dimension and taxonomy and the given corpus
    /// statistics (a vector store's, as it was built).
    package func vectorSpace(documentFrequency: [String: Int], documents: Int) throws -> VectorSpace {
        try writer.read { db in try Self.vectorSpace(db, documentFrequency: documentFrequency, documents: documents) }
    }

    static func vectorSpace(_ db: Database) throws -> VectorSpace {
        try vectorSpace(db, features: try Row.fetchAll(db, sql: "SELECT id, name, documents FROM feature ORDER BY name"))
    }

    /// The vector space from feature rows (`id, name, documents`) already read.
    static func vectorSpace(_ db: Database, features: [Row], documents: Int? = nil) throws -> VectorSpace {
        let documents = try documents ?? Int.fetchOne(db, sql: "SELECT COUNT(*) FROM participant") ?? 0
        var df: [String: Int] = [:]
        for row in features { df[row[1]] = row[2] }
        return try vectorSpace(db, documentFrequency: df, documents: documents)
    }

    /// The vector space of the database's dimension and taxonomy with these corpus statistics.
    static func vectorSpace(_ db: Database, documentFrequency: [String: Int], documents: Int) throws -> VectorSpace {
        VectorSpace(configuration: VectorSpaceConfiguration(dimension: try dimension(db)), taxonomy: try taxonomy(db),
                    statistics: CorpusStatistics(documentCount: documents, documentFrequency: documentFrequency))
    }

    /// Loads every participant's features and projects them to dense vectors with the
    /// current IDF, in one consistent read. The projection is the same as
    /// `VectorSpace.dense` (features in name order, summed in Double), so vectors do not
    /// depend on the order in which data arrived.
    package func matchingSnapshot() throws -> MatchingSnapshot {
        try writer.read { db in
            // One read of the feature table serves the statistics and the projection.
            let features = try Row.fetchAll(db, sql: "SELECT id, name, documents FROM feature ORDER BY name")
            let space = try Self.vectorSpace(db, features: features)
            let d = space.configuration.dimension
            // Per feature id: its rank in name order, IDF and hash probes, computed once.
            var rank: [UInt32: Int] = [:]
            var idf: [Double] = [], probes: [[(index: Int, sign: Double)]] = []
            for (r, row) in features.enumerated() {
                let name: String = row[1]
                rank[UInt32(row[0] as Int64)] = r
                idf.append(space.statistics.idf(name))
                probes.append(FeatureHash.probes(name, dimension: d))
            }
            let stored = try Row.fetchAll(db, sql: "SELECT participant_id, profile, offers, needs, keywords, embedding FROM vector ORDER BY participant_id")
            let parsed = stored.map { row in
                (id: row[0] as String,
                 views: (1...4).map { decodeSparse(row[$0] as Data).compactMap { e in rank[e.id].map { ($0, e.weight) } }.sorted { $0.0 < $1.0 } },
                 embedding: (row[5] as Data?).map(floats))
            }
            typealias Dense = (id: String, vectors: ParticipantVectors, embedding: [Float]?)
            let blocks = concurrentBlocks(parsed.count, minimumBlock: 64) { (block: Range<Int>) -> [Dense] in
                parsed[block].map { p -> Dense in
                    let dense = p.views.map { VectorSpace.project($0.map { (probes[$0.0], Double($0.1) * idf[$0.0]) }, dimension: d) }
                    // The exact views: term id = the feature's rank in name order (`space.vocabulary`).
                    let sparse = p.views.map { SparseVector.unit($0.map { (UInt32($0.0), Double($0.1) * idf[$0.0]) }) }
                    let lexical = LexicalTerms(profile: sparse[0], offers: sparse[1], needs: sparse[2], keywords: sparse[3])
                    return (p.id, ParticipantVectors(profile: dense[0], offers: dense[1], needs: dense[2], keywords: dense[3],
                                                     lexical: lexical), p.embedding)
                }
            }
            let rows = Array(blocks.joined())
            return MatchingSnapshot(space: space, rows: rows, directory: try Self.directory(db))
        }
    }

    /// Dense vectors of one participant, as matching would load them.
    static func denseVectors(_ db: Database, _ id: String) throws -> ParticipantVectors? {
        guard let p = try participant(db, id) else { return nil }
        return try vectorSpace(db).vectors(of: p)
    }

    static func directory(_ db: Database) throws -> [String: ParticipantDirectory.Entry] {
        var clusters: [String: Set<String>] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT participant_id, cluster_id FROM membership") {
            clusters[row[0] as String, default: []].insert(row[1])
        }
        var directory: [String: ParticipantDirectory.Entry] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT id, kind, country, organisation, json_extract(document, '$.employees'), json_extract(document, '$.optOut'),
                   json_type(document, '$.attributes.een'), json_extract(document, '$.attributes.een.type'),
                   json_extract(document, '$.attributes.een.typesOfPartnership'), json_extract(document, '$.attributes.een.targetedCountries'), valid
            FROM (SELECT id, kind, country, organisation, iif(json_valid(document), document, '{}') AS document,
                         json_valid(document) AS valid FROM participant)
            """) {
            let id: String = row[0]
            // A document damaged in place would make SQLite's JSON functions fail the whole read.
            guard (row[10] as Int?) == 1 else { throw StoredRecordDamaged("stored participant '\(id)' is no longer valid JSON") }
            var een: EENPartnering?
            if (row[6] as String?) == "object" {
                // json_extract gives a list as its JSON text.
                func strings(_ text: String?) -> [String] {
                    text.flatMap { try? JSONParser.parse($0) }?.arrayValue?.compactMap(\.stringValue) ?? []
                }
                een = EENPartnering(type: row[7], partnershipTypes: strings(row[8]), targetedCountries: strings(row[9]))
            }
            directory[id] = ParticipantDirectory.Entry(
                kind: ParticipantKind(rawValue: row[1]) ?? .other, country: row[2], organisation: row[3],
                employees: row[4], clusters: clusters[id] ?? [], optOut: (row[5] as Int?) == 1, een: een)
        }
        return directory
    }
}

func encodeSparse(_ entries: [(id: UInt32, weight: Float)]) -> Data {
    var data = Data(count: entries.count * 8)
    data.withUnsafeMutableBytes { raw in
        for (i, e) in entries.enumerated() {
            raw.storeBytes(of: e.id.littleEndian, toByteOffset: i * 8, as: UInt32.self)
            raw.storeBytes(of: e.weight.bitPattern.littleEndian, toByteOffset: i * 8 + 4, as: UInt32.self)
        }
    }
    return data
}

func decodeSparse(_ data: Data) -> [(id: UInt32, weight: Float)] {
    data.withUnsafeBytes { raw in
        (0..<raw.count / 8).map { i in
            (UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt32.self)),
             Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8 + 4, as: UInt32.self))))
        }
    }
}

func blob(_ v: [Float]) -> Data {
    v.withUnsafeBufferPointer { Data(buffer: $0) }  // little-endian on every platform we build for
}

func floats(_ data: Data) -> [Float] {
    data.withUnsafeBytes { raw in Array(raw.bindMemory(to: Float.self)) }
}
