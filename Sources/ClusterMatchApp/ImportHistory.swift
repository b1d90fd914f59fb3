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

    package init(files: [String], format: HistoryFormat? = nil, dryRun: Bool = false, strict: Bool = false,
                 createParticipants: Bool = false, idTemplate: String = CORDISFile.defaultTemplate) {
        self.files = files
        self.format = format
        self.dryRun = dryRun
        self.strict = strict
        self.createParticipants = createParticipants
        self.idTemplate = idTemplate
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
    /// Members that are not participants, kept as history-only nodes.
    package var historyOnly: Int
    /// The first five of them, by id.
    package var historyOnlyExamples: [String]
    package var dryRun: Bool

    package var changes: Bool { history.added + history.updated + participantsCreated > 0 }

    package var json: JSONValue {
        .object(JSONObject([
            ("files", .array(files.map { f in .object(JSONObject([
                ("file", .string(f.file)), ("format", .string(f.format.rawValue)), ("records", .int(Int64(f.records))),
                ("notes", .array(f.notes.map(JSONValue.string))),
            ])) })),
            ("added", .int(Int64(history.added))), ("updated", .int(Int64(history.updated))),
            ("unchanged", .int(Int64(history.unchanged))),
            ("participantsCreated", .int(Int64(participantsCreated))),
            ("historyOnly", .int(Int64(historyOnly))),
            ("historyOnlyExamples", .array(historyOnlyExamples.map(JSONValue.string))),
            ("dryRun", .bool(dryRun)),
        ]))
    }
}

extension ClusterMatch {
    /// Imports collaboration history: every file is read and checked before anything is
    /// stored, then participants (with `createParticipants`) and records are written in one
    /// transaction. Importing the same files again changes nothing.
    ///
    /// - Throws: `.badInput` (exit 65) when a record is malformed (every problem listed;
    ///   nothing stored), or with `strict` when a member is not a participant.
    package func importHistory(_ request: HistoryImportRequest) throws -> HistoryImportReport {
        var files: [HistoryImportReport.File] = []
        var records: [String: Collaboration] = [:]
        var names: [String: String] = [:]
        var organisations: [String: Participant] = [:]
        var rejected: [RejectedRecord] = []
        for file in request.files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw AppError(.notFound, "\(file): no such file")
            }
            let bytes = [UInt8](data)
            let format = request.format ?? Self.historyFormat(of: bytes, file: file)
            var contents: HistoryFileContents
            switch format {
            case .collaborations:
                contents = CollaborationFile.read(bytes, file: file)
            case .cordis:
                let folder = (file as NSString).deletingLastPathComponent
                func beside(_ name: String) -> (String, [UInt8]?) {
                    let path = folder.isEmpty ? name : folder + "/" + name
                    return (path, FileManager.default.contents(atPath: path).map { [UInt8]($0) })
                }
                let (projectsFile, projects) = beside("project.csv"), (topicsFile, topics) = beside("topics.csv")
                do {
                    contents = try CORDISFile.read(bytes, file: file, companions: .init(projects: projects, projectsFile: projectsFile,
                                                                                      topics: topics, topicsFile: topicsFile),
                                                   template: request.idTemplate)
                } catch {
                    throw AppError(.badInput, error.description)
                }
                if projects != nil { contents.notes.append("dates and topics from \(projectsFile)") }
            }
            rejected += contents.rejected
            for r in contents.records { records[r.key] = r }
            names.merge(contents.names) { _, new in new }
            for p in contents.organisations where organisations[p.id] == nil { organisations[p.id] = p }
            files.append(.init(file: file, format: format, records: contents.records.count, notes: contents.notes))
        }
        if !rejected.isEmpty {
            let issueCount = rejected.reduce(0) { $0 + $1.issues.count }
            throw AppError(.badInput,
                           "history import failed: \(rejected.count) invalid record\(rejected.count == 1 ? "" : "s") (\(issueCount) problem\(issueCount == 1 ? "" : "s")); nothing was stored.",
                           details: rejected.map(\.description))
        }
        let ordered = records.values.sorted { $0.key < $1.key }
        let members = Set(ordered.flatMap(\.members))
        let existing = try store.existingParticipantIDs(members)
        let created = request.createParticipants
            ? organisations.values.filter { !existing.contains($0.id) }.sorted { $0.id < $1.id } : []
        let known = existing.union(created.map(\.id))
        let historyOnly = members.subtracting(known).sorted()
        if request.strict && !historyOnly.isEmpty {
            throw AppError(.badInput,
                           "history import failed: \(historyOnly.count) member\(historyOnly.count == 1 ? " is" : "s are") not a participant (\(historyOnly.prefix(5).joined(separator: ", "))\(historyOnly.count > 5 ? ", …" : "")); nothing was stored. Import them as participants first, or import without strict to keep them as history-only nodes.")
        }
        let outcome: HistoryOutcome
        if request.dryRun {
            let stored = Dictionary(uniqueKeysWithValues: try store.collaborations().map { ($0.key, $0) })
            var o = HistoryOutcome()
            for r in ordered {
                if let s = stored[r.key] { if s == r { o.unchanged += 1 } else { o.updated += 1 } } else { o.added += 1 }
            }
            outcome = o
        } else {
            outcome = try store.importHistory(participants: created, records: ordered, names: names).history
        }
        return HistoryImportReport(files: files, history: outcome, participantsCreated: created.count,
                                   historyOnly: historyOnly.count, historyOnlyExamples: Array(historyOnly.prefix(5)),
                                   dryRun: request.dryRun)
    }

    /// `auto`: a CSV whose header names CORDIS's columns is CORDIS; anything else is read
    /// as collaborations (JSON Lines).
    static func historyFormat(of bytes: [UInt8], file: String) -> HistoryFormat {
        let firstLine = bytes.prefix { $0 != UInt8(ascii: "\n") }
        let text = String(decoding: firstLine, as: UTF8.self)
        return text.contains("organisationID") ? .cordis : .collaborations
    }
}
