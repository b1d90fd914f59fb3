import Foundation
import JSONSupport
import MatchCore

/// One participant read from a file, with where it was.
package struct ParticipantRecord: Sendable, Hashable {
    package var participant: Participant
    package var file: String
    package var line: Int

    package init(participant: Participant, file: String, line: Int) {
        self.participant = participant
        self.file = file
        self.line = line
    }
}

/// What reading one file gave: valid records and rejected ones.
package struct ParticipantFileContents: Sendable {
    package var file: String
    package var records: [ParticipantRecord]
    package var rejected: [RejectedRecord]
    /// Things the user should know that are not errors (ignored columns, the delimiter used …).
    package var notes: [String] = []

    package init(file: String, records: [ParticipantRecord], rejected: [RejectedRecord], notes: [String] = []) {
        self.file = file
        self.records = records
        self.rejected = rejected
        self.notes = notes
    }
}

/// Reads the canonical participant format: JSON Lines (one object per line) or one JSON array.
package enum ParticipantFile {
    /// Reads and validates every record of a file's bytes. Syntax errors and invalid records
    /// are collected per record, not thrown, so that a report can list them all.
    package static func read(_ bytes: [UInt8], file: String) -> ParticipantFileContents {
        var values: [(value: JSONValue?, line: Int, error: JSONSyntaxError?)] = []
        if firstSignificantByte(bytes) == UInt8(ascii: "[") {
            do {
                values = try JSONParser.parseArrayElementsWithLines(bytes).map { ($0.value, $0.line, nil) }
            } catch {
                values = [(nil, error.line, error)]
            }
        } else {
            var lineNumber = 0
            var start = 0
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
            while start <= bytes.count {
                lineNumber += 1
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                let line = bytes[start..<end]
                if line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) {
                    do {
                        values.append((try JSONParser.parse(line), lineNumber, nil))
                    } catch {
                        values.append((nil, lineNumber, JSONSyntaxError(line: lineNumber, column: error.column, message: error.message)))
                    }
                }
                start = end + 1
            }
        }

        var records: [ParticipantRecord] = []
        var rejected: [RejectedRecord] = []
        var firstLineOfID: [String: Int] = [:]
        var ignored: [String: Int] = [:]  // unknown top-level field → records that have it
        for entry in values {
            for key in entry.value?.objectValue?.keys ?? [] where !Participant.canonicalFields.contains(key) { ignored[key, default: 0] += 1 }
            guard let value = entry.value else {
                let message = entry.error.map { "not valid JSON: \($0.message) (column \($0.column))" } ?? "not valid JSON"
                rejected.append(RejectedRecord(file: file, line: entry.line, id: nil,
                                               issues: [ValidationIssue(field: "(record)", value: nil, reason: message)]))
                continue
            }
            switch Participant.decode(value) {
            case .success(let participant):
                if let first = firstLineOfID[participant.id] {
                    rejected.append(RejectedRecord(file: file, line: entry.line, id: participant.id, issues: [
                        ValidationIssue(field: "id", value: JSONValue.string(participant.id).serialized(),
                                        reason: "duplicate id: already used on line \(first) of this file")]))
                } else {
                    firstLineOfID[participant.id] = entry.line
                    records.append(ParticipantRecord(participant: participant, file: file, line: entry.line))
                }
            case .failure(let failure):
                rejected.append(RejectedRecord(file: file, line: entry.line, id: failure.id, issues: failure.issues))
            }
        }
        var notes: [String] = []
        if !ignored.isEmpty {
            let listed = ignored.sorted { $0.key < $1.key }.prefix(10).map { "\($0.key) (\($0.value) record\($0.value == 1 ? "" : "s"))" }
            notes.append("ignored fields, not in the participant format (keep your own data in attributes): \(listed.joined(separator: ", "))\(ignored.count > 10 ? ", …" : "")")
        }
        return ParticipantFileContents(file: file, records: records, rejected: rejected, notes: notes)
    }

    private static func firstSignificantByte(_ bytes: [UInt8]) -> UInt8? {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        return i < bytes.count ? bytes[i] : nil
    }

    /// Writes participants in the canonical JSON Lines form, one per line, sorted by id.
    package static func jsonLines(_ participants: [Participant]) -> String {
        participants.sorted { $0.id < $1.id }.map { $0.json.serialized() + "\n" }.joined()
    }
}
