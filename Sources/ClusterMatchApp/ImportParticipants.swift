import Foundation
import Importers
import MatchCore
import MatchStore

/// What an import did to one file's records.
public struct FileImportReport: Sendable, Hashable {
    public var file: String
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    public var rejected = 0
}

/// The outcome of `import`: counts per file and every rejected record with its reasons.
public struct ImportReport: Sendable {
    public var files: [FileImportReport]
    public var rejected: [RejectedRecord]
    /// True when nothing was written (a dry run, or everything unchanged).
    public var stored: Bool
}

extension ClusterMatch {
    /// Imports participants in the canonical format from several files as one transaction.
    ///
    /// Strict by default: one invalid record and nothing is stored (`AppError.badInput`,
    /// listing every problem). With `skipInvalid`, the valid records are stored and the
    /// rejected ones are reported.
    public func importParticipants(files: [String], skipInvalid: Bool = false) throws -> ImportReport {
        var admission = try ParticipantAdmission(store: store)
        var accepted: [ParticipantRecord] = []
        var rejected: [RejectedRecord] = []
        var reports: [FileImportReport] = []

        for file in files {
            let bytes = try readFile(file)
            let contents = ParticipantFile.read(bytes, file: file)
            rejected += contents.rejected
            for var record in contents.records {
                let issues = admission.admit(&record.participant, at: "\(record.file) line \(record.line)")
                if issues.isEmpty {
                    accepted.append(record)
                } else {
                    rejected.append(RejectedRecord(file: record.file, line: record.line, id: record.participant.id, issues: issues))
                }
            }
            reports.append(FileImportReport(file: file))
        }
        rejected.sort { ($0.file, $0.line) < ($1.file, $1.line) }
        for r in rejected { if let i = reports.firstIndex(where: { $0.file == r.file }) { reports[i].rejected += 1 } }

        if !rejected.isEmpty && !skipInvalid {
            let issueCount = rejected.reduce(0) { $0 + $1.issues.count }
            throw AppError(.badInput,
                           "import failed: \(rejected.count) invalid record\(rejected.count == 1 ? "" : "s") (\(issueCount) problem\(issueCount == 1 ? "" : "s")); nothing was stored. Fix them, or use --skip-invalid to store the valid records.",
                           details: rejected.map(\.description))
        }
        let outcome = try store.upsert(accepted.map(\.participant))
        let fileOf = Dictionary(accepted.map { ($0.participant.id, $0.file) }, uniquingKeysWith: { a, _ in a })
        for (ids, keyPath) in [(outcome.added, \FileImportReport.added), (outcome.updated, \.updated), (outcome.unchanged, \.unchanged)] {
            for id in ids { if let f = fileOf[id], let i = reports.firstIndex(where: { $0.file == f }) { reports[i][keyPath: keyPath] += 1 } }
        }
        return ImportReport(files: reports, rejected: rejected, stored: !(outcome.added.isEmpty && outcome.updated.isEmpty))
    }

    func readFile(_ path: String) throws -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw AppError(.notFound, "\(path): no such file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AppError(.notFound, "\(path): cannot be read")
        }
        return [UInt8](data)
    }
}
