import ArgumentParser
import ClusterMatchApp
import CSV
import JSONSupport
import MatchCore
import Reports

struct TaxonomyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taxonomy",
        abstract: "Import, list and look up competence taxonomies.",
        subcommands: [ImportTaxonomy.self, List.self, Show.self])

    struct ImportTaxonomy: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import taxonomies in the EEN keyword CSV format (or one-column label lists).",
            discussion: """
                Several files are one transaction, each in its own namespace: from the Type column \
                (Technology Keyword → een-tech, Market Keyword → een-market, NACE Keyword → nace), \
                or for a label list from its file name (taxonomy-sdg.csv → sdg), unless --namespace \
                is given (one file only). Importing a namespace again replaces it.
                """)
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOption
        @Option(help: "The namespace to load the terms into.") var namespace: String?
        @Argument(help: ArgumentHelp("The CSV files.", valueName: "file")) var files: [String]
        @Flag(help: ArgumentHelp("The files are taxonomies that ship with clustermatch (built in), named by their path under Profiles/taxonomy/: \(ClusterMatch.shippedTaxonomies().joined(separator: ", ")).")) var shipped = false

        func validate() throws {
            if files.isEmpty { throw ValidationError("give at least one taxonomy file") }
            if namespace != nil && files.count > 1 { throw ValidationError("--namespace works with one file only") }
            if let namespace, namespace.isEmpty || namespace.contains(":") || namespace.contains(where: \.isWhitespace) {
                throw ValidationError("--namespace must be a non-empty name without ':' or spaces (e.g. een-tech)")
            }
        }

        func run() throws {
            try perform {
                let app = try database.open(creating: true)
                let reports = shipped ? try app.importShippedTaxonomies(files, namespace: namespace)
                                      : try app.importTaxonomies(files: files, namespace: namespace)
                let header = ["namespace", "terms", "added", "changed", "removed", "file"]
                let rows = reports.map { [$0.namespace, String($0.terms), String($0.added), String($0.changed), String($0.removed), $0.file] }
                switch output.format {
                case .table: Output.write(TextTable.render(header: header, rows: rows, maxWidth: 60, rightAligned: [1, 2, 3, 4]))
                case .csv: Output.write(CSVWriter.render(header: header, rows: rows))
                case .json:
                    let objects = reports.map(\.json)
                    Output.line((reports.count == 1 ? objects[0] : .array(objects)).serialized(pretty: true))
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the loaded taxonomies, or the terms of one with --namespace.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOption
        @Option(help: "List the terms of this namespace.") var namespace: String?

        func run() throws {
            try perform {
                let app = try database.open()
                if let namespace {
                    render(try app.taxonomyTerms(namespace: namespace))
                } else {
                    let all = try app.taxonomies()
                    if all.isEmpty { Diagnostics.write("no taxonomy loaded yet: clustermatch taxonomy import FILE") }
                    let header = ["namespace", "terms", "source"]
                    let rows = all.map { [$0.namespace, String($0.terms), $0.source] }
                    switch output.format {
                    case .table: Output.write(TextTable.render(header: header, rows: rows))
                    case .csv: Output.write(CSVWriter.render(header: header, rows: rows))
                    case .json:
                        Output.line(JSONValue.array(all.map(\.json)).serialized(pretty: true))
                    }
                }
            }
        }

        func render(_ terms: [TaxonomyTerm]) {
            let header = ["code", "level", "label", "parent"]
            let rows = terms.map { [$0.qualifiedCode, String($0.level), $0.label, $0.parent ?? ""] }
            switch output.format {
            case .table: Output.write(TextTable.render(header: header, rows: rows, maxWidth: 60))
            case .csv: Output.write(CSVWriter.render(header: header, rows: rows))
            case .json: Output.line(JSONValue.array(terms.map(\.json)).serialized(pretty: true))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one term with its ancestors (CODE or namespace:CODE).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOption
        @Argument(help: "The code.") var code: String

        func run() throws {
            try perform {
                let path = try database.open().taxonomyTerm(code)
                let chain = [path.term] + path.ancestors
                switch output.format {
                case .json: Output.line(JSONValue.array(chain.map(\.json)).serialized(pretty: true))
                case .csv: Output.write(CSVWriter.render(header: ["code", "level", "label"], rows: chain.map { [$0.qualifiedCode, String($0.level), $0.label] }))
                case .table:
                    for (depth, t) in chain.reversed().enumerated() {
                        Output.line(String(repeating: "  ", count: depth) + "\(t.qualifiedCode)  \(t.label)  (level \(t.level))")
                    }
                }
            }
        }
    }
}
