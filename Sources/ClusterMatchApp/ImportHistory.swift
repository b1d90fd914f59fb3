import EventPlanner
import Foundation
import Importers
import JSONSupport
import MatchCore
import MatchStore

/// The format of a history file (`history import --as`).
package enum HistoryFormat: String, Sendable, CaseIterable {
    /// Collaborations as JSON Lines: pair and group records.
    case collaborations
    /// CORDIS `organization.csv` (with `project.csv` and `topics.csv` beside it).
    case cordis
}

/// What one history file is, once recognised.
enum HistoryKind {
    case collaborations
    case cordis(CORDISFile.Table)

    /// What messages call it: "collaborations", "a CORDIS project.csv".
    var name: String {
        switch self {
        case .collaborations: "collaborations"
        case .cordis(let table): "a CORDIS \(table.rawValue)"
        }
    }
}

/// A request to import collaboration history.
package struct HistoryImportRequest: Sendable {
    package var files: [String]
    /// nil: recognised from the content.
    package var format: HistoryFormat?
    package var dryRun = false
    /// Members that are not participants are an error instead of history-only nodes.
    package var strict = false
    /// Create the CORDIS organisations that are not participants yet, with profiles built
    /// from their projects.
    package var createParticipants = false
    /// How CORDIS organisations become participant ids (`{column}` of organization.csv).
    package var idTemplate = CORDISFile.defaultTemplate
    /// A participant attribute (dotted path in `attributes`) holding CORDIS organisation ids:
    /// an organisation is the participant whose attribute equals its `organisationID`; the
    /// others get their ids from `idTemplate`.
    package var idAttribute: String?
    /// The files are the whole history of the sources their records name: stored records of
    /// those sources that the files no longer hold are deleted (how a corrected pair date,
    /// a new key, replaces the wrong one).
    package var replace = false

    package init(files: [String], format: HistoryFormat? = nil, dryRun: Bool = false, strict: Bool = false,
                 createParticipants: Bool = false, idTemplate: String = CORDISFile.defaultTemplate, idAttribute: String? = nil,
                 replace: Bool = false) {
        self.replace = replace
        self.files = files
        self.format = format
        self.dryRun = dryRun
        self.strict = strict
        self.createParticipants = createParticipants
        self.idTemplate = idTemplate
        self.idAttribute = idAttribute
    }

    /// Why an attribute name cannot be used with `idAttribute` (nil: it can).
    package static func attributeProblem(_ name: String) -> String? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        if name.isEmpty || parts.contains(where: \.isEmpty) { return "must name an attribute, e.g. pic or registration.pic (keys joined by dots)" }
        if name.contains("\"") || name.contains("\\") { return "must not contain quotes or backslashes" }
        return nil
    }
}

/// What `history import` did.
package struct HistoryImportReport: Sendable {
    package struct File: Sendable {
        package var file: String
        package var format: HistoryFormat
        package var records: Int
        package var notes: [String]
    }

    package var files: [File]
    /// Collaboration records added, replaced and already there.
    package var history: HistoryOutcome
    /// Participants created from the files (`createParticipants`).
    package var participantsCreated: Int
    /// Participants an earlier CORDIS import created whose profiles this import built again
    /// from their projects, with the new ones (`createParticipants`).
    package var participantsUpdated = 0
    /// Projects kept anew (or completed) for participants an earlier CORDIS import created,
    /// also where their profile stays the same (a project without a call topic).
    package var profileProjectsKept = 0
    /// Of the participants an earlier CORDIS import created and this one names with new
    /// projects, those edited since (their profile is no longer their projects'): kept as
    /// they are, the first five by id.
    package var profilesKeptAsEdited: [String] = []
    package var profilesKeptAsEditedCount = 0
    /// Participants created with an empty profile (their projects have no call topic or
    /// programme part), the first five by id, and how many: never matched on content.
    package var createdWithoutProfile: [String] = []
    package var createdWithoutProfileCount = 0
    /// Members that are not participants, kept as history-only nodes.
    package var historyOnly: Int
    /// The first five of them, by id.
    package var historyOnlyExamples: [String]
    package var dryRun: Bool
    /// The newest records of the database's history when they are far newer than the rest
    /// (`CollaborationNetwork.datesFarAhead`): such a date moves the decay's reference date
    /// (a typo like 2052 makes every real collaboration look decades old). They are
    /// imported; the report warns. From the data, not the clock, so the report is the same
    /// any day.
    package var datedFarAhead: (records: Int, latest: String, restNewest: String)?
    /// Where the first few of them are: `file:line` for this import's, `stored record KEY` for others.
    package var datedFarAheadPlaces: [String] = []

    /// History-only members whose id looks like a participant's (`ClusterMatch.lookalikes`:
    /// `DE-HEARING-0003`, `dk-sound-0005 `, `dk-sound-005`, `de-hearng-0002`): the member id,
    /// the participant id.
    package var historyOnlyLookalikes: [(id: String, participant: String)] = []
    /// New pair records whose pair, kind and source are stored with another date (a
    /// corrected date adds a record: the date is part of a pair's key), the first few.
    package var redated: [(pair: String, stored: String, new: String)] = []
    package var redatedCount = 0
    /// Records that named a participant erased from the database (`participants delete`):
    /// left out, or (a group) kept without them.
    package var erasedLeftOut = 0
    /// Where the first five of them are (`file:line`), so that the source can be cleaned too.
    package var erasedPlaces: [String] = []

    /// The warnings of the report (also in its JSON form).
    package var warnings: [String] {
        var warnings = ClusterMatch.lookalikeNote(historyOnlyLookalikes).map { [$0] } ?? []
        if createdWithoutProfileCount > 0 {
            let n = createdWithoutProfileCount
            warnings.append("\(n) created participant\(n == 1 ? " has" : "s have") an empty profile (\(createdWithoutProfile.joined(separator: ", "))\(n > createdWithoutProfile.count ? ", …" : "")): no project of \(n == 1 ? "its" : "theirs") has a call topic or programme part in the files read (project.csv gives them). \(n == 1 ? "It counts as a partner" : "They count as partners") in the history, but no list suggests \(n == 1 ? "it" : "them") until \(n == 1 ? "it has" : "they have") a profile.")
        }
        if profilesKeptAsEditedCount > 0 {
            let n = profilesKeptAsEditedCount
            warnings.append("\(n) participant\(n == 1 ? "" : "s") created by an earlier CORDIS import \(n == 1 ? "has" : "have") new projects here but \(n == 1 ? "was" : "were") edited since (\(profilesKeptAsEdited.joined(separator: ", "))\(n > profilesKeptAsEdited.count ? ", …" : "")): \(n == 1 ? "its profile is" : "their profiles are") kept as edited, without the new projects' topics. Their collaborations are imported.")
        }
        if redatedCount > 0 {
            let shown = redated.map { "\($0.pair) \($0.stored) → \($0.new)" }.joined(separator: ", ")
            warnings.append("\(redatedCount) new pair record\(redatedCount == 1 ? " repeats a stored pair" : "s repeat stored pairs") (same kind and source) on another date (\(shown)\(redatedCount > redated.count ? ", …" : "")): kept as a further collaboration. If instead a date was corrected, import all files of the source again with --replace (replace in the service), which removes the records they no longer hold.")
        }
        if erasedLeftOut > 0 {
            let places = erasedPlaces.isEmpty ? "" : " (\(erasedPlaces.joined(separator: ", "))\(erasedLeftOut > erasedPlaces.count ? ", …" : ""))"
            warnings.append("\(erasedLeftOut) record\(erasedLeftOut == 1 ? " names" : "s name") a participant erased from the database (participants delete)\(places): left out (a group is kept without them). Registering the participant again (import --register-erased, participant.upsert with registerErased) lifts this.")
        }
        guard let far = datedFarAhead else { return warnings }
        let places = datedFarAheadPlaces.isEmpty ? "" : " (\(datedFarAheadPlaces.joined(separator: ", "))\(far.records > datedFarAheadPlaces.count ? ", …" : ""))"
        warnings.append("\(far.records) record\(far.records == 1 ? " is" : "s are") dated up to \(far.latest), more than five years after the rest of the history (newest \(far.restNewest))\(places): history counts time back from its newest date, so every other collaboration now looks that much older. Check whether they are typos; to correct a pair's date (part of its key), import all files of its source again with --replace (replace in the service), which removes the source's records they no longer hold.")
        return warnings
    }

    package var changes: Bool {
        history.added + history.updated + history.removed + history.namesAdded + history.namesChanged + participantsCreated + participantsUpdated + profileProjectsKept > 0
    }

    package var json: JSONValue {
        .object(JSONObject([
            ("files", .array(files.map { f in .object(JSONObject([
                ("file", .string(f.file)), ("format", .string(f.format.rawValue)), ("records", .int(Int64(f.records))),
                ("notes", .array(f.notes.map(JSONValue.string))),
            ])) })),
            ("added", .int(Int64(history.added))), ("updated", .int(Int64(history.updated))),
            ("unchanged", .int(Int64(history.unchanged))), ("removed", .int(Int64(history.removed))),
            ("names", .object(JSONObject([("added", .int(Int64(history.namesAdded))), ("changed", .int(Int64(history.namesChanged)))]))),
            ("participantsCreated", .int(Int64(participantsCreated))),
            ("participantsUpdated", .int(Int64(participantsUpdated))),
            ("profileProjectsKept", .int(Int64(profileProjectsKept))),
            ("participantsWithoutProfile", .int(Int64(createdWithoutProfileCount))),
            ("historyOnly", .int(Int64(historyOnly))),
            ("historyOnlyExamples", .array(historyOnlyExamples.map(JSONValue.string))),
            ("historyOnlyLookalikes", .array(historyOnlyLookalikes.map { l in
                .object(JSONObject([("id", .string(l.id)), ("participant", .string(l.participant))])) })),
            ("dryRun", .bool(dryRun)),
            ("datedFarAhead", datedFarAhead.map { far in .object(JSONObject([
                ("records", .int(Int64(far.records))), ("latest", .string(far.latest)), ("restNewest", .string(far.restNewest)),
            ])) } ?? .null),
            ("warnings", .array(warnings.map(JSONValue.string))),
        ] + (erasedLeftOut == 0 ? [] : [("erasedLeftOut", .int(Int64(erasedLeftOut)))])))
    }
}

extension ClusterMatch {
    /// The members among `historyOnly` that look like a participant's id, with that
    /// participant, in id order: the same once case and spaces around it are ignored
    /// (`DE-HEARING-0003`), once numbers are read as numbers (`dk-sound-003` for
    /// `dk-sound-0003`), or one typo in a word of the id away (a letter added, left out,
    /// replaced, or two swapped, inside a run of at least four letters: `de-hearng-0002`).
    /// Ids are compared exactly (two ids that differ in case may be two organisations), so
    /// these stay history-only; the report says which participant each one looks like.
    /// Numbers that differ (`pic-999978142`, `pic-999978143`) and short codes (`dk`, `de`)
    /// are other organisations, never a typo.
    /// - Complexity: O((participants + members) × id length) hash lookups.
    static func lookalikes(_ historyOnly: [String], of participants: Set<String>) -> [(id: String, participant: String)] {
        guard !historyOnly.isEmpty else { return [] }
        func folded(_ id: String) -> [Character] { Array(id.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()) }
        // Runs of digits as numbers: leading zeros dropped.
        func numeric(_ c: [Character]) -> String {
            var out = "", i = 0
            while i < c.count {
                guard c[i].isASCII && c[i].isNumber else { out.append(c[i]); i += 1; continue }
                var j = i
                while j < c.count && c[j].isASCII && c[j].isNumber { j += 1 }
                let digits = c[i..<j].drop { $0 == "0" }
                out += digits.isEmpty ? "0" : String(digits)
                i = j
            }
            return out
        }
        // Positions of letters inside a run of at least four letters (a word, not a code).
        func wordLetters(_ c: [Character]) -> [Int] {
            var result: [Int] = [], i = 0
            while i < c.count {
                guard c[i].isLetter else { i += 1; continue }
                var j = i
                while j < c.count && c[j].isLetter { j += 1 }
                if j - i >= 4 { result += Array(i..<j) }
                i = j
            }
            return result
        }
        func without(_ c: [Character], _ i: Int) -> String { String(c[..<i]) + String(c[(i + 1)...]) }
        var exact: [String: String] = [:], numbers: [String: String] = [:], deletions: [String: [(participant: String, at: Int)]] = [:]
        for p in participants.sorted() {
            let f = folded(p)
            if exact[String(f)] == nil { exact[String(f)] = p }
            let n = numeric(f)
            if numbers[n] == nil { numbers[n] = p }
            for i in wordLetters(f) { deletions[without(f, i), default: []].append((p, i)) }
        }
        return historyOnly.compactMap { id in
            let g = folded(id), text = String(g)
            if let p = exact[text] ?? numbers[numeric(g)] { return (id, p) }
            if let p = deletions[text]?.first?.participant { return (id, p) }  // a letter left out
            for i in wordLetters(g) {
                let key = without(g, i)
                if g.count >= 6, let p = exact[key] { return (id, p) }  // a letter added
                // A letter replaced (same place) or two swapped (neighbouring places).
                if let p = deletions[key]?.first(where: { abs($0.at - i) <= 1 && $0.participant != id })?.participant { return (id, p) }
            }
            return nil
        }
    }

    /// An id as a list shows it: quoted where spaces around it would vanish (`"c "`), else as it is.
    package static func shownID(_ id: String) -> String {
        id.isEmpty || id.trimmingCharacters(in: .whitespacesAndNewlines) != id ? JSONValue.quoted(id) : id
    }

    /// The warning about `lookalikes`, nil when there are none.
    static func lookalikeNote(_ lookalikes: [(id: String, participant: String)]) -> String? {
        guard !lookalikes.isEmpty else { return nil }
        let shown = lookalikes.prefix(5).map { "\(JSONValue.quoted($0.id)) (participant \($0.participant))" }.joined(separator: ", ")
        return "\(lookalikes.count) history-only member\(lookalikes.count == 1 ? "'s id looks" : "s' ids look") like a participant's (case, spaces, leading zeros or one typo in a word): \(shown)\(lookalikes.count > 5 ? ", …" : ""). Ids are compared exactly: correct them in the file and import it again."
    }

    /// Imports collaboration history: every file is read and checked before anything is
    /// stored, then participants (with `createParticipants`) and records are written in one
    /// transaction. Importing the same files again changes nothing.
    ///
    /// A record key in two files is one record when both say the same, and an error naming
    /// both places when they differ; the CORDIS files (organization.csv, project.csv,
    /// topics.csv, given or found beside an organization.csv) are read as one export.
    ///
    /// - Throws: `.badInput` (exit 65) when a file is empty or not a history file, when a
    ///   record is malformed (every problem listed; nothing stored), or with `strict` when a
    ///   member is not a participant.
    package func importHistory(_ request: HistoryImportRequest) throws -> HistoryImportReport {
        var inputs: [(file: String, bytes: [UInt8], kind: HistoryKind)] = []
        func path(_ file: String) -> String { URL(fileURLWithPath: file).standardizedFileURL.path }
        var given = Set<String>()
        // A file named twice is read once (its records are not "also in an earlier file").
        for file in request.files where given.insert(path(file)).inserted {
            guard let data = FileManager.default.contents(atPath: file) else {
                var folder: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: file, isDirectory: &folder)
                throw AppError(.notFound, "\(file): " + (!exists ? "no such file" : folder.boolValue ? "is a folder; name the files in it (organization.csv, or collaborations .jsonl)" : "cannot be read as a file"))
            }
            let bytes = [UInt8](data)
            inputs.append((file, bytes, try Self.historyKind(of: bytes, file: file, format: request.format)))
        }
        // CORDIS: organization.csv files, and project.csv / topics.csv given or found beside them.
        var cordis: [CORDISFile.Table: [CORDISFile.Input]] = [:]
        var seen = Set<String>()
        for input in inputs { if case .cordis(let table) = input.kind, seen.insert(path(input.file)).inserted {
            cordis[table, default: []].append(CORDISFile.Input(file: input.file, bytes: input.bytes))
        } }
        var besideNotes: [String: [String]] = [:]
        for organisations in cordis[.organisations] ?? [] {
            let folder = (organisations.file as NSString).deletingLastPathComponent
            for table in [CORDISFile.Table.projects, .topics] {
                let file = folder.isEmpty ? table.rawValue : folder + "/" + table.rawValue
                guard !seen.contains(path(file)), let data = FileManager.default.contents(atPath: file) else { continue }
                seen.insert(path(file))
                cordis[table, default: []].append(CORDISFile.Input(file: file, bytes: [UInt8](data)))
                besideNotes[organisations.file, default: []].append(table == .projects ? "dates and topics from \(file)" : "topic titles from \(file)")
            }
        }
        if cordis.isEmpty && (request.createParticipants || request.idAttribute != nil || request.idTemplate != CORDISFile.defaultTemplate) {
            let what = inputs.first.map { "\($0.file) is \($0.kind.name)" } ?? ""
            throw AppError(.usage, "creating participants, an id template and an id attribute (--create-participants, --id-template, --id-attribute; createParticipants, idTemplate, idAttribute in the service) apply to a CORDIS organization.csv, and none is given: \(what)")
        }
        var cordisContents: CORDISFile.Contents?
        if !cordis.isEmpty {
            guard cordis[.organisations] != nil else {
                let file = (cordis[.projects] ?? cordis[.topics] ?? []).first?.file ?? ""
                throw AppError(.badInput, "\(file): a CORDIS project.csv or topics.csv only completes an organization.csv (who took part in which project); give that too")
            }
            var ids = CORDISFile.IDRule(template: request.idTemplate, attribute: request.idAttribute)
            if let attribute = request.idAttribute {
                ids.participants = try store.participantIDs(byAttribute: attribute.split(separator: ".").map(String.init))
            }
            do {
                cordisContents = try CORDISFile.read(organisations: cordis[.organisations] ?? [], projects: cordis[.projects] ?? [],
                                                     topics: cordis[.topics] ?? [], ids: ids)
            } catch {
                throw AppError(.badInput, error.description)
            }
        }

        var files: [HistoryImportReport.File] = []
        var read: [(record: Collaboration, place: RecordPlace)] = []
        var names: [String: String] = [:]
        var organisations: [String: Participant] = [:]
        var rejected: [HistoryRejection] = []
        if let cordisContents {
            rejected += cordisContents.all.rejected
            names = cordisContents.all.names
            for p in cordisContents.all.organisations { organisations[p.id] = p }
        }
        let projects = cordisContents?.all.projects ?? [:]
        var reported = Set<String>()
        for input in inputs {
            switch input.kind {
            case .collaborations:
                let contents = CollaborationFile.read(input.bytes, file: input.file)
                if contents.records.isEmpty && contents.rejected.isEmpty {
                    throw AppError(.badInput, "\(input.file): no collaboration records: the file is empty (a history file has one record a line, or one JSON array of records)")
                }
                rejected += contents.rejected
                read += zip(contents.records, contents.places).map { ($0, $1) }
                for (id, name) in contents.names where names[id] == nil { names[id] = name }  // the first file's name
                files.append(.init(file: input.file, format: .collaborations, records: contents.records.count, notes: contents.notes))
            case .cordis(let table):
                guard reported.insert(path(input.file)).inserted, let cordisContents else { continue }
                switch table {
                case .organisations:
                    let own = cordisContents.all.records.indices.filter { cordisContents.all.places[$0].file == input.file }
                    read += own.map { (cordisContents.all.records[$0], cordisContents.all.places[$0]) }
                    let entry = cordisContents.files[input.file]
                    files.append(.init(file: input.file, format: .cordis, records: entry?.records ?? 0,
                                       notes: (besideNotes[input.file] ?? []) + (entry?.notes ?? [])))
                case .projects:
                    files.append(.init(file: input.file, format: .cordis, records: 0, notes: ["read as project.csv: dates, topics and programmes of the projects"]))
                case .topics:
                    files.append(.init(file: input.file, format: .cordis, records: 0, notes: ["read as topics.csv: titles of the call topics"]))
                }
            }
        }
        // One key, one collaboration: the same record in two files counts once; two different
        // records under one key are an error naming both places.
        var records: [String: (record: Collaboration, place: RecordPlace)] = [:]
        var repeated: [String: Int] = [:]
        for (r, place) in read {
            guard let first = records[r.key] else { records[r.key] = (r, place); continue }
            if first.record == r { repeated[place.file, default: 0] += 1; continue }
            let s = first.record
            let differ = [("kind", s.kind != r.kind), ("date", s.date != r.date), ("weight", s.weight != r.weight),
                          ("source", s.source != r.source), ("members", s.members != r.members)].filter(\.1).map(\.0)
            rejected.append(HistoryRejection(file: place.file, line: place.line, id: r.label, issues: [
                ValidationIssue(field: r.key.hasPrefix("pair|") ? "(record)" : "group", value: nil,
                                reason: "the same key as the record in \(first.place), which differs in \(differ.joined(separator: ", ")): one key is one collaboration; rename one of them or make them agree")],
                element: place.element))
        }
        for (file, count) in repeated {
            if let i = files.firstIndex(where: { $0.file == file }) {
                files[i].notes.append("\(count) record\(count == 1 ? " is" : "s are") also in an earlier file, the same: counted once")
            }
        }
        if !rejected.isEmpty {
            let issueCount = rejected.reduce(0) { $0 + $1.issues.count }
            throw AppError(.badInput,
                           "history import failed: \(rejected.count) invalid record\(rejected.count == 1 ? "" : "s") (\(issueCount) problem\(issueCount == 1 ? "" : "s")); nothing was stored.",
                           details: rejected.flatMap(\.lines))
        }
        // Participants erased from the database stay erased: their records are left out (a
        // group keeps its other members), and an organisation of theirs is not created again.
        let erased = try store.erasedMembers()
        // Each id hashed once: a CORDIS export names the same organisations in many records.
        let erasedIDs = erased.isEmpty ? [] : Set(records.values.flatMap(\.record.members) + organisations.keys).filter { erased.contains(Erasure.digest($0)) }
        func isErased(_ id: String) -> Bool { erasedIDs.contains(id) }
        var erasedLeftOut = 0
        var erasedPlaces: [RecordPlace] = []
        let ordered = records.values.sorted { $0.record.key < $1.record.key }.compactMap { entry -> Collaboration? in
            let r = entry.record
            guard !erasedIDs.isEmpty else { return r }
            let left = r.without(isErased)
            if left != r {
                erasedLeftOut += 1
                erasedPlaces.append(entry.place)
            }
            return left
        }
        if !erasedIDs.isEmpty {
            organisations = organisations.filter { !isErased($0.key) }
            names = names.filter { !isErased($0.key) }
        }
        let members = Set(ordered.flatMap(\.members))
        let participantIDs = try store.participantIDs()
        let existing = members.intersection(participantIDs)
        let created = request.createParticipants
            ? organisations.values.filter { !participantIDs.contains($0.id) }.sorted { $0.id < $1.id } : []  // also those of one-organisation projects only
        var (updated, updatedProjects, keptAsEdited, readDocuments) = request.createParticipants
            ? try profilesWithNewProjects(organisations: organisations, projects: projects, among: participantIDs) : ([], [:], [], [:])
        let known = existing.union(created.map(\.id))
        // Names are kept for history-only members: a participant is named by its own name
        // (also one a CORDIS file names in projects of one organisation only).
        let guestNames = names.filter { !known.contains($0.key) && !participantIDs.contains($0.key) }
        let historyOnly = members.subtracting(known).sorted()
        let lookalikes = Self.lookalikes(historyOnly, of: participantIDs.union(known))
        if request.strict && !historyOnly.isEmpty {
            // Where each of the first five is first named, in the order the files were given.
            let order = Dictionary(request.files.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            func earlier(_ x: RecordPlace, _ y: RecordPlace) -> Bool {
                (order[x.file] ?? .max, x.line, x.element ?? 0) < (order[y.file] ?? .max, y.line, y.element ?? 0)
            }
            let missing = Set(historyOnly)
            var first: [String: (record: Collaboration, place: RecordPlace)] = [:]
            for entry in records.values {
                for id in entry.record.members where missing.contains(id) {
                    if let seen = first[id], !earlier(entry.place, seen.place) { continue }
                    first[id] = entry
                }
            }
            // The first five a reader meets going through the files, in that order (every
            // history-only member is named by a record of these files).
            let firstFive = first.sorted { x, y in
                earlier(x.value.place, y.value.place) || (!earlier(y.value.place, x.value.place) && x.key < y.key)
            }.prefix(5)
            let shown = firstFive.map(\.key)
            let places = firstFive.map { id, entry in
                "\(entry.place): \(entry.record.key.hasPrefix("group|") ? "record '\(entry.record.label)': " : "")member '\(id)' is not a participant"
            }
            throw AppError(.badInput,
                           "history import failed: \(historyOnly.count) member\(historyOnly.count == 1 ? " is not a participant" : "s are not participants") (\(shown.map(Self.shownID).joined(separator: ", "))\(historyOnly.count > 5 ? ", …" : "")); nothing was stored. Import them as participants first, or import without --strict (strict in the service) to keep them as history-only nodes.",
                           details: places + (Self.lookalikeNote(lookalikes).map { [$0] } ?? []))
        }
        // The stored history before this import: a dry run's comparison, and (with these
        // records over it) the history the far-ahead check reads.
        let stored = try store.collaborations()
        let storedByKey = Dictionary(uniqueKeysWithValues: stored.map { ($0.key, $0) })
        let replaced = request.replace ? Self.replacedSources(ordered) : []
        // A pair record with a corrected date is a new key: say so, unless --replace drops the
        // old one. Only for files that hold most of their source's stored records again (a
        // re-export), where a stored date missing from them looks corrected; an import of new
        // records only (a month's meetings) says nothing.
        var redated: [(pair: String, stored: String, new: String)] = []
        var redatedCount = 0
        if !request.replace {
            func pairKey(_ r: Collaboration) -> String? { r.key.hasPrefix("pair|") ? "\(r.members.joined(separator: "|"))|\(r.kind.rawValue)|\(r.source)" : nil }
            let incoming = Set(ordered.map(\.key))
            var storedBySource: [String: Int] = [:], againBySource: [String: Int] = [:]
            var missingDates: [String: [String]] = [:]  // stored dates of a pair that the files do not hold
            for r in stored {
                storedBySource[r.source, default: 0] += 1
                if incoming.contains(r.key) { againBySource[r.source, default: 0] += 1 }
                else if let k = pairKey(r) { missingDates[k, default: []].append(r.date) }
            }
            for r in ordered where storedByKey[r.key] == nil {
                guard let k = pairKey(r), let old = missingDates[k]?.max(),
                      2 * (againBySource[r.source] ?? 0) >= (storedBySource[r.source] ?? 0) else { continue }
                redatedCount += 1
                if redated.count < 3 { redated.append(("\(r.members[0])–\(r.members[1])", old, r.date)) }
            }
        }
        let outcome: HistoryOutcome
        if request.dryRun {
            var o = HistoryOutcome()
            for r in ordered {
                if let s = storedByKey[r.key] { if s == r { o.unchanged += 1 } else { o.updated += 1 } } else { o.added += 1 }
            }
            o.removed = replaced.isEmpty ? 0 : try store.staleRecordCount(replacing: replaced, keeping: Set(ordered.map(\.key)))
            (o.namesAdded, o.namesChanged) = try store.historyNameChanges(guestNames)
            outcome = o
        } else {
            // The projects of the organisations created or updated now, exactly those their
            // profiles are built from: what `profiles tune` builds them again from, as of a date.
            let createdIDs = Set(created.map(\.id))
            var kept = projects.filter { createdIDs.contains($0.key) }
            kept.merge(updatedProjects) { a, _ in a }
            let written = try store.importHistory(participants: created + updated, records: ordered, names: guestNames, replacing: replaced,
                                                  projects: kept, unlessChanged: readDocuments, erasedSeen: erased)
            outcome = written.history
            // Edited by another process while this import read the files: kept as edited.
            let changed = Set(written.leftAsChanged)
            updated.removeAll { changed.contains($0.id) }
            updatedProjects = updatedProjects.filter { !changed.contains($0.key) }
            keptAsEdited = (keptAsEdited + written.leftAsChanged).sorted()
        }
        var report = HistoryImportReport(files: files, history: outcome, participantsCreated: created.count,
                                         historyOnly: historyOnly.count, historyOnlyExamples: Array(historyOnly.prefix(5)),
                                         dryRun: request.dryRun)
        report.participantsUpdated = updated.count
        report.profileProjectsKept = updatedProjects.values.reduce(0) { $0 + $1.count }
        let empty = created.filter { $0.keywords.isEmpty && ($0.description ?? "").isEmpty }.map(\.id)
        (report.createdWithoutProfile, report.createdWithoutProfileCount) = (Array(empty.prefix(5)), empty.count)
        (report.profilesKeptAsEdited, report.profilesKeptAsEditedCount) = (Array(keptAsEdited.prefix(5)), keptAsEdited.count)
        report.historyOnlyLookalikes = lookalikes
        (report.redated, report.redatedCount) = (redated, redatedCount)
        report.erasedLeftOut = erasedLeftOut
        report.erasedPlaces = erasedPlaces.sorted { ($0.file, $0.line) < ($1.file, $1.line) }.prefix(5).map(\.description)
        // The history as it is after this import: the stored records, these replacing theirs,
        // and with --replace none of the replaced sources' others (removed, or to be).
        var dates = Dictionary(uniqueKeysWithValues: stored.filter { !replaced.contains($0.source) }.map { ($0.key, $0.date) })
        for r in ordered { dates[r.key] = r.date }
        report.datedFarAhead = CollaborationNetwork.datesFarAhead(Array(dates.values))
        // Warned about by the import that brings them (adds or changes them), not by every
        // later one, nor by the same file imported again.
        if let far = report.datedFarAhead {
            let ahead = dates.filter { $0.value > far.restNewest }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            if ahead.contains(where: { key in records[key.key].map { storedByKey[key.key] != $0.record } ?? false }) {
                report.datedFarAheadPlaces = ahead.prefix(3).map { records[$0.key].map { $0.place.description } ?? "stored record \(storedByKey[$0.key]?.label ?? $0.key)" }
            } else {
                report.datedFarAhead = nil
            }
        }
        return report
    }

    /// The participants an earlier CORDIS import created that `organisations` names with
    /// projects not kept for them yet, with their profiles built again from all their projects
    /// (kept and new; a kept project of the same key is replaced) where that changes them, so
    /// that a later export extends the profiles an earlier one built. A participant edited since (its profile is
    /// no longer what its kept projects give, the rule `profiles tune` uses) is left as it is
    /// and named in `keptAsEdited`. In id order.
    /// - Returns: the participants whose profiles change, the new projects to keep (also of
    ///   participants whose profiles stay), the ids kept as edited, and the stored documents
    ///   the changes start from (the write leaves a participant changed since as it is).
    func profilesWithNewProjects(organisations: [String: Participant], projects: [String: [ProfileProject]], among participantIDs: Set<String>)
        throws -> (updated: [Participant], projects: [String: [ProfileProject]], keptAsEdited: [String], read: [String: String]) {
        let named = organisations.keys.filter { participantIDs.contains($0) }
        guard !named.isEmpty else { return ([], [:], [], [:]) }
        let kept = try store.profileProjects()
        var updated: [Participant] = [], newProjects: [String: [ProfileProject]] = [:], keptAsEdited: [String] = []
        var documents: [String: String] = [:]  // the documents the updates start from
        for id in named.sorted() {
            guard let stored = kept[id], let incoming = projects[id] else { continue }  // not profiled from projects
            var byKey = Dictionary(uniqueKeysWithValues: stored.map { ($0.key, $0) })
            // A stored project takes what the files add to it, and keeps what they lack: an
            // export read without topics.csv (no titles) or project.csv (no topics) says
            // nothing about them, and must not strip them from the profile.
            let fresh = incoming.compactMap { p -> ProfileProject? in
                guard let old = byKey[p.key] else { return p }
                let merged = Self.merged(old, p)
                return merged == old ? nil : merged
            }
            // With the document it was read from: if the participant changes after it, the write sees it.
            guard !fresh.isEmpty, let read = try store.participantWithDocument(id) else { continue }
            var participant = read.participant
            guard ProfileProject.stillGive(stored, participant) else {
                keptAsEdited.append(id)
                continue
            }
            for p in fresh { byKey[p.key] = p }
            newProjects[id] = fresh  // kept even where the profile stays (a project without a topic)
            documents[id] = read.document
            let after = ProfileProject.profile(of: byKey.values.sorted { $0.key < $1.key })
            guard after.keywords != participant.keywords || after.description != participant.description else { continue }
            (participant.keywords, participant.description) = after
            updated.append(participant)
        }
        return (updated, newProjects, keptAsEdited, documents)
    }

    /// A kept project with what a later file says of it: its date, and its topic, title and
    /// programme parts where the file gives them (a title only with its own topic).
    static func merged(_ old: ProfileProject, _ new: ProfileProject) -> ProfileProject {
        let topic = new.topic.isEmpty ? old.topic : new.topic
        let title = new.title ?? (topic == old.topic ? old.title : nil)
        return ProfileProject(key: old.key, date: new.date.isEmpty ? old.date : new.date, topic: topic, title: title,
                              programmes: new.programmes.isEmpty ? old.programmes : new.programmes)
    }

    /// The sources `--replace` replaces: those the records name, but not CORDIS's, which
    /// every extract shares (one extract is not the whole of it).
    static func replacedSources(_ records: [Collaboration]) -> Set<String> {
        Set(records.map(\.source)).subtracting([CORDISFile.source])
    }

    /// What a history file is. `auto` (format nil): JSON (records a line, or one array) is
    /// collaborations; a CSV is the CORDIS file its header names. Anything else, and an
    /// empty file, is an error naming the file and what was expected.
    static func historyKind(of bytes: [UInt8], file: String, format: HistoryFormat?) throws -> HistoryKind {
        guard let first = CollaborationFile.firstSignificantByte(bytes) else {
            throw AppError(.badInput, "\(file): the file is empty: no collaboration records to import")
        }
        let json = [UInt8(ascii: "{"), UInt8(ascii: "[")].contains(first)
        if format == .collaborations && !json {
            // One error, not one per line: the file is not JSON at all.
            let line = String(decoding: bytes.prefix(while: { $0 != 0x0A && $0 != 0x0D }).prefix(120), as: UTF8.self)
            throw AppError(.badInput, "\(file): not collaborations: JSON records start with { (one a line) or the file is one [ array ]; its first line is: \(line)")
        }
        if format == .collaborations || format == nil && json { return .collaborations }
        if format == .cordis && json {
            throw AppError(.badInput, "\(file): not a CORDIS file: it holds JSON (collaborations?); a CORDIS file is a CSV with the header of \(CORDISFile.expectedHeaders)")
        }
        let header: [String]?
        do { header = try CORDISFile.header(bytes, file: file) } catch { throw AppError(.badInput, error.description) }
        if let header, let table = CORDISFile.table(header: header) { return .cordis(table) }
        // The columns as read (the file may separate them with `;` or tabs), the first twelve.
        let columns = header ?? []
        let shown = columns.prefix(12).joined(separator: ", ") + (columns.count > 12 ? ", … (\(columns.count) columns)" : "")
        if format == .cordis {
            throw AppError(.badInput, "\(file): not a CORDIS file: expected the header of \(CORDISFile.expectedHeaders); its columns are: \(shown)")
        }
        throw AppError(.badInput, "\(file): not a history file: neither collaborations (JSON records, each starting with { or in one [ array ]) nor a CORDIS CSV with the header of \(CORDISFile.expectedHeaders); its columns are: \(shown)",
                       hint: nil)
    }
}
