import Foundation
import Testing
@testable import ClusterMatchApp
@testable import MatchCore
@testable import MatchStore

@Suite("SQLite store")
struct StoreTests {
    static func participant(_ id: String, keywords: [String], needs: [String] = []) -> Participant {
        Participant(id: id, kind: .company, name: "Name \(id)", country: "DK", keywords: keywords,
                    needs: needs.isEmpty ? [] : [Statement(keywords: needs)])
    }

    @Test func participantsRoundTripThroughTheDatabase() throws {
        let store = try MatchStore.inMemory()
        var p = Self.participant("a", keywords: ["wind", "blades"], needs: ["sensors"])
        p.attributes = ["status": "open", "n": 3]
        p.vector = [0.5, -0.25]
        p.contact = Contact(person: "P", email: "p@example.com")
        let outcome = try store.upsert([p])
        #expect(outcome.added == ["a"])
        #expect(try store.participant("a") == p)
        #expect(try store.counts().vectors == 1)
    }

    /// `participants(decodingOn:)` (match-all's output rows, decoded on several cores) gives
    /// what `participants()` gives, own vectors included, and fails on a damaged document with
    /// the same message naming the participant and the field.
    @Test func participantsDecodedInParallelEqualOneByOne() throws {
        let store = try MatchStore.inMemory()
        var rng = SplitMix64(seed: 11)
        let people = (0..<520).map { i -> Participant in
            var p = Self.participant(String(format: "p%04d", i), keywords: ["k\(i % 7)"])
            p.vector = (0..<16).map { _ in Double.random(in: -1...1, using: &rng) } + [-0.0, 1e-300, 123456789.125, 0.1]
            return p
        }
        _ = try store.upsert(people)
        let parallel = try store.participants(decodingOn: 2)
        #expect(parallel == (try store.participants()))
        #expect(parallel.map(\.id) == people.map(\.id))
        #expect(parallel[5].vector == people[5].vector)
        // Without their vectors (match-all's files): everything else as decoded with them.
        let withoutVectors = try store.participants(decodingOn: 2, withoutVectors: true)
        #expect(withoutVectors == parallel.map { p in var p = p; p.vector = nil; return p })
        #expect(withoutVectors.allSatisfy { $0.vector == nil } && parallel.allSatisfy { $0.vector != nil })
        try store.writer.write { db in
            try db.execute(sql: "UPDATE participant SET document = json_set(document, '$.vector[2]', 'x') WHERE id = 'p0500'")
        }
        func message(_ body: () throws -> [Participant]) -> String {
            do { _ = try body(); return "no error" } catch { return "\(error)" }
        }
        let expected = message { try store.participants() }
        #expect(expected.contains("p0500") && expected.contains("vector[2]"), "\(expected)")
        #expect(message { try store.participants(decodingOn: 2) } == expected)
    }

    /// Rows are written in SQLite's key order: bytes of the UTF-8, a repeated id in its place.
    @Test func rowsAreOrderedAsSQLiteOrdersKeys() {
        let ids = ["p-00000000b", "p-00000000a", "a", "", "p-0000", "é", "e\u{301}", "p-00000000a", "Z", "p-00000000", "ab"]
        let order = MatchStore.byteOrder(ids)
        let expected = ids.indices.sorted { a, b in
            ids[a].utf8.elementsEqual(ids[b].utf8) ? a < b : ids[a].utf8.lexicographicallyPrecedes(ids[b].utf8)
        }
        #expect(order == expected)
        #expect(order.map { ids[$0] }.prefix(4) == ["", "Z", "a", "ab"])
    }

    @Test func reimportingTheSameDataChangesNothing() throws {
        let store = try MatchStore.inMemory()
        let people = [Self.participant("a", keywords: ["x"]), Self.participant("b", keywords: ["y"])]
        _ = try store.upsert(people)
        let again = try store.upsert(people)
        #expect(again.unchanged == ["a", "b"])
        #expect(again.added.isEmpty && again.updated.isEmpty)
        var changed = people[0]
        changed.name = "Renamed"
        #expect(try store.upsert([changed]).updated == ["a"])
    }

    @Test func deleteRemovesParticipantMembershipsAndVectors() throws {
        let store = try MatchStore.inMemory()
        var member = Self.participant("m", keywords: ["x"])
        member.clusters = ["c"]
        _ = try store.upsert([member, Participant(id: "c", kind: .cluster, name: "C", country: "DK", keywords: ["x"])])
        #expect(try store.delete("m"))
        #expect(try store.participant("m") == nil)
        #expect(try store.counts().vectors == 1)
        let memberships = try store.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM membership") }
        #expect(memberships == 0)
        #expect(try store.delete("m") == false)
    }

    /// Vectors are what a fresh build over the same data gives, whatever the import order.
    @Test func vectorsDoNotDependOnImportHistory() throws {
        let a = Self.participant("a", keywords: ["wind turbine", "blade"]), b = Self.participant("b", keywords: ["blade", "sensor"])
        let c = Self.participant("c", keywords: ["sensor", "audio"], needs: ["wind"])
        let one = try MatchStore.inMemory(), two = try MatchStore.inMemory()
        _ = try one.upsert([a, b, c])
        _ = try two.upsert([c])
        _ = try two.upsert([b])
        _ = try two.upsert([a, Self.participant("gone", keywords: ["audio"])])
        try two.delete("gone")
        let x = try one.matchingSnapshot(), y = try two.matchingSnapshot()
        #expect(x.rows.map(\.id) == y.rows.map(\.id))
        for (r, s) in zip(x.rows, y.rows) { #expect(r.vectors == s.vectors) }
        #expect(x.space.statistics == y.space.statistics)
    }

    @Test func fileDatabaseUsesWAL() throws {
        let dir = try TemporaryDirectory()
        let store = try MatchStore.open(path: dir.path("x.sqlite"))
        let mode = try store.writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }
}

import GRDB
