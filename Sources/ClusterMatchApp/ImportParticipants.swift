import CSV
import EventPlanner
import Foundation
import Importers
import JSONSupport
import MatchCore
import MatchStore

/// What to import, and how. The CLI's `import` and the service's `import.file` build one.
package struct ImportRequest: Sendable {
    /// Input files; all of them are one transaction.
    package var files: [String]
    /// The input format; nil: recognise each file from its content.
    package var format: ImportFormat?
    /// Check and count, write nothing.
    package var dryRun: Bool
    /// Store the valid records, write the rejected ones to a file beside each input.
    package var skipInvalid: Bool
    /// A mapping file for registration CSVs (`ColumnMapping`).
    package var mappingFile: String?
    /// The day against which EEN deadlines are checked (today by default).
    package var asOf: Date
    /// Called as the import advances (phase, done, total); for progress bars.
    package var progress: (@Sendable (ImportProgress) -> Void)?
    /// `YYYY-MM-DD`: report how many EEN records were modified on or after this day.
    package var since: String?
    /// Register again participants that were erased (`participants delete`); without it,
    /// their records are left out and named, so that an old member list imported again
    /// does not undo an erasure.
    package var registerErased = false

    package init(files: [String], format: ImportFormat? = nil, dryRun: Bool = false, skipInvalid: Bool = false,
                mappingFile: String? = nil, asOf: Date = Date(), since: String? = nil, registerErased: Bool = false,
                progress: (@Sendable (ImportProgress) -> Void)? = nil) {
        self.since = since
        self.registerErased = registerErased
        self.files = files
        self.format = format
        self.dryRun = dryRun
        self.skipInvalid = skipInvalid
        self.mappingFile = mappingFile
        self.asOf = asOf
        self.progress = progress
    }
}

/// How far an import is.
package struct ImportProgress: Sendable, Hashable {
    package var phase: String
    package var done: Int
    package var total: Int
}

/// What an import did to one file's records.
package struct FileImportReport: Sendable, Hashable {
    package var file: String
    package var format: ImportFormat
    /// Why `auto` chose the format; nil when it was given.
    package var detectedBecause: String?
    package var added = 0
    package var updated = 0
    package var unchanged = 0
    package var rejected = 0
    /// Records of participants erased from the database, left out (`ImportRequest.registerErased`).
    package var erasedLeftOut = 0
    /// Things worth knowing that are not errors (ignored columns, expired profiles …).
    package var notes: [String] = []
    /// Where the rejected records were written (with `skipInvalid`).
    package var rejectsFile: String?
}

/// The outcome of `import`: counts per file and every rejected record with its reasons.
package struct ImportReport: Sendable {
    package var files: [FileImportReport]
    package var rejected: [RejectedRecord]
    /// True when something was written (false for a dry run, or when everything was unchanged).
    package var stored: Bool
    package var dryRun: Bool

    /// True when the database differs (or, in a dry run, would differ) after the import.
    package var changes: Bool { files.contains { $0.added > 0 || $0.updated > 0 } }
}

extension ClusterMatch {
    /// Which CORDIS file a header is, told apart from a member list that happens to have an
    /// `id` and a `startDate` column: organization.csv by its organisationID, project.csv by
    /// four or more of its columns, topics.csv by exactly its two.
    static func cordisTable(_ header: [String]) -> CORDISFile.Table? {
        switch CORDISFile.table(header: header) {
        case .organisations: .organisations
        case .projects:
            header.filter(["acronym", "legalBasis", "topics", "frameworkProgramme", "fundingScheme", "ecMaxContribution", "endDate", "rcn"].contains).count >= 4
                ? .projects : nil
        case .topics: Set(header) == ["topicCode", "title"] ? .topics : nil
        case nil: nil
        }
    }

    /// Imports participants from several files of any supported format, as one transaction.
    ///
    /// Strict by default: one invalid record and nothing is stored (`AppError.badInput`,
    /// listing every problem with file, line, field, value and reason; personal values
    /// masked). With `skipInvalid`, the valid records are stored and the rejected ones are
    /// written to `NAME.rejects.csv` beside each input. A dry run checks and counts only.
    package func importParticipants(_ request: ImportRequest) throws -> ImportReport {
        try importParticipants(request, reading: readFile)
    }

    /// `importParticipants(_:)`, with the request's files read by `read` (the demo reads
    /// its landscape from the data built into the binary).
    func importParticipants(_ request: ImportRequest, reading read: (String) throws -> [UInt8]) throws -> ImportReport {
        var admission = try ParticipantAdmission(store: store)
        let taxonomy = admission.taxonomy
        let sdgIndex = SDGGoals.Index(taxonomy)
        var eenVersions: [String: (limited: Bool, modified: String?)]?  // read at the first EEN file
        var recordsRead: [ParticipantRecord] = []
        var admitted: [Bool] = []  // per record read: did it pass
        // Erased participants stay erased unless asked: an old member list imported again
        // would bring them back, contact details and all. Their records are left out before
        // they are checked (a problem in one is no reason to fail the import, nor to write
        // its values to a rejects file).
        let erased = request.registerErased ? [] : try store.erasedMembers()
        var erasedRecords: [(file: String, line: Int, id: String)] = []
        var rejected: [RejectedRecord] = []
        var reports: [FileImportReport] = []
        let mapping = try request.mappingFile.map { file in
            do { return try ColumnMapping.parse(try readFile(file), file: file) } catch let error as ImportFileError {
                throw AppError(.usage, error.description)
            }
        }

        for (n, file) in request.files.enumerated() {
            request.progress?(ImportProgress(phase: "reading \(URL(fileURLWithPath: file).lastPathComponent)", done: n, total: request.files.count))
            let bytes = try read(file)
            var report: FileImportReport
            if let format = request.format {
                report = FileImportReport(file: file, format: format)
            } else {
                // A CORDIS export read as a member list fails on "duplicate ids" (an
                // organisation has a row per project): say what the file is and where it goes.
                if let header = try? CORDISFile.header(bytes, file: file), let table = Self.cordisTable(header) {
                    let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
                    let command = table == .organisations
                        ? "clustermatch history import \(file) --create-participants"
                        : "clustermatch history import \(folder)/organization.csv --create-participants (with project.csv and topics.csv beside it)"
                    throw AppError(.badInput, "\(file): a CORDIS \(table.rawValue) (columns \(header.prefix(4).joined(separator: ", ")), …) holds collaboration history, not participants",
                                   details: ["import it with `\(command)` (service: history.import with createParticipants), which also creates the organisations, profiled from their projects"])
                }
                guard let (format, reason) = ImportFormat.detect(bytes) else {
                    throw AppError(.badInput, "\(file): cannot tell the format from the content", hint: .nameTheFormat)
                }
                report = FileImportReport(file: file, format: format, detectedBecause: reason)
            }
            var contents: ParticipantFileContents
            do {
                contents = try Self.read(bytes, file: file, format: report.format, mapping: mapping ?? ColumnMapping(), asOf: request.asOf)
            } catch let error as ImportFileError {
                let detected = report.detectedBecause != nil
                throw AppError(.badInput, "\(error.description) (read as \(report.format.rawValue)\(detected ? ", detected from the content" : ""))",
                               hint: detected ? .nameAnotherFormat : nil)
            }
            report.notes = contents.notes
            rejected += contents.rejected
            var codesDropped = 0
            admission.reserveCapacity(contents.records.count)
            admitted.reserveCapacity(admitted.count + contents.records.count)
            // Records are changed in place and moved, not copied: 100,000 copies of a participant cost.
            var records = contents.records
            contents.records = []
            let isEEN = report.format == .eenXML || report.format == .eenJSON
            if isEEN && eenVersions == nil { eenVersions = try store.eenVersions() }
            var modifiedSince = 0
            let recordCount = records.count
            for i in records.indices {
                if !erased.isEmpty, erased.contains(Erasure.digest(records[i].participant.id)) {
                    erasedRecords.append((records[i].file, records[i].line, records[i].participant.id))
                    admitted.append(false)
                    continue
                }
                // The file's own texts, before an EEN page is laid over the stored profile.
                let textIssues = records[i].participant.controlCharacterIssues()
                if isEEN {
                    sdgIndex.resolve(&records[i].participant)
                    // EEN keyword codes of a taxonomy that is not loaded: keep their labels (already keywords), drop the code.
                    codesDropped += records[i].participant.dropUnresolvableCodes(in: taxonomy)
                    let p = records[i].participant
                    if let since = request.since, let m = EENSync.modified(p), m.prefix(10) >= since { modifiedSince += 1 }
                    // A page laid over what is stored: a limited answer keeps the content (EENSync).
                    if let version = eenVersions?[p.id], EENSync.needsStored(incoming: p, stored: version), let stored = try store.participant(p.id) {
                        records[i].participant = EENSync.merge(incoming: p, stored: stored)
                    }
                }
                let issues = textIssues + admission.admit(&records[i].participant, file: records[i].file, line: records[i].line, checkText: false)
                if !issues.isEmpty {
                    rejected.append(RejectedRecord(file: records[i].file, line: records[i].line, id: records[i].participant.id, issues: issues))
                }
                admitted.append(issues.isEmpty)
            }
            if recordsRead.isEmpty { recordsRead = records } else { recordsRead.append(contentsOf: records) }
            records = []
            if let since = request.since {
                report.notes.append(isEEN ? "\(modifiedSince) of \(recordCount) record\(recordCount == 1 ? "" : "s") modified on or after \(since)"
                                          : "--since counts EEN records only (this file has no modification dates)")
            }
            if codesDropped > 0 {
                report.notes.append("\(codesDropped) keyword code\(codesDropped == 1 ? " is" : "s are") in no loaded taxonomy: kept as keywords (load the EEN taxonomies with: clustermatch taxonomy import FILE…)")
            }
            reports.append(report)
        }
        rejected.sort { ($0.file, $0.line) < ($1.file, $1.line) }
        for r in rejected { if let i = reports.firstIndex(where: { $0.file == r.file }) { reports[i].rejected += 1 } }

        if !rejected.isEmpty && !request.skipInvalid {
            let issueCount = rejected.reduce(0) { $0 + $1.issues.count }
            throw AppError(.badInput,
                           "import failed: \(rejected.count) invalid record\(rejected.count == 1 ? "" : "s") (\(issueCount) problem\(issueCount == 1 ? "" : "s")); nothing was stored.",
                           details: rejected.flatMap(\.lines), hint: .skipInvalid)
        }
        var participants: [Participant] = []
        var files: [String] = []  // per participant, its file
        participants.reserveCapacity(recordsRead.count)
        for (i, record) in recordsRead.enumerated() where admitted[i] {
            participants.append(record.participant)
            files.append(record.file)
        }
        for i in reports.indices {
            let here = erasedRecords.filter { $0.file == reports[i].file }
            guard !here.isEmpty else { continue }
            reports[i].erasedLeftOut = here.count
            let named = here.prefix(5).map { "\($0.id) (line \($0.line))" }.joined(separator: ", ") + (here.count > 5 ? ", …" : "")
            reports[i].notes.append("\(here.count) record\(here.count == 1 ? " is of a participant" : "s are of participants") erased from the database (participants delete), left out: \(named). To register \(here.count == 1 ? "it" : "them") again, import with --register-erased")
        }
        // The records are done with: free them on another thread (they are many small
        // allocations), while this one goes on.
        Self.discard(recordsRead)
        recordsRead = []
        request.progress?(ImportProgress(phase: request.dryRun ? "comparing" : "storing and building vectors", done: 0, total: participants.count))
        // A damaged database takes no import: writes that miss the damaged pages would
        // succeed and bury it deeper (the check reads the file once, a fraction of an import).
        if !request.dryRun { try store.checkIntegrity() }
        let outcome = request.dryRun ? try store.classify(participants)
                                     : try store.upsert(participants, unlessErasedSince: request.registerErased ? nil : erased)
        if !request.dryRun { try embedImported(progress: request.progress) }
        request.progress?(ImportProgress(phase: "done", done: participants.count, total: participants.count))
        if request.files.count == 1, !reports.isEmpty {
            reports[0].added += outcome.added.count
            reports[0].updated += outcome.updated.count
            reports[0].unchanged += outcome.unchanged.count
        } else {
            let fileOf = Dictionary(zip(participants.map(\.id), files), uniquingKeysWith: { a, _ in a })
            for (ids, keyPath) in [(outcome.added, \FileImportReport.added), (outcome.updated, \.updated), (outcome.unchanged, \.unchanged)] {
                for id in ids { if let f = fileOf[id], let i = reports.firstIndex(where: { $0.file == f }) { reports[i][keyPath: keyPath] += 1 } }
            }
        }
        Self.discard((participants, admission.seen))
        participants = []
        admission.seen = [:]
        if request.skipInvalid && !request.dryRun {
            for i in reports.indices where reports[i].rejected > 0 {
                reports[i].rejectsFile = try writeRejects(rejected.filter { $0.file == reports[i].file }, besides: reports[i].file)
            }
        }
        return ImportReport(files: reports, rejected: rejected,
                            stored: !request.dryRun && !(outcome.added.isEmpty && outcome.updated.isEmpty), dryRun: request.dryRun)
    }

    /// Lets go of a large value on another thread: freeing 100,000 records takes a
    /// noticeable part of a second that the caller need not wait for.
    static func discard<T: Sendable>(_ value: T) {
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(value) {} }
    }

    /// Imports canonical participant files (the demo's path).
    package func importParticipants(files: [String], skipInvalid: Bool = false) throws -> ImportReport {
        try importParticipants(ImportRequest(files: files, format: .participants, skipInvalid: skipInvalid))
    }

    /// Reads one file in one format.
    static func read(_ bytes: [UInt8], file: String, format: ImportFormat, mapping: ColumnMapping, asOf: Date) throws -> ParticipantFileContents {
        func text() throws -> String {
            do { return try InputText.decode(bytes) } catch { throw ImportFileError(file: file, line: error.line, message: error.message) }
        }
        switch format {
        case .participants: return ParticipantFile.read(bytes, file: file)
        case .registrationCSV: return try RegistrationCSV.read(try text(), file: file, mapping: mapping)
        case .eenXML: return try EENXML.read(bytes, file: file, asOf: day(asOf))
        case .eenJSON: return try EENJSON.read(bytes, file: file, asOf: day(asOf))
        case .clusters: return try ClusterProfiles.read(bytes, file: file, asOf: day(asOf))
        }
    }

    /// `YYYY-MM-DD` of a moment, in UTC.
    static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// Writes rejected records as CSV (`line,id,field,value,reason`, values masked as in
    /// messages) to `NAME.rejects.csv` beside the input.
    func writeRejects(_ records: [RejectedRecord], besides input: String) throws -> String {
        let url = URL(fileURLWithPath: input)
        let path = url.deletingPathExtension().path + ".rejects.csv"
        var rows: [[String]] = []
        for r in records {
            for issue in r.issues {
                // Values are shown JSON-quoted in messages; the CSV cell holds the plain text.
                var value = issue.value ?? ""
                // A text with control characters stays JSON-quoted: `cat` of the file must not
                // clear the terminal that shows it.
                if value.hasPrefix("\""), let parsed = try? JSONParser.parse(value), let text = parsed.stringValue,
                   !text.unicodeScalars.contains(where: { $0.isControl(except: Unicode.Scalar.tabAndLineBreaks) }) { value = text }
                rows.append([String(r.line), r.id ?? "", issue.field, value, issue.reason])
            }
        }
        let text = CSVWriter.render(header: ["line", "id", "field", "value", "reason"], rows: rows)
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw AppError(.cannotWrite, "\(path): cannot write the rejected records: \(error.localizedDescription)")
        }
        return path
    }

    func readFile(_ path: String) throws -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw AppError(.notFound, "\(path): no such file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AppError(.damaged, "\(path): cannot be read")
        }
        return [UInt8](data)
    }
}

extension Participant {
    /// Removes codes that resolve in no loaded taxonomy (when at least one is loaded).
    /// - Returns: how many different codes were removed.
    mutating func dropUnresolvableCodes(in taxonomy: Taxonomy) -> Int {
        guard !taxonomy.isEmpty else { return 0 }
        var dropped: Set<String> = []
        func keep(_ code: String) -> Bool {
            if case .success = taxonomy.resolve(code) { return true }
            dropped.insert(code)
            return false
        }
        competences = competences.filter { keep($0.code) }
        for i in offers.indices { offers[i].codes = offers[i].codes.filter(keep) }
        for i in needs.indices { needs[i].codes = needs[i].codes.filter(keep) }
        return dropped.count
    }
}
