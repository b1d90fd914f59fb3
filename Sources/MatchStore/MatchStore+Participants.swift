import EventPlanner
import Foundation
internal import GRDB
import JSONSupport
import MatchCore

/// What an import did, per outcome.
package struct UpsertOutcome: Sendable, Hashable {
    package var added: [String] = []
    package var updated: [String] = []
    package var unchanged: [String] = []
}

extension MatchStore {
    /// One participant by id.
    package func participant(_ id: String) throws -> Participant? {
        try writer.read { db in try Self.participant(db, id) }
    }

    /// A participant's stored canonical JSON (`Participant.json`, serialised compactly), not
    /// decoded: for callers that only pass it on. The statement is prepared once per connection.
    package func participantDocument(_ id: String) throws -> String? {
        try writer.read { db in try String.fetchOne(try db.cachedStatement(sql: "SELECT document FROM participant WHERE id = ?"), arguments: [id]) }
    }

    /// A participant and its stored document from one read: for a write that must find the
    /// document unchanged (`importHistory(…unlessChanged:)`).
    package func participantWithDocument(_ id: String) throws -> (participant: Participant, document: String)? {
        try writer.read { db in
            guard let document = try String.fetchOne(db, sql: "SELECT document FROM participant WHERE id = ?", arguments: [id]) else { return nil }
            return (try Self.decodeStored(document, id: id), document)
        }
    }

    static func participant(_ db: Database, _ id: String) throws -> Participant? {
        guard let document = try String.fetchOne(db, sql: "SELECT document FROM participant WHERE id = ?", arguments: [id]) else { return nil }
        return try decodeStored(document, id: id)
    }

    /// Participants ordered by id, a page at a time (`limit` nil: all).
    package func participants(limit: Int? = nil, offset: Int = 0) throws -> [Participant] {
        try writer.read { db in
            try String.fetchAll(db, sql: "SELECT document FROM participant ORDER BY id LIMIT ? OFFSET ?",
                                arguments: [limit ?? -1, offset]).map { try Self.decodeStored($0) }
        }
    }

    /// Every participant, as `participants()`, the documents read in one pass and decoded on
    /// up to `workers` cores at once: decoding is most of the work when participants bring
    /// their own vectors (hundreds of numbers each). The same participants in the same order.
    /// - Parameter withoutVectors: leave out every participant's own vector (`vector` nil),
    ///   for callers that read the vectors from the engine: SQLite removes them from the
    ///   documents before they are parsed here, where hundreds of numbers per participant
    ///   cost more than the rest of the document (a damaged vector then goes unnoticed).
    package func participants(decodingOn workers: Int, withoutVectors: Bool = false) throws -> [Participant] {
        let sql = withoutVectors ? "SELECT json_remove(document, '$.vector') FROM participant ORDER BY id"
                                 : "SELECT document FROM participant ORDER BY id"
        let documents = try writer.read { db in try String.fetchAll(db, sql: sql) }
        // Decoded outside the read, so a damaged document is named as the read would name it.
        do {
            return try concurrentBlocks(documents.count, minimumBlock: 256, maxWorkers: workers) { _, block in
                Result { try block.map { try Self.decodeStored(documents[$0]) } }
            }.flatMap { try $0.get() }
        } catch {
            throw StoreError.recognising(error, path: writer.path)
        }
    }

    static func allParticipants(_ db: Database) throws -> [Participant] {
        try String.fetchAll(db, sql: "SELECT document FROM participant ORDER BY id").map { try decodeStored($0) }
    }

    /// - Parameter id: the participant's id, when the caller read it by id (the damage
    ///   message then names it, as the bulk reads do).
    static func decodeStored(_ document: String, id: String? = nil) throws -> Participant {
        // Stored documents were validated on the way in; failing here means the file was
        // edited by hand or damaged: say which record, never "not found".
        let value: JSONValue
        do { value = try JSONParser.parse(document) } catch {
            if let id { throw StoredRecordDamaged("stored participant '\(id)' is no longer valid JSON (\(error))") }
            throw StoredRecordDamaged("a stored participant document is not valid JSON (\(error))")
        }
        switch Participant.decode(value) {
        case .success(let p): return p
        case .failure(let f):
            throw StoredRecordDamaged("stored participant '\(f.id ?? id ?? "?")' no longer reads as a participant: \(f.issues.map(\.description).joined(separator: "; "))")
        }
    }

    /// Inserts or updates participants and brings their vectors up to date, all in one
    /// transaction. A record identical to the stored one counts as unchanged.
    ///
    /// Rows are written in id order, so that the tables grow at their end (fewer pages
    /// touched, fuller pages). While one chunk is written, the next one's documents are
    /// serialised and the previous one's features analysed on other threads.
    /// - Precondition: the ids are distinct (admission removes repeats first): a second
    ///   copy of a record would count its features twice in the document frequencies.
    /// - Returns: the ids added, updated and unchanged, each in the order given.
    ///
    /// With `unlessErasedSince` (the erased digests the caller read and filtered on), it
    /// stores nothing and throws `changedMeanwhile` when another process erased someone since.
    package func upsert(_ participants: [Participant], unlessErasedSince seen: Set<String>? = nil) throws -> UpsertOutcome {
        try writer.write { db in
            if let seen { try Self.checkNoOneErased(db, since: seen, event: nil) }
            return try Self.upsert(db, participants)
        }
    }

    /// `upsert(_:)` inside a transaction the caller holds (a history import that also
    /// creates participants writes both at once).
    static func upsert(_ db: Database, _ participants: [Participant]) throws -> UpsertOutcome {
        do {
            let ids = participants.map(\.id)
            precondition(Set(ids).count == ids.count, "upsert: participant ids repeat")
            let order = Self.byteOrder(ids)
            enum Status { case added, updated, unchanged }
            var status = [Status](repeating: .unchanged, count: participants.count)
            // Prepared once per import, not once per row: a third of the time at 100,000 rows.
            let select = try RawStatement(db, sql: "SELECT document FROM participant WHERE id = ?")
            let upsert = try RawStatement(db, sql: """
                INSERT INTO participant(id, kind, name, country, organisation, document) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, name = excluded.name, country = excluded.country,
                    organisation = excluded.organisation, document = excluded.document
                """)
            let clearMemberships = try db.cachedStatement(sql: "DELETE FROM membership WHERE participant_id = ?")
            let addMembership = try db.cachedStatement(sql: "INSERT INTO membership(participant_id, cluster_id) VALUES (?, ?)")
            let features = try FeatureWriter(db)
            let serialiser = SerialWorker(label: "clustermatch.documents")
            func serialise(_ range: Range<Int>) -> Pending<[String]> {
                // Through a buffer pointer: reading a participant out of the captured array copied it.
                serialiser.submit { participants.withUnsafeBufferPointer { p in order[range].map { p[$0].json.serialized() } } }
            }
            let n = participants.count, size = Self.featureChunk
            var nextDocuments = serialise(0..<min(n, size))
            for start in stride(from: 0, to: n, by: size) {
                let range = start..<min(n, start + size)
                let documents = nextDocuments.wait()
                if range.upperBound < n { nextDocuments = serialise(range.upperBound..<min(n, range.upperBound + size)) }
                var changed: [Int] = []
                for (i, document) in zip(order[range], documents) {
                    let id = ids[i]
                    try select.bind(1, id)
                    let same = try select.firstText(equals: document)
                    if same == true { continue }
                    status[i] = same == nil ? .added : .updated
                    changed.append(i)
                    try upsert.bind(1, id)
                    try upsert.bind(2, participants[i].kind.rawValue)
                    try upsert.bind(3, participants[i].name)
                    try upsert.bind(4, participants[i].country)
                    try upsert.bind(5, participants[i].organisation)
                    try upsert.bind(6, document)
                    try upsert.execute()
                    if same != nil {
                        try clearMemberships.execute(arguments: [id])
                        try features.forget(id)
                    }
                    for cluster in Set(participants[i].clusters) { try addMembership.execute(arguments: [id, cluster]) }
                }
                features.add(participants, at: changed)
                try features.writeAnalysed(keeping: 1)
            }
            try features.finish()
            var outcome = UpsertOutcome()
            for (id, s) in zip(ids, status) {
                switch s {
                case .added: outcome.added.append(id)
                case .updated: outcome.updated.append(id)
                case .unchanged: outcome.unchanged.append(id)
                }
            }
            // Someone erased who registers again: their history may come back with them.
            if !outcome.added.isEmpty, try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM erased_member)") == true {
                let lift = try db.cachedStatement(sql: "DELETE FROM erased_member WHERE digest = ?")
                let liftName = try db.cachedStatement(sql: "DELETE FROM erased_name WHERE digest = ?")
                let added = Set(outcome.added)
                for p in participants where added.contains(p.id) {
                    try lift.execute(arguments: [Erasure.digest(p.id)])
                    // Their names are theirs to show again.
                    for name in [p.name, p.contact?.person, p.contact?.email, p.contact?.phone].compactMap({ $0 }) {
                        try liftName.execute(arguments: [Erasure.nameDigest(name)])
                    }
                }
            }
            return outcome
        }
    }

    /// The indices of `ids` in SQLite's order of text keys (bytes of the UTF-8), a repeated
    /// id keeping its place. Sorts on the first eight bytes as one number, comparing whole
    /// ids only when those are equal: sorting 100,000 strings was a tenth of a second.
    static func byteOrder(_ ids: [String]) -> [Int] {
        let keys = ids.map { id -> UInt64 in
            var key: UInt64 = 0
            for (n, byte) in id.utf8.prefix(8).enumerated() { key |= UInt64(byte) << (56 - 8 * UInt64(n)) }
            return key
        }
        return ids.indices.sorted { a, b in
            if keys[a] != keys[b] { return keys[a] < keys[b] }
            if ids[a].utf8.elementsEqual(ids[b].utf8) { return a < b }
            return ids[a].utf8.lexicographicallyPrecedes(ids[b].utf8)
        }
    }

    /// Deletes a participant and everything stored about it, then rebuilds the vectors.
    /// - Returns: false when no such participant exists, in the directory or in a stored event.
    @discardableResult
    package func delete(_ id: String) throws -> Bool {
        try writer.write { db in
            let registered = try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM participant WHERE id = ?)", arguments: [id]) == true
            // What spells them out in other records' text, read before their row goes.
            let redaction = try Self.redaction(db, participant: id)
            if registered {
                // Its features leave the document frequencies before its row (and, by cascade, its vectors) go.
                try Self.updateVectors(db, changed: [], removed: [id])
                try db.execute(sql: "DELETE FROM participant WHERE id = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM membership WHERE cluster_id = ?", arguments: [id])
            }
            // Events may name people the database has no profile for (explicit candidates).
            let planned = try Self.eraseFromSchedules(db, participant: id, redaction: redaction)
            let recorded = try Self.eraseOutcomes(db, participant: id, redaction: redaction)
            let historical = try Self.eraseFromHistory(db, participant: id)
            guard registered || planned || recorded || historical else { return false }
            // A history file imported again must not bring them back (`erasedMembers()`),
            // nor an old file's text their names (`erasedNames()`).
            try db.execute(sql: "INSERT INTO erased_member(digest) VALUES (?) ON CONFLICT DO NOTHING", arguments: [Erasure.digest(id)])
            for name in redaction.names {
                try db.execute(sql: "INSERT INTO erased_name(digest) VALUES (?) ON CONFLICT DO NOTHING", arguments: [Erasure.nameDigest(name)])
            }
            // The change log keeps no id in clear: it names the erased participant by its
            // digest, which a reader that holds the id resolves (`resolvingErased`).
            let marker = Self.erasedChange(id)
            try db.execute(sql: "DELETE FROM participant_change WHERE participant_id = ?", arguments: [marker])
            try db.execute(sql: "UPDATE participant_change SET participant_id = ? WHERE participant_id = ?", arguments: [marker, id])
            return true
        }
    }

    /// The names that spell a participant out in other records' text (its name, its contact
    /// person, e-mail and phone) and the other participants' names that contain one of
    /// them (kept whole).
    static func redaction(_ db: Database, participant id: String) throws -> Erasure.Redaction {
        var names: [String] = []
        if let p = try participant(db, id) {
            names += [p.name, p.contact?.person, p.contact?.email, p.contact?.phone].compactMap { $0 }
        }
        // The name the history gave it (the one its reasons show), and a guest's names in
        // the events that listed it: a guest has no participant row.
        names += try String.fetchAll(db, sql: "SELECT name FROM history_node WHERE id = ? AND name IS NOT NULL", arguments: [id])
        for text in try String.fetchAll(db, sql: """
            SELECT document FROM event WHERE instr(document, ?) > 0
            UNION ALL SELECT document FROM schedule WHERE instr(document, ?) > 0
            """, arguments: [id, id]) {
            guard let value = try? JSONParser.parse(Array(text.utf8)) else { continue }
            for entry in value["participants"]?.arrayValue ?? [] where entry["id"]?.stringValue == id {
                names += [entry["name"]?.stringValue, entry["email"]?.stringValue].compactMap { $0 }
            }
        }
        var keep: [String] = []
        for name in names + [id] where name.count >= 3 {
            keep += try String.fetchAll(db, sql: "SELECT name FROM participant WHERE id <> ? AND instr(lower(name), lower(?)) > 0", arguments: [id, name])
        }
        return Erasure.Redaction(id: id, names: names, keep: keep)
    }

    /// `Erasure.nameDigest` of every name an erasure took out of text, and the names of the
    /// participants registered now (lower case, single-spaced), which stay whole where an
    /// erased name is part of one. Both empty when no name was erased.
    package func erasedNames() throws -> (digests: Set<String>, keep: Set<String>) {
        try writer.read { db in
            let digests = Set(try String.fetchAll(db, sql: "SELECT digest FROM erased_name"))
            guard !digests.isEmpty else { return ([], []) }
            let keep = Set(try String.fetchAll(db, sql: "SELECT name FROM participant").map {
                $0.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
            })
            return (digests, keep)
        }
    }

    /// Dimension of the users' own vectors already stored, if any.
    package func embeddingDimension() throws -> Int? {
        try writer.read { db in
            try Int.fetchOne(db, sql: "SELECT length(embedding) / 4 FROM vector WHERE embedding IS NOT NULL LIMIT 1")
        }
    }
}
