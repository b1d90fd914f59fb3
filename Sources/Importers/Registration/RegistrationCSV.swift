import CSV
import Foundation
import JSONSupport
import MatchCore

/// Reads registration and member CSVs, as event platforms and CRMs export them.
///
/// - Headers are recognised by `RegistrationField` aliases or a `ColumnMapping`.
/// - The delimiter (`,` `;` tab) is detected from the header row; UTF-8 with or without BOM;
///   quoted fields may hold delimiters, quotes and line breaks; CRLF or LF.
/// - Each row is one participant. Its id is, in order: the id column; `p-` and the first
///   16 hex digits of SHA-256 of the trimmed, lower-cased e-mail; for a row about an
///   organisation (no person's name, no e-mail) `org-`, the country and the organisation
///   name as a slug. So re-importing a corrected export updates the same participants.
/// - The kind follows `KindRule`.
/// - Contact details (names, e-mail, phone) go to `contact` and are masked in every message.
package enum RegistrationCSV {
    package static let formatName = "registration-csv"

    /// Reads a whole file. File-level problems (no name or country column, bad CSV syntax)
    /// throw; problems of single rows are returned as rejected records.
    package static func read(_ text: String, file: String, mapping: ColumnMapping = ColumnMapping()) throws(ImportFileError) -> ParticipantFileContents {
        let delimiter = mapping.delimiter ?? CSVReader.detectDelimiter(text)
        let rows: [CSVRow]
        do { rows = try CSVReader.rows(text, delimiter: delimiter).map(\.unguarded) } catch {
            throw ImportFileError(file: file, line: error.line, message: error.message)
        }
        guard let header = rows.first else { throw ImportFileError(file: file, message: "the file is empty") }
        var notes: [String] = []
        if delimiter != "," { notes.append("columns separated by \(CSVReader.name(of: delimiter))") }

        // Which column is which field.
        var columnOf: [RegistrationField: Int] = [:]
        var ignored: [String] = []
        for (i, raw) in header.fields.enumerated() {
            let name = TextKey.trimmed(raw)
            let key = TextKey.of(name)
            let field: RegistrationField?
            if let mapped = mapping.columns[key] { field = mapped } else { field = RegistrationField.byAlias[key] }
            guard let field else { if !name.isEmpty { ignored.append(name) }; continue }
            if let first = columnOf[field] {
                notes.append("columns \"\(TextKey.trimmed(header.fields[first]))\" and \"\(name)\" both mean \(field.rawValue); using the first")
                continue
            }
            columnOf[field] = i
        }
        // A member list: "Name" with no e-mail, person or organisation column names the organisation.
        if let nameColumn = columnOf[.name], columnOf[.organisation] == nil, columnOf[.email] == nil,
           columnOf[.firstName] == nil, columnOf[.lastName] == nil {
            columnOf[.organisation] = nameColumn
            columnOf[.name] = nil
        }
        if !ignored.isEmpty { notes.append("ignored columns (map them with --mapping): \(ignored.joined(separator: ", "))") }
        let headerList = header.fields.map(TextKey.trimmed).joined(separator: ", ")
        if columnOf[.name] == nil && columnOf[.firstName] == nil && columnOf[.lastName] == nil && columnOf[.organisation] == nil {
            throw ImportFileError(file: file, line: header.line, message:
                "no column gives a name: expected one of First name/Last name, Name, Organisation (or map one with --mapping); the header is: \(headerList)")
        }
        if columnOf[.country] == nil && mapping.defaultCountry == nil {
            throw ImportFileError(file: file, line: header.line, message:
                "no Country column: add one (ISO code or English name), map one with --mapping, or give \"defaults\": {\"country\": \"DK\"} in the mapping file; the header is: \(headerList)")
        }

        var separators: Set<Character> = [";", "|", "\n"]
        if let extra = mapping.listSeparator { separators.insert(extra) }
        let sourceFile = URL(fileURLWithPath: file).lastPathComponent
        enum Checked {
            case rejected(RejectedRecord)
            case accepted(ParticipantRecord, idHow: String)
        }
        // Rows are checked on all cores, a block of rows each; repeated ids are found after,
        // in row order, so the outcome does not depend on the number of cores.
        let body = rows[1...]
        // Each field's column, by the field's position in `allCases`: looked up for every cell.
        let columns = RegistrationField.allCases.map { columnOf[$0] }
        let checked = concurrentBlocks(body.count) { block -> [Checked] in
            // Exports repeat the same countries and organisation types on every row: remember answers.
            var countryCache: [String: String?] = [:]
            var labelCache: [String: ParticipantKind?] = [:]
            var out: [Checked] = []
            out.reserveCapacity(block.count)
            for row in body[body.startIndex + block.lowerBound ..< body.startIndex + block.upperBound] {
                var issues: [ValidationIssue] = []
                func cell(_ field: RegistrationField) -> String? {
                    guard let i = columns[field.position], i < row.fields.count else { return nil }
                    let v = TextKey.trimmed(row.fields[i])
                    return v.isEmpty ? nil : v
                }
                func columnName(_ field: RegistrationField) -> String {
                    columnOf[field].map { TextKey.trimmed(header.fields[$0]) } ?? field.rawValue
                }
                func fail(_ field: RegistrationField, _ value: String?, _ reason: String) {
                    let shown = value.map { field.isPersonal ? "\"***\"" : JSONValue.string($0).serialized() }
                    issues.append(ValidationIssue(field: columnName(field), value: shown, reason: reason))
                }
                if row.fields.count > header.fields.count,
                   row.fields[header.fields.count...].contains(where: { !TextKey.trimmed($0).isEmpty }) {
                    issues.append(ValidationIssue(field: "(row)", value: nil, reason:
                        "has \(row.fields.count) fields but the header has \(header.fields.count): a \(CSVReader.name(of: delimiter)) inside a value that is not quoted?"))
                }

                let person = [cell(.firstName), cell(.lastName)].compactMap { $0 }.joined(separator: " ")
                let personName = person.isEmpty ? cell(.name) : person
                let organisation = cell(.organisation)
                var email = cell(.email)
                if let e = email {
                    let lower = e.lowercased()
                    // ASCII text is already in NFC: skip Foundation's normalisation.
                    let ascii = lower.utf8.allSatisfy { $0 < 0x80 }
                    let normalised = ascii ? lower : lower.precomposedStringWithCanonicalMapping
                    let wellFormed: Bool
                    if ascii {
                        // The same test on bytes: one @, not first, a dot after it, no space
                        // (ASCII whitespace is tab, LF, VT, FF, CR and space).
                        let bytes = normalised.utf8
                        let at = bytes.firstIndex(of: UInt8(ascii: "@"))
                        let around = at.map { at in
                            at != bytes.startIndex && !bytes[bytes.index(after: at)...].contains(UInt8(ascii: "@"))
                                && bytes[at...].contains(UInt8(ascii: "."))
                        }
                        wellFormed = around == true && !bytes.contains { $0 == 0x20 || (0x09...0x0D).contains($0) }
                    } else {
                        let parts = normalised.split(separator: "@", omittingEmptySubsequences: false)
                        wellFormed = parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !normalised.contains(where: \.isWhitespace)
                    }
                    if !wellFormed {
                        fail(.email, e, "is not an e-mail address")
                        email = nil
                    } else {
                        email = normalised
                    }
                }
                let isPerson = personName != nil || email != nil
                let name = personName ?? organisation
                if name == nil {
                    issues.append(ValidationIssue(field: "name", value: nil, reason:
                        "the row names no one: fill \(columnOf[.firstName] != nil ? "First name/Last name" : columnOf[.name] != nil ? columnName(.name) : columnName(.organisation))"))
                }

                var country: String?
                if let raw = cell(.country) {
                    if let cached = countryCache[raw] { country = cached } else {
                        country = CountryNames.code(for: raw)
                        countryCache[raw] = .some(country)
                    }
                    if country == nil { fail(.country, raw, "is not a country: use an ISO code (DK, DE, GB) or the English name (Denmark)") }
                } else if let d = mapping.defaultCountry {
                    country = d
                } else {
                    fail(.country, nil, "is empty (give the country, or a default in the mapping file)")
                }

                // The stable id.
                var id: String?
                var idHow = "id"
                if let raw = cell(.id) {
                    id = raw.precomposedStringWithCanonicalMapping
                    if raw.unicodeScalars.count > Participant.maxIDLength || raw.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                        fail(.id, raw, "must be 1 to \(Participant.maxIDLength) characters without control characters")
                        id = nil
                    }
                } else if let email {
                    id = "p-" + SHA256.hex(email).prefix(16)
                    idHow = "e-mail"
                } else if !isPerson, let organisation, let country {
                    let slug = TextKey.slug(organisation)
                    if !slug.isEmpty { id = "org-\(country.lowercased())-\(slug)"; idHow = "organisation and country" }
                }
                if id == nil && issues.isEmpty {
                    issues.append(ValidationIssue(field: "id", value: nil, reason:
                        "cannot give the row a stable id: it has no id \(columnOf[.id] == nil ? "column" : "value") and no e-mail"))
                }

                let explicitKind = cell(.kind)
                if let explicitKind, ParticipantKind(rawValue: explicitKind.lowercased()) == nil, mapping.kinds[TextKey.of(explicitKind)] == nil {
                    fail(.kind, explicitKind, "unknown kind; use one of \(ParticipantKind.spellings)")
                }
                // Exports repeat the same types on every row: remember the answers.
                let labelKey = [explicitKind ?? "", cell(.organisationType) ?? "", cell(.participationType) ?? "", isPerson ? "p" : "o"]
                    .joined(separator: "\u{1F}")
                let fromLabels: ParticipantKind?
                if let cached = labelCache[labelKey] { fromLabels = cached } else {
                    fromLabels = KindRule.fromLabels(explicit: explicitKind, organisationType: cell(.organisationType),
                                                     participationType: cell(.participationType), isPerson: isPerson, mapping: mapping)
                    labelCache[labelKey] = .some(fromLabels)
                }
                let kind = fromLabels ?? organisation.flatMap { KindRule.fromOrganisation($0, isPerson: isPerson) } ?? mapping.defaultKind ?? .company

                var employees: Int?
                var companySize: String?
                if let raw = cell(.employees) {
                    let digits = raw.filter { !" ,.'\u{00A0}".contains($0) }
                    if let n = Int(digits), n >= 0, n <= 10_000_000 { employees = n }
                    else if raw.contains(where: \.isNumber) { companySize = raw }  // "10-49", "250+"
                    else { fail(.employees, raw, "must be a whole number or a size band such as 10-49") }
                }

                guard issues.isEmpty, let id, let name, let country else {
                    out.append(.rejected(RejectedRecord(file: file, line: row.line, id: id, issues: issues)))
                    continue
                }

                var registration = JSONObject()
                for (key, field) in [("job", RegistrationField.job), ("participationType", .participationType),
                                     ("organisationType", .organisationType), ("website", .website), ("city", .city)] {
                    if let v = cell(field) { registration[key] = .string(v) }
                }
                if let companySize { registration["companySize"] = .string(companySize) }
                let contact = Contact(person: personName, email: email, phone: cell(.phone))
                let participant = Participant(
                    id: id, kind: kind, name: name, country: country,
                    organisation: organisation,
                    region: cell(.region), employees: employees,
                    clusters: cell(.clusters).map { TextKey.list($0, separators: separators) } ?? [],
                    keywords: cell(.keywords).map { TextKey.list($0, separators: separators) } ?? [],
                    description: cell(.description),
                    offers: cell(.offers).map { [Statement(text: $0)] } ?? [],
                    needs: cell(.needs).map { [Statement(text: $0)] } ?? [],
                    contact: contact.isEmpty ? nil : contact,
                    source: RecordSource(format: formatName, file: sourceFile, reference: cell(.id)),
                    attributes: registration.isEmpty ? nil : ["registration": .object(registration)])
                out.append(.accepted(ParticipantRecord(participant: participant, file: file, line: row.line), idHow: idHow))
            }
            return out
            }

        var records: [ParticipantRecord] = []
        var rejected: [RejectedRecord] = []
        var firstLine: [String: Int] = [:]
        records.reserveCapacity(rows.count)
        firstLine.reserveCapacity(rows.count)
        func columnName(_ field: RegistrationField) -> String {
            columnOf[field].map { TextKey.trimmed(header.fields[$0]) } ?? field.rawValue
        }
        for outcome in checked.joined() {
            switch outcome {
            case .rejected(let record):
                rejected.append(record)
            case .accepted(let record, let idHow):
                let id = record.participant.id
                if let first = firstLine[id] {
                    let reason = idHow == "e-mail" ? "the same e-mail address as line \(first): one person registered twice?"
                        : "duplicate id \(idHow == "id" ? "" : "(from \(idHow)) ")of line \(first)"
                    rejected.append(RejectedRecord(file: file, line: record.line, id: id, issues: [
                        ValidationIssue(field: idHow == "e-mail" ? columnName(.email) : idHow == "id" ? columnName(.id) : columnName(.organisation),
                                        value: idHow == "e-mail" ? "\"***\"" : JSONValue.string(id).serialized(), reason: reason)]))
                    continue
                }
                firstLine[id] = record.line
                records.append(record)
            }
        }
        return ParticipantFileContents(file: file, records: records, rejected: rejected, notes: notes)
    }
}
