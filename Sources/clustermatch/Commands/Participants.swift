import ArgumentParser
import ClusterMatchApp
import CSV
import Foundation
import Importers
import JSONSupport
import MatchCore
import Reports

struct Participants: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, show, delete and export participants; export one participant's personal data.",
        subcommands: [List.self, Show.self, Delete.self, Export.self, PersonalData.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List participants by id (all, unless --limit/--offset).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOption
        @Option(help: "Show at most this many.") var limit: Int?
        @Option(help: "Skip this many first.") var offset: Int = 0

        func validate() throws {
            if let limit, limit < 0 { throw ValidationError("--limit must not be negative") }
            if offset < 0 { throw ValidationError("--offset must not be negative") }
        }

        func run() throws {
            try perform {
                let people = try database.open().participants(limit: limit, offset: offset)
                let header = ["id", "kind", "name", "country", "organisation", "clusters"]
                let rows = people.map { [$0.id, $0.kind.rawValue, $0.name, $0.country, $0.organisation ?? "", $0.clusters.joined(separator: ";")] }
                switch output.format {
                case .table: Output.write(TextTable.render(header: header, rows: rows, maxWidth: 40))
                case .csv: Output.write(CSVWriter.render(header: header, rows: rows))
                case .json: Output.line(JSONValue.array(people.map(\.json)).serialized(pretty: true))
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one participant in full.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOption
        @Argument(help: "The participant's id.") var id: String

        func run() throws {
            try perform {
                let app = try database.open()
                let p = try app.participant(id)
                switch output.format {
                case .json: Output.line(p.json.serialized(pretty: true))
                case .csv:
                    Output.write(CSVWriter.render(header: ["field", "value"], rows: Self.fields(p, taxonomy: try app.taxonomy())))
                case .table:
                    for row in Self.fields(p, taxonomy: try app.taxonomy()) {
                        Output.line(row[0].padding(toLength: 14, withPad: " ", startingAt: 0) + row[1])
                    }
                }
            }
        }

        static func fields(_ p: Participant, taxonomy: Taxonomy) -> [[String]] {
            var rows: [[String]] = [["id", p.id], ["kind", p.kind.rawValue], ["name", p.name], ["country", p.country]]
            if let v = p.organisation { rows.append(["organisation", v]) }
            if let v = p.region { rows.append(["region", v]) }
            if let v = p.employees { rows.append(["employees", String(v)]) }
            if !p.clusters.isEmpty { rows.append(["clusters", p.clusters.joined(separator: ", ")]) }
            for c in p.competences { rows.append(["competence", "\(c.code) \(taxonomy.label(c.code)) (weight \(c.weight))"]) }
            if !p.keywords.isEmpty { rows.append(["keywords", p.keywords.joined(separator: "; ")]) }
            if let v = p.description { rows.append(["description", v]) }
            for (label, statements) in [("offer", p.offers), ("need", p.needs)] {
                for s in statements {
                    let parts = [s.title, s.text, s.codes.isEmpty ? nil : "codes: " + s.codes.joined(separator: ", "),
                                 s.keywords.isEmpty ? nil : "keywords: " + s.keywords.joined(separator: "; ")].compactMap { $0 }
                    rows.append([label, parts.joined(separator: " | ")])
                }
            }
            if let v = p.vector { rows.append(["vector", "\(v.count) dimensions"]) }
            return rows
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a participant and everything stored about it.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The participant's id.") var id: String

        func run() throws {
            try perform {
                try database.open().erase(participant: id)
                Diagnostics.write("deleted \(id)")
            }
        }
    }

    struct PersonalData: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "personal-data",
            abstract: "Write everything stored about one participant as JSON (profile, contact, memberships, vectors, schedules, history).")
        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file")) var out: String?
        @Argument(help: "The participant's id.") var id: String

        func run() throws {
            try perform {
                let text = try database.open().personalData(of: id).serialized(pretty: true) + "\n"
                if let out {
                    // Written whole, then put in place; a device such as /dev/null is written in place.
                    let file = try OutputFile(path: out)
                    try file.write(text)
                    try file.commit()
                } else {
                    Output.write(text)
                }
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write all participants in the canonical format (JSON Lines, sorted by id).",
            discussion: "import → export → import gives the same data.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file")) var out: String?

        func run() throws {
            try perform {
                let text = ParticipantFile.jsonLines(try database.open().participants())
                if let out {
                    // Written whole, then put in place; a device such as /dev/null is written in place.
                    let file = try OutputFile(path: out)
                    try file.write(text)
                    try file.commit()
                } else {
                    Output.write(text)
                }
            }
        }
    }
}
