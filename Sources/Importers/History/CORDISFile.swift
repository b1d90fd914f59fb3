import CSV
import Foundation
import JSONSupport
import MatchCore

/// Reads the EU's CORDIS participation exports as collaboration history: `organization.csv`
/// (one participation a row), with `project.csv` beside it for start dates, topics and
/// programme, and `topics.csv` for the topics' titles.
///
/// A project is `projectID`, or `rcn` where `projectID` is empty; each becomes a group record
/// `cordis:<id>` of kind `project`, dated by the project's start. Organisation ids become
/// member ids through a template (`pic-{organisationID}`: any `{column}` of the row).
package enum CORDISFile {
    /// The optional files beside `organization.csv`.
    package struct Companions: Sendable {
        /// `project.csv` (`;`-separated, as CORDIS writes it), if found.
        package var projects: [UInt8]?
        package var projectsFile = "project.csv"
        /// `topics.csv`, if found.
        package var topics: [UInt8]?
        package var topicsFile = "topics.csv"

        package init(projects: [UInt8]? = nil, projectsFile: String = "project.csv", topics: [UInt8]? = nil, topicsFile: String = "topics.csv") {
            self.projects = projects
            self.projectsFile = projectsFile
            self.topics = topics
            self.topicsFile = topicsFile
        }
    }

    /// The default id template.
    package static let defaultTemplate = "pic-{organisationID}"

    /// Whether a header row looks like CORDIS's `organization.csv`.
    package static func looksLikeOrganisations(_ header: [String]) -> Bool {
        Set(header).isSuperset(of: ["organisationID", "activityType"]) && (header.contains("rcn") || header.contains("projectID"))
    }

    /// Reads organisations and their projects.
    /// - Throws: `ImportFileError` when a file is not readable as CORDIS CSV (no such columns,
    ///   broken quoting); problems of single rows are collected as rejected records.
    package static func read(_ bytes: [UInt8], file: String, companions: Companions, template: String = defaultTemplate) throws(ImportFileError) -> HistoryFileContents {
        var contents = HistoryFileContents(file: file)
        let rows = try table(bytes, file: file)
        guard let header = rows.first?.fields else { throw ImportFileError(file: file, message: "the file is empty") }
        let column = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        for required in ["organisationID", "rcn"] where column[required] == nil {
            throw ImportFileError(file: file, line: 1, message: "no column '\(required)': this is not a CORDIS organization.csv (columns: \(header.joined(separator: ", ")))")
        }
        let placeholders = Self.placeholders(template)
        for name in placeholders where column[name] == nil {
            throw ImportFileError(file: file, message: "--id-template '\(template)' names the column '\(name)', which the file does not have")
        }
        // Projects: start date, topic, programme, by rcn and by grant number.
        var projects: [String: (date: String, topic: String, programme: String)] = [:]
        if let bytes = companions.projects {
            let p = try table(bytes, file: companions.projectsFile)
            let pc = Dictionary((p.first?.fields ?? []).enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            guard let rcn = pc["rcn"], let start = pc["startDate"] else {
                throw ImportFileError(file: companions.projectsFile, line: 1, message: "needs the columns rcn and startDate (a CORDIS project.csv)")
            }
            for row in p.dropFirst() {
                func f(_ i: Int?) -> String { i.flatMap { $0 < row.fields.count ? row.fields[$0] : nil } ?? "" }
                let info = (f(start), f(pc["topics"]), f(pc["legalBasis"]))
                if !f(rcn).isEmpty { projects["rcn:" + f(rcn)] = info }
                if !f(pc["id"]).isEmpty { projects["id:" + f(pc["id"])] = info }
            }
        }
        var topicTitles: [String: String] = [:]
        if let bytes = companions.topics {
            let t = try table(bytes, file: companions.topicsFile)
            let tc = Dictionary((t.first?.fields ?? []).enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            if let code = tc["topicCode"], let title = tc["title"] {
                for row in t.dropFirst() where code < row.fields.count && title < row.fields.count { topicTitles[row.fields[code]] = row.fields[title] }
            }
        }

        struct Organisation { var name = "", kind = ParticipantKind.other, country = "", topics: Set<String> = [], programmes: Set<String> = [] }
        var groups: [String: (date: String, members: Set<String>, line: Int)] = [:]
        var organisations: [String: Organisation] = [:]
        for row in rows.dropFirst() {
            func f(_ name: String) -> String {
                column[name].flatMap { $0 < row.fields.count ? row.fields[$0] : nil } ?? ""
            }
            guard row.fields.count == header.count else {
                contents.rejected.append(RejectedRecord(file: file, line: row.line, id: nil, issues: [
                    ValidationIssue(field: "(row)", value: nil, reason: "has \(row.fields.count) fields; the header has \(header.count)")]))
                continue
            }
            var issues: [ValidationIssue] = []
            let organisation = f("organisationID")
            if organisation.isEmpty { issues.append(ValidationIssue(field: "organisationID", value: nil, reason: "is required")) }
            let projectID = f("projectID"), rcn = f("rcn")
            if projectID.isEmpty && rcn.isEmpty { issues.append(ValidationIssue(field: "rcn", value: nil, reason: "is required where projectID is empty")) }
            let project = projects[projectID.isEmpty ? "rcn:" + rcn : "id:" + projectID] ?? projects["rcn:" + rcn]
            let date = f("startDate").isEmpty ? project?.date ?? "" : f("startDate")
            if date.isEmpty {
                issues.append(ValidationIssue(field: "startDate", value: nil, reason: "is required: give project.csv beside the file or a startDate column"))
            } else if !CollaborationNetwork.isDate(date) {
                issues.append(ValidationIssue(field: "startDate", value: "\"\(date)\"", reason: "must be a date YYYY-MM-DD"))
            }
            guard issues.isEmpty else {
                contents.rejected.append(RejectedRecord(file: file, line: row.line, id: organisation.isEmpty ? nil : organisation, issues: issues))
                continue
            }
            var id = template
            for name in placeholders { id = id.replacingOccurrences(of: "{\(name)}", with: f(name)) }
            let key = "cordis:" + (projectID.isEmpty ? "rcn-" + rcn : projectID)
            groups[key, default: (date, [], row.line)].members.insert(id)
            var o = organisations[id] ?? Organisation()
            if o.name.isEmpty { o.name = f("name").isEmpty ? f("shortName") : f("name") }
            o.kind = kind(activityType: f("activityType"))
            o.country = CountryCode.normalise(f("country")) ?? o.country
            if let project, !project.topic.isEmpty { o.topics.insert(project.topic) }
            // A project can fall under several programme parts: `H2020-EU.2.1.5.;H2020-EU.2.1.5.2.`.
            for part in project?.programme.split(separator: ";") ?? [] where !part.isEmpty { o.programmes.insert(String(part)) }
            organisations[id] = o
        }
        for (key, g) in groups.sorted(by: { $0.key < $1.key }) where g.members.count >= 2 {
            contents.records.append(Collaboration(key: key, kind: .project, date: g.date, source: "cordis", members: Array(g.members)))
        }
        let single = groups.values.filter { $0.members.count < 2 }.count
        if single > 0 { contents.notes.append("\(single) project\(single == 1 ? "" : "s") with one organisation give no collaboration") }
        for (id, o) in organisations.sorted(by: { $0.key < $1.key }) {
            contents.names[id] = o.name
            let topics = o.topics.sorted()
            let titles = topics.compactMap { topicTitles[$0] }
            let description = titles.isEmpty ? nil : titles.joined(separator: ". ")
            contents.organisations.append(Participant(
                id: id, kind: o.kind, name: o.name.isEmpty ? id : o.name, country: o.country,
                keywords: topics + o.programmes.sorted(), description: description,
                source: RecordSource(format: "cordis", file: file, reference: nil)))
        }
        return contents
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
