import Foundation
import GRDB
import Testing

/// Legal forms in profile texts (`… ApS develops …`) are not competences: two Danish companies
/// share `aps`, and a reason `both work on aps` reads as nonsense.
@Suite("legal forms are not terms", .serialized)
struct LegalFormTests {
    /// Two companies whose texts share a legal form and, for `c`, a real competence.
    static let participants = """
        {"id": "a", "kind": "company", "name": "Nordlys Akustik ApS", "country": "DK", "description": "Nordlys Akustik ApS designs hearing aid microphones."}
        {"id": "b", "kind": "company", "name": "Fjord Drivers ApS", "country": "DK", "description": "Fjord Drivers ApS builds loudspeaker magnets."}
        {"id": "c", "kind": "company", "name": "Klang GmbH", "country": "DE", "description": "Klang GmbH tests microphones for hearing aid makers."}
        {"id": "d", "kind": "company", "name": "Ton GmbH & Co. KG", "country": "DE", "description": "Ton GmbH & Co. KG, UG (haftungsbeschränkt), AB (publ), Sp. z o.o., AG, SE: grows apples."}
        {"id": "e", "kind": "company", "name": "Laser GmbH & Co. KG", "country": "DE", "description": "Laser GmbH & Co. KG, UG (haftungsbeschränkt), AB (publ), Sp. z o.o., AG, SE: builds lasers."}

        """

    @Test func aSharedLegalFormIsNoReasonAndOldDatabasesAreAnalysedAgain() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("l.sqlite")
        #expect(try CLI.run(["import", try dir.write("p.jsonl", Self.participants), "--db", db]).status == 0)
        let ab = try CLI.run(["explain", "a", "b", "--db", db])
        #expect(ab.status == 0, "stderr: \(ab.stderr)")
        // Names and quoted texts still show the form; no reason is built on it.
        #expect(ab.stdout.contains("Nothing in common in their profiles.") && !ab.stdout.contains("work on aps"), "\(ab.stdout)")
        let de = try CLI.run(["explain", "d", "e", "--db", db])
        #expect(de.stdout.contains("Nothing in common in their profiles."), "longer forms and their words: \(de.stdout)")
        let ac = try CLI.run(["explain", "a", "c", "--db", db])
        #expect(ac.stdout.contains("both work on ") && !ac.stdout.contains("work on gmbh") && !ac.stdout.contains("work on aps"), "\(ac.stdout)")
        let stored = try DatabaseQueue(path: db).read { db in try String.fetchAll(db, sql: "SELECT name FROM feature WHERE documents > 0") }
        #expect(stored.contains("t:microphon") || stored.contains("t:microphone"), "\(stored)")
        #expect(!stored.contains("t:aps") && !stored.contains("t:gmbh"))

        // A database analysed before v13: its stored features still hold the legal forms.
        // Stand one in by renaming a feature to `t:aps` and forgetting v13; the next command
        // migrates it, analysing every participant again.
        let queue = try DatabaseQueue(path: db)
        try queue.write { db in
            try db.execute(sql: "UPDATE feature SET name = 't:aps' WHERE name = 't:magnet'")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v13:%'")
        }
        try queue.close()
        let again = try CLI.run(["explain", "a", "b", "--db", db])
        #expect(again.stdout == ab.stdout)
        let migrated = try DatabaseQueue(path: db).read { db in
            (try String.fetchAll(db, sql: "SELECT name FROM feature WHERE documents > 0"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations WHERE identifier LIKE 'v13:%'"))
        }
        #expect(migrated.0.contains("t:magnet") && !migrated.0.contains("t:aps"), "\(migrated.0)")
        #expect(migrated.1 == 1)
    }
}
