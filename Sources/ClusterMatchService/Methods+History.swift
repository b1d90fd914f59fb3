import ClusterMatchApp
import Importers
import JSONSupport

extension RPCService {
    /// `history.import`: the use case of `clustermatch history import`, with the same params.
    func historyImport(_ p: inout Params) throws -> JSONValue {
        let path = p.string("path")
        let paths = p.strings("paths")
        if path == nil && paths.isEmpty { p.fail("path", nil, "give path (a file) or paths (a non-empty array of files)") }
        if path != nil && p.has("paths") { p.fail("paths", p.object["paths"], "give path or paths, not both") }
        let formatName = p.string("format") ?? "auto"
        let formats = ["auto"] + HistoryFormat.allCases.map(\.rawValue)
        if !formats.contains(formatName) { p.fail("format", .string(formatName), "must be one of: \(formats.joined(separator: ", "))") }
        let template = p.string("idTemplate") ?? CORDISFile.defaultTemplate
        if CORDISFile.placeholders(template).isEmpty {
            p.fail("idTemplate", .string(template), "names no column; write one in braces, e.g. pic-{organisationID}")
        }
        let attribute = p.string("idAttribute")
        if let attribute, let problem = HistoryImportRequest.attributeProblem(attribute) { p.fail("idAttribute", .string(attribute), problem) }
        let request = HistoryImportRequest(files: path.map { [$0] } ?? paths, format: HistoryFormat(rawValue: formatName),
                                           dryRun: p.bool("dryRun"), strict: p.bool("strict"),
                                           createParticipants: p.bool("createParticipants"), idTemplate: template, idAttribute: attribute,
                                           replace: p.bool("replace"))
        try p.check()
        let report = try app.importHistory(request)
        if !request.dryRun && report.changes { engines.noteWrite() }
        return report.json
    }
}
