import ArgumentParser
import ClusterMatchApp
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
            abstract: "Import a taxonomy in the EEN keyword CSV format (or a one-column label list).",
            discussion: """
                The namespace comes from the Type column (Technology Keyword → een-tech, \
                Market Keyword → een-market, NACE Keyword → nace) unless --namespace is given. \
                Importing a namespace again replaces it.
                """)
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOption
        @Option(help: "The namespace to load the terms into.") var namespace: String?
        @Argument(help: ArgumentHelp("The CSV file.", valueName: "file")) var file: String

        func validate() throws {
            if let namespace, namespace.isEmpty || namespace.contains(":") || namespace.contains(where: \.isWhitespace) {
                throw ValidationError("--namespace must be a non-empty name without ':' or spaces (e.g. een-tech)")
            }
        }

        func run() throws {
            try perform {
                let r = try database.open().importTaxonomy(file: file, namespace: namespace)
                let header = ["namespace", "terms", "added", "changed", "removed"]
                let row = [r.namespace, String(r.terms), String(r.added), String(r.changed), String(r.removed)]
                switch output.format {
                case .table: Output.write(TextTable.render(header: header, rows: [row], rightAligned: [1, 2, 3, 4]))
                case .csv: Output.write(CSVWriter.render(header: header, rows: [row]))
                case .json:
                    Output.line(JSONValue.object(JSONObject([("namespace", .string(r.namespace)), ("terms", .int(Int64(r.terms))),
                        ("added", .int(Int64(r.added))), ("changed", .int(Int64(r.changed))), ("removed", .int(Int64(r.removed)))])).serialized(pretty: true))
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
                let store = try database.open().store
                if let namespace {
                    let terms = try store.taxonomyTerms(namespace: namespace)
                    if terms.isEmpty { throw AppError(.notFound, "no taxonomy '\(namespace)' is loaded (see: clustermatch taxonomy list)") }
                    render(terms)
                } else {
                    let all = try store.taxonomies()
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
                let taxonomy = try database.open().store.taxonomy()
                let qualified: String
                switch taxonomy.resolve(code) {
                case .success(let q): qualified = q
                case .failure(let error): throw AppError(.notFound, error.description)
                }
                guard let term = taxonomy.term(qualified) else { throw AppError(.notFound, "code \(code) is in no loaded taxonomy") }
                let chain = [term] + taxonomy.ancestors(of: qualified)
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
