import Foundation
import GRDB
import JSONSupport
import Testing

/// A group record is identified by its source and name: two sources that both number their
/// projects `P1` keep both records (the second used to replace the first). Databases from
/// before v14 have their group keys renamed, members and all.
@Suite("history: group keys by source", .serialized)
struct HistoryGroupKeyTests {
    static let crmA = #"{"group": "P1", "kind": "project", "date": "2020-01-01", "members": ["a1", "a2"], "source": "crmA"}"# + "\n"
    static let crmB = #"{"group": "P1", "kind": "project", "date": "2022-05-01", "members": ["b1", "b2", "b3"], "source": "crmB"}"# + "\n"

    static func stored(_ db: String) throws -> [String] {
        try DatabaseQueue(path: db).read { db in
            try String.fetchAll(db, sql: """
                SELECT c.key || ' ' || c.source || ' ' || c.date || ' ' || group_concat(m.member, ',')
                FROM collaboration c JOIN collaboration_member m ON m.collaboration_key = c.key
                GROUP BY c.key ORDER BY c.key
                """)
        }
    }

    @Test func twoSourcesKeepTheirOwnGroupOfTheSameName() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("h.sqlite")
        let first = try CLI.run(["history", "import", try dir.write("a.jsonl", Self.crmA), "--db", db, "--format", "json"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let second = try CLI.run(["history", "import", try dir.write("b.jsonl", Self.crmB), "--db", db, "--format", "json"])
        let r = try JSONParser.parse(second.stdout)
        #expect(r["added"] == 1 && r["updated"] == 0, "\(second.stdout)")
        #expect(try Self.stored(db) == ["group|crmA|P1 crmA 2020-01-01 a1,a2", "group|crmB|P1 crmB 2022-05-01 b1,b2,b3"])
        // The same source and name with other members is the same record, updated.
        let moved = try CLI.run(["history", "import", try dir.write("a2.jsonl", Self.crmA.replacingOccurrences(of: "\"a2\"", with: "\"a3\"")), "--db", db, "--format", "json"])
        #expect(try JSONParser.parse(moved.stdout)["updated"] == 1)
        // Within one import, the same source and name twice is still one key, named by the group's name.
        let twice = try CLI.run(["history", "import", try dir.write("t.jsonl", Self.crmA + Self.crmA.replacingOccurrences(of: "2020-01-01", with: "2020-02-01")), "--db", db])
        #expect(twice.status == 65)
        #expect(twice.stderr.contains("t.jsonl:2: record 'P1': field 'group': the same collaboration as on line 1 of this file"), "\(twice.stderr)")
    }

    /// `|` separates a key's parts: a source `crm|A` with group `P1` and a source `crm` with
    /// group `A|P1` would share the key `group|crm|A|P1`. Such a source is refused, by name.
    @Test func aSourceWithTheKeySeparatorIsRefused() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("h.sqlite")
        #expect(try CLI.run(["history", "import", try dir.write("b.jsonl", Self.crmB), "--db", db]).status == 0)
        let before = try Self.stored(db)
        let file = try dir.write("bar.jsonl", Self.crmA.replacingOccurrences(of: "\"crmA\"", with: "\"crm|A\"")
                                 + #"{"group": "A|P1", "kind": "project", "date": "2021-01-01", "members": ["c1", "c2"], "source": "crm"}"# + "\n")
        let r = try CLI.run(["history", "import", file, "--db", db])
        #expect(r.status == 65)
        #expect(r.stderr.contains(#"bar.jsonl:1: record 'P1': field 'source' value "crm|A": must not contain '|'"#), "\(r.stderr)")
        #expect(!r.stderr.contains("bar.jsonl:2"), "a group name may hold '|': \(r.stderr)")
        #expect(try Self.stored(db) == before)
        // A pair's key joins its ids: `x|y`–`z` and `x`–`y|z` would share one.
        let pairs = try dir.write("pairs.jsonl", #"{"a": "x|y", "b": "z", "kind": "project", "date": "2021-01-01", "source": "crm"}"# + "\n")
        let p = try CLI.run(["history", "import", pairs, "--db", db])
        #expect(p.status == 65 && p.stderr.contains(#"pairs.jsonl:1: "#) && p.stderr.contains(#"field 'a' value "x|y": must not contain '|'"#), "\(p.stderr)")
        #expect(try Self.stored(db) == before)
    }

    @Test func aDatabaseFromBeforeV14HasItsGroupKeysRenamed() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("h.sqlite")
        let pair = #"{"a": "a1", "b": "b1", "kind": "meeting", "date": "2021-01-01", "source": "crmA"}"# + "\n"
        let file = try dir.write("a.jsonl", Self.crmA + pair)
        #expect(try CLI.run(["history", "import", file, "--db", db]).status == 0)
        #expect(try CLI.run(["history", "import", Self.cordisFixture, "--db", db]).status == 0)
        let now = try Self.stored(db)
        // Stand in a database from before v14: the group keyed by its name alone.
        let queue = try DatabaseQueue(path: db)
        try queue.inDatabase { db in  // outside a transaction, where the pragma takes effect
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: "UPDATE collaboration SET key = 'P1' WHERE key = 'group|crmA|P1'")
            try db.execute(sql: "UPDATE collaboration_member SET collaboration_key = 'P1' WHERE collaboration_key = 'group|crmA|P1'")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v14:%'")
        }
        try queue.close()
        #expect(try Self.stored(db).contains("P1 crmA 2020-01-01 a1,a2"))
        // The next command migrates: keys as a fresh import gives them, and importing the file again changes nothing.
        let again = try CLI.run(["history", "import", file, "--db", db, "--format", "json"])
        let r = try JSONParser.parse(again.stdout)
        #expect(r["added"] == 0 && r["updated"] == 0 && r["unchanged"] == 2, "\(again.stdout) \(again.stderr)")
        #expect(try Self.stored(db) == now)
        #expect(now.contains { $0.hasPrefix("cordis:") } && now.contains { $0.hasPrefix("pair|a1|b1|meeting|") })
    }

    static let cordisFixture = CLI.repositoryRoot.appendingPathComponent("Tests/Fixtures/history/cordis/organization.csv").path
}
