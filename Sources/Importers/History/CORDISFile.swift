import CSV
import Foundation
import JSONSupport
import MatchCore

/// Reads the EU's CORDIS participation exports as collaboration history: `organization.csv`
/// (one participation a row), with `project.csv` for start dates, topics and programme, and
/// `topics.csv` for the topics' titles (each given as an argument or found beside an
/// `organization.csv`; several extracts are read as one).
///
/// A project is `projectID`, or `rcn` where `projectID` is empty; each becomes a group record
/// `cordis:<id>` of kind `project`, dated by the project's start. The same project in several
/// extracts is one record with the members of all of them. Organisation ids become member ids
/// through a participant attribute (`--id-attribute`) or a template (`pic-{organisationID}`:
/// any `{column}` of the row).
package enum CORDISFile {
    /// One CSV file of a CORDIS export.
    package struct Input: Sendable {
        package var file: String
        package var bytes: [UInt8]

        package init(file: String, bytes: [UInt8]) {
            self.file = file
            self.bytes = bytes
        }
    }

    /// The files of a CORDIS export that history reads, recognised by their header.
    package enum Table: String, Sendable {
        /// `organization.csv`: one participation a row.
        case organisations = "organization.csv"
        /// `project.csv`: start date, call topic and programme of each project.
        case projects = "project.csv"
        /// `topics.csv`: the call topics' titles.
        case topics = "topics.csv"
    }

    /// The headers `table(header:)` recognises, for error messages.
    package static let expectedHeaders =
        "organization.csv (organisationID, and projectID or rcn), project.csv (startDate, and rcn or id) or topics.csv (topicCode and title)"

    /// Which CORDIS file a header row is, if any.
    package static func table(header: [String]) -> Table? {
        let columns = Set(header)
        if looksLikeOrganisations(header) { return .organisations }
        if columns.contains("startDate") && (columns.contains("rcn") || columns.contains("id")) && !columns.contains("organisationID") { return .projects }
        if columns.isSuperset(of: ["topicCode", "title"]) { return .topics }
        return nil
    }

    /// The header row of a CSV file (nil when the file has no line).
    package static func header(_ bytes: [UInt8], file: String) throws(ImportFileError) -> [String]? {
        var end = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        if end > 0 && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return try table(Array(bytes[..<end]), file: file).first?.fields
    }

    /// How organisations become member ids: a participant attribute, else a template.
    package struct IDRule: Sendable {
        /// `{column}` of organization.csv.
        package var template: String
        /// The attribute (a dotted path in `attributes`) that holds organisation ids, if any.
        package var attribute: String?
        /// Participants by the value of that attribute (several: ambiguous).
        package var participants: [String: [String]]

        package init(template: String = CORDISFile.defaultTemplate, attribute: String? = nil, participants: [String: [String]] = [:]) {
            self.template = template
            self.attribute = attribute
            self.participants = participants
        }
    }

    /// What reading a CORDIS export gave: everything, and per file its records and notes.
    package struct Contents: Sendable {
        package var all: HistoryFileContents
        /// Per file given: the records it has rows of, and its notes.
        package var files: [String: (records: Int, notes: [String])]
    }

    /// The `source` of every record read from CORDIS (all extracts share it, so `--replace`
    /// leaves CORDIS records alone: one extract is not the whole of that source).
    package static let source = "cordis"

    /// The default id template.
    package static let defaultTemplate = "pic-{organisationID}"

    /// Whether a header row looks like CORDIS's `organization.csv`: organisations and their
    /// projects. Every other column is optional (`activityType` only sets the kind).
    package static func looksLikeOrganisations(_ header: [String]) -> Bool {
        header.contains("organisationID") && (header.contains("rcn") || header.contains("projectID"))
    }

    /// Reads organisations and their projects from several extracts as one: a project in two
    /// of them is one record with the members of both; an organisation is profiled from all
    /// its projects.
    /// - Throws: `ImportFileError` when a file is not readable as CORDIS CSV (no such columns,
    ///   broken quoting, no rows); problems of single rows are collected as rejected records.
    package static func read(organisations organisationFiles: [Input], projects projectFiles: [Input], topics topicFiles: [Input],
                             ids: IDRule) throws(ImportFileError) -> Contents {
        var contents = HistoryFileContents(file: organisationFiles.first?.file ?? "")
        var files: [String: (records: Int, notes: [String])] = [:]
        // Projects: start date, topic, programme, by rcn and by grant number.
        struct Project { var date: String, topic: String, programme: String, file: String, line: Int }
        var projects: [String: Project] = [:]
        for input in projectFiles {
            let p = try table(input.bytes, file: input.file)
            let pc = Dictionary((p.first?.fields ?? []).enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            guard let start = pc["startDate"], pc["rcn"] != nil || pc["id"] != nil else {
                throw ImportFileError(file: input.file, line: 1, message: "needs the columns startDate, and rcn or id (a CORDIS project.csv)")
            }
            for row in p.dropFirst() {
                func f(_ i: Int?) -> String { i.flatMap { $0 < row.fields.count ? row.fields[$0] : nil } ?? "" }
                let info = Project(date: f(start), topic: f(pc["topics"]), programme: f(pc["legalBasis"]), file: input.file, line: row.line)
                for key in [f(pc["rcn"]).isEmpty ? nil : "rcn:" + f(pc["rcn"]), f(pc["id"]).isEmpty ? nil : "id:" + f(pc["id"])].compactMap({ $0 }) {
                    if let earlier = projects[key], earlier.date != info.date {
                        contents.rejected.append(HistoryRejection(file: input.file, line: row.line, id: nil, issues: [
                            ValidationIssue(field: "startDate", value: "\"\(info.date)\"",
                                            reason: "the same project (\(key.replacingOccurrences(of: ":", with: " "))) starts on \"\(earlier.date)\" in \(earlier.file):\(earlier.line)")]))
                        break  // one row, one rejection (its rcn and its id name the same project)
                    } else if projects[key] == nil {
                        projects[key] = info
                    }
                }
            }
        }
        var topicTitles: [String: String] = [:]
        for input in topicFiles {
            let t = try table(input.bytes, file: input.file)
            let tc = Dictionary((t.first?.fields ?? []).enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            guard let code = tc["topicCode"], let title = tc["title"] else {
                throw ImportFileError(file: input.file, line: 1, message: "needs the columns topicCode and title (a CORDIS topics.csv)")
            }
            for row in t.dropFirst() where code < row.fields.count && title < row.fields.count && topicTitles[row.fields[code]] == nil {
                topicTitles[row.fields[code]] = row.fields[title]
            }
        }

        struct Organisation {
            var name = "", kind = ParticipantKind.other, country = ""
            var projects: [String: ProfileProject] = [:]  // by history key
            var organisationID = "", file = ""
        }
        struct Group { var date: String, members: Set<String>, place: RecordPlace, files: Set<String> }
        var groups: [String: Group] = [:]
        var organisations: [String: Organisation] = [:]
        var badProjectDates: Set<String> = []
        let placeholders = Self.placeholders(ids.template)
        for input in organisationFiles {
            let file = input.file
            let rows = try table(input.bytes, file: file)
            guard let header = rows.first?.fields else { throw ImportFileError(file: file, message: "the file is empty") }
            let column = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            guard looksLikeOrganisations(header) else {
                throw ImportFileError(file: file, line: 1, message: "needs the columns organisationID, and projectID or rcn: this is not a CORDIS organization.csv (columns: \(header.joined(separator: ", ")))")
            }
            for name in placeholders where column[name] == nil {
                throw ImportFileError(file: file, message: "the id template '\(ids.template)' (--id-template; idTemplate in the service) names the column '\(name)', which the file does not have")
            }
            if rows.count < 2 { throw ImportFileError(file: file, message: "has a header and no rows: no participations to import") }
            for row in rows.dropFirst() {
                func f(_ name: String) -> String {
                    column[name].flatMap { $0 < row.fields.count ? row.fields[$0] : nil } ?? ""
                }
                guard row.fields.count == header.count else {
                    contents.rejected.append(HistoryRejection(file: file, line: row.line, id: nil, issues: [
                        ValidationIssue(field: "(row)", value: nil, reason: "has \(row.fields.count) fields; the header has \(header.count)")]))
                    continue
                }
                var issues: [ValidationIssue] = []
                let organisation = f("organisationID")
                if organisation.isEmpty { issues.append(ValidationIssue(field: "organisationID", value: nil, reason: "is required")) }
                else if !organisation.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) {
                    // A PIC is digits only; spreadsheets turn long numbers into 9.99978E+08 or 999995893.0.
                    issues.append(ValidationIssue(field: "organisationID", value: "\"\(organisation)\"",
                                                  reason: "is not a CORDIS organisation id (digits only); a spreadsheet may have rewritten it: format the column as text and export again"))
                }
                let projectID = f("projectID"), rcn = f("rcn")
                if projectID.isEmpty && rcn.isEmpty { issues.append(ValidationIssue(field: "rcn", value: nil, reason: "is required where projectID is empty")) }
                let projectKey = projectID.isEmpty ? "rcn:" + rcn : "id:" + projectID
                let project = projects[projectKey] ?? projects["rcn:" + rcn]
                var date = f("startDate")
                if date.isEmpty, let project {
                    date = project.date
                    // A bad date of project.csv is its own error, at its own line, once.
                    if !date.isEmpty, let problem = HistoryDate.problem(date) {
                        if badProjectDates.insert(project.file + ":" + String(project.line)).inserted {
                            contents.rejected.append(HistoryRejection(file: project.file, line: project.line, id: nil, issues: [
                                ValidationIssue(field: "startDate", value: "\"\(date)\"", reason: problem)]))
                        }
                        continue
                    }
                }
                if date.isEmpty {
                    issues.append(ValidationIssue(field: "startDate", value: nil,
                                                  reason: project == nil ? "is required: give project.csv (beside the file or as an argument) or a startDate column"
                                                                         : "is required: the project has no startDate in \(project!.file):\(project!.line) either"))
                } else if let problem = HistoryDate.problem(date) {
                    issues.append(ValidationIssue(field: "startDate", value: "\"\(date)\"", reason: problem))
                }
                // The member id: the participant whose attribute holds the organisation id, else the template.
                var id = ""
                let matched = ids.attribute == nil ? nil : ids.participants[organisation]
                if let matched, matched.count > 1 {
                    issues.append(ValidationIssue(field: "organisationID", value: "\"\(organisation)\"",
                                                  reason: "is the attribute \(ids.attribute!) of several participants (\(matched.prefix(5).joined(separator: ", "))): it must name one"))
                } else if let matched, let only = matched.first {
                    id = only
                } else {
                    id = ids.template
                    for name in placeholders {
                        let value = f(name)
                        if value.trimmingWhitespace.isEmpty {
                            issues.append(ValidationIssue(field: name, value: "\"\(value)\"",
                                                          reason: "is empty, and the id template '\(ids.template)' needs it for the member id"))
                        }
                        id = id.replacingOccurrences(of: "{\(name)}", with: value)
                    }
                }
                let key = "cordis:" + (projectID.isEmpty ? "rcn-" + rcn : projectID)
                if issues.isEmpty, let g = groups[key], g.date != date {
                    issues.append(ValidationIssue(field: "startDate", value: "\"\(date)\"",
                                                  reason: "the same project (\(key)) starts on \"\(g.date)\" in \(g.place)"))
                }
                guard issues.isEmpty else {
                    contents.rejected.append(HistoryRejection(file: file, line: row.line, id: organisation.isEmpty ? nil : organisation, issues: issues))
                    continue
                }
                groups[key, default: Group(date: date, members: [], place: RecordPlace(file: file, line: row.line), files: [])].members.insert(id)
                groups[key]!.files.insert(file)
                var o = organisations[id] ?? Organisation(organisationID: organisation, file: file)
                if o.name.isEmpty { o.name = f("name").isEmpty ? f("shortName") : f("name") }
                o.kind = kind(activityType: f("activityType"))
                o.country = CountryCode.normalise(f("country")) ?? o.country
                // A project can fall under several programme parts: `H2020-EU.2.1.5.;H2020-EU.2.1.5.2.`.
                let topic = project?.topic ?? ""
                o.projects[key] = ProfileProject(key: key, date: date, topic: topic, title: topicTitles[topic],
                                                 programmes: (project?.programme.split(separator: ";") ?? []).filter { !$0.isEmpty }.map(String.init))
                organisations[id] = o
            }
            files[file] = (0, [])
        }
        var singles: [String: Int] = [:]  // per file, its projects with one organisation (in all extracts together)
        for (key, g) in groups.sorted(by: { $0.key < $1.key }) {
            guard g.members.count >= 2 else {
                for f in g.files { singles[f, default: 0] += 1 }
                continue
            }
            contents.records.append(Collaboration(key: key, kind: .project, date: g.date, source: Self.source, members: Array(g.members)))
            contents.places.append(g.place)
            for f in g.files { files[f]?.records += 1 }
        }
        for (file, single) in singles {
            files[file]?.notes.append("\(single) project\(single == 1 ? "" : "s") with one organisation give no collaboration")
        }
        for (id, o) in organisations.sorted(by: { $0.key < $1.key }) {
            contents.names[id] = o.name.oneLine  // a quoted cell may hold a line break
            let projects = o.projects.values.sorted { $0.key < $1.key }
            let (keywords, description) = ProfileProject.profile(of: projects)
            contents.projects[id] = projects
            var attributes: JSONObject?
            if let attribute = ids.attribute {
                // Created organisations carry the attribute, so that the next import finds them by it.
                var value = JSONValue.string(o.organisationID)
                for part in attribute.split(separator: ".").reversed() { value = .object(JSONObject([(String(part), value)])) }
                attributes = value.objectValue
            }
            contents.organisations.append(Participant(
                id: id, kind: o.kind, name: o.name.isEmpty ? id : o.name, country: o.country,
                keywords: keywords, description: description,
                source: RecordSource(format: "cordis", file: o.file, reference: nil), attributes: attributes))
        }
        return Contents(all: contents, files: files)
    }

    /// CORDIS activity types as participant kinds: PRC company, HES/REC knowledge
    /// institution, PUB public body, anything else other.
    package static func kind(activityType: String) -> ParticipantKind {
        switch activityType.uppercased() {
        case "PRC": .company
        case "HES", "REC": .knowledgeInstitution
        case "PUB": .publicBody
        default: .other
        }
    }

    /// The `{column}` names of an id template.
    package static func placeholders(_ template: String) -> [String] {
        var names: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    private static func table(_ bytes: [UInt8], file: String) throws(ImportFileError) -> [CSVRow] {
        let text: String
        do { text = try InputText.decode(bytes) } catch { throw ImportFileError(file: file, line: error.line, message: error.message) }
        do {
            return try CSVReader.rows(text, delimiter: CSVReader.detectDelimiter(text))
        } catch {
            throw ImportFileError(file: file, line: error.line, message: error.message)
        }
    }
}
