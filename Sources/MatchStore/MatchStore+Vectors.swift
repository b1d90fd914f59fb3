import Foundation
import GRDB
import MatchCore

/// Everything matching needs, loaded at once from the database.
public struct MatchingSnapshot: Sendable {
    public var space: VectorSpace
    /// The three vectors per participant id, plus the user's embedding when given.
    public var rows: [(id: String, vectors: ParticipantVectors, embedding: [Float]?)]
    /// What rules and filters need about each participant, by id.
    public var directory: [String: ParticipantDirectory.Entry]
}

extension MatchStore {
    /// Sets the vector dimension and rebuilds every vector.
    public func setVectorDimension(_ dimension: Int) throws {
        try writer.write { db in
            try Self.setSetting(db, "vector.dimension", String(dimension))
            try Self.rebuildVectors(db)
        }
    }

    /// Rebuilds all vectors and corpus statistics from the participants and taxonomy, so
    /// that they are what a fresh build over the current data gives, whatever the history.
    static func rebuildVectors(_ db: Database) throws {
        let dimension = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'vector.dimension'").flatMap(Int.init)
            ?? VectorSpaceConfiguration().dimension
        let participants = try allParticipants(db)
        let index = VectorIndex.build(participants: participants, taxonomy: try taxonomy(db),
                                      configuration: VectorSpaceConfiguration(dimension: dimension))
        try db.execute(sql: "DELETE FROM vector")
        try db.execute(sql: "DELETE FROM feature_frequency")
        let insert = try db.makeStatement(sql: "INSERT INTO vector(participant_id, profile, offers, needs, keywords, embedding) VALUES (?, ?, ?, ?, ?, ?)")
        for (p, v) in zip(participants, index.vectors) {
            try insert.execute(arguments: [p.id, blob(v.profile), blob(v.offers), blob(v.needs), blob(v.keywords), p.vector.map { blob($0.map(Float.init)) }])
        }
        let frequency = try db.makeStatement(sql: "INSERT INTO feature_frequency(feature, documents) VALUES (?, ?)")
        for (feature, n) in index.space.statistics.documentFrequency { try frequency.execute(arguments: [feature, n]) }
        try setSetting(db, "corpus.documents", String(index.space.statistics.documentCount))
    }

    /// The vector space (taxonomy, statistics) as last built.
    public func vectorSpace() throws -> VectorSpace {
        try writer.read { db in try Self.vectorSpace(db) }
    }

    static func vectorSpace(_ db: Database) throws -> VectorSpace {
        let dimension = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'vector.dimension'").flatMap(Int.init)
            ?? VectorSpaceConfiguration().dimension
        let documents = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'corpus.documents'").flatMap(Int.init) ?? 0
        var df: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT feature, documents FROM feature_frequency") { df[row[0]] = row[1] }
        return VectorSpace(configuration: VectorSpaceConfiguration(dimension: dimension), taxonomy: try taxonomy(db),
                           statistics: CorpusStatistics(documentCount: documents, documentFrequency: df))
    }

    /// Loads every vector and the vector space in one consistent read.
    public func matchingSnapshot() throws -> MatchingSnapshot {
        try writer.read { db in
            let space = try Self.vectorSpace(db)
            let rows = try Row.fetchAll(db, sql: "SELECT participant_id, profile, offers, needs, keywords, embedding FROM vector ORDER BY participant_id").map { row in
                (id: row[0] as String,
                 vectors: ParticipantVectors(profile: floats(row[1]), offers: floats(row[2]), needs: floats(row[3]), keywords: floats(row[4])),
                 embedding: (row[5] as Data?).map(floats))
            }
            var clusters: [String: Set<String>] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT participant_id, cluster_id FROM membership") {
                clusters[row[0] as String, default: []].insert(row[1])
            }
            var directory: [String: ParticipantDirectory.Entry] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT id, kind, country, organisation, json_extract(document, '$.employees'), json_extract(document, '$.optOut')
                FROM participant
                """) {
                let id: String = row[0]
                directory[id] = ParticipantDirectory.Entry(
                    kind: ParticipantKind(rawValue: row[1]) ?? .other, country: row[2], organisation: row[3],
                    employees: row[4], clusters: clusters[id] ?? [], optOut: (row[5] as Int?) == 1)
            }
            return MatchingSnapshot(space: space, rows: rows, directory: directory)
        }
    }
}

func blob(_ v: [Float]) -> Data {
    v.withUnsafeBufferPointer { Data(buffer: $0) }  // little-endian on every platform we build for
}

func floats(_ data: Data) -> [Float] {
    data.withUnsafeBytes { raw in Array(raw.bindMemory(to: Float.self)) }
}
