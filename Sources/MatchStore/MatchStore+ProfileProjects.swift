internal import GRDB
import Foundation
import JSONSupport
import MatchCore

extension MatchStore {
    /// The source format of participants whose profiles are built from their projects.
    package static let projectProfiledFormat = "cordis"

    /// Keeps the projects participants' profiles were built from: a project stored already
    /// for the participant (same key) is replaced, so an import again changes nothing.
    static func recordProfileProjects(_ db: Database, _ projects: [String: [ProfileProject]]) throws {
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO profile_project(participant_id, key, date, topic, title, programmes) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(participant_id, key) DO UPDATE SET date = excluded.date, topic = excluded.topic,
                title = excluded.title, programmes = excluded.programmes
            """)
        for (id, list) in projects.sorted(by: { $0.key < $1.key }) {
            for p in list {
                let programmes = JSONValue.array(p.programmes.map { .string($0) }).serialized()
                try upsert.execute(arguments: [id, p.key, p.date, p.topic, p.title, programmes])
            }
        }
    }

    /// The projects kept with one participant, in key order (its personal data).
    package func profileProjects(of id: String) throws -> [ProfileProject] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT key, date, topic, title, programmes FROM profile_project WHERE participant_id = ? ORDER BY key",
                             arguments: [id]).map { Self.profileProject($0, from: 0) }
        }
    }

    /// A project from the columns key, date, topic, title, programmes, starting at column `k`.
    private static func profileProject(_ row: Row, from k: Int) -> ProfileProject {
        let programmes = (try? JSONParser.parse(row[k + 4] as String))?.arrayValue?.compactMap(\.stringValue) ?? []
        return ProfileProject(key: row[k], date: row[k + 1], topic: row[k + 2], title: row[k + 3], programmes: programmes)
    }

    /// The projects of the participants whose profile a CORDIS import built, by participant
    /// id, in key order (participants whose profile came from elsewhere since are left out:
    /// their profile is not their projects').
    package func profileProjects() throws -> [String: [ProfileProject]] {
        try writer.read { db in
            var result: [String: [ProfileProject]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT p.participant_id, p.key, p.date, p.topic, p.title, p.programmes FROM profile_project p
                JOIN participant ON participant.id = p.participant_id
                WHERE json_extract(participant.document, '$.source.format') = ?
                ORDER BY p.participant_id, p.key
                """, arguments: [Self.projectProfiledFormat]) {
                result[row[0] as String, default: []].append(Self.profileProject(row, from: 1))
            }
            return result
        }
    }
}
