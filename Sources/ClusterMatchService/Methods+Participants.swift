import ClusterMatchApp
import Importers
import JSONSupport
import MatchCore

extension RPCService {
    func systemInfo(_ p: inout Params) throws -> JSONValue {
        var o = try app.doctor().json
        o["protocol"] = .string("2.0")
        o["methods"] = .array(Self.methodNames.map { .string($0) })
        o["maxLineBytes"] = .int(Int64(options.maxLineBytes))
        o["engines"] = .array(try engines.currency())
        return .object(o)
    }

    /// `{"participant": {…}}` or `{"participants": [{…}, …]}`: all stored, or none.
    func participantUpsert(_ p: inout Params) throws -> JSONValue {
        let values: [JSONValue]
        switch (p.value("participant"), p.value("participants")) {
        case (let one?, nil) where !one.isNull:
            values = [one]
            recordPath = { _ in "participant" }
        case (nil, .array(let many)?):
            guard !many.isEmpty else { throw RPCError.invalidParams(field: "participants", value: .array([]), "must not be empty") }
            values = many
            recordPath = { "participants[\($0)]" }
        case (nil, let other?):
            throw RPCError.invalidParams(field: "participants", value: other, "must be an array of participant objects")
        case (nil, nil):
            throw RPCError.invalidParams(field: "participant", value: nil, "give a participant object, or participants: an array of them")
        default:
            throw RPCError.invalidParams(field: "participants", value: nil, "give either participant or participants, not both")
        }
        let registerErased = p.bool("registerErased")
        try p.check()  // a misspelt param (`Participants` beside `participant`) is refused, not ignored
        let outcome = try app.upsertParticipants(values, location: recordPath, registerErased: registerErased)
        if !outcome.added.isEmpty || !outcome.updated.isEmpty { engines.noteWrite() }
        return .object(JSONObject([
            ("added", .array(outcome.added.map { .string($0) })),
            ("updated", .array(outcome.updated.map { .string($0) })),
            ("unchanged", .array(outcome.unchanged.map { .string($0) })),
        ]))
    }

    /// The stored canonical document, passed on as stored (`app.participantDocument`).
    func participantGet(_ p: inout Params) throws -> Reply {
        let id = p.string("id", required: true)
        try p.check()
        return .serialized(try app.participantDocument(id!))
    }

    /// Participants by id, a page at a time.
    func participantList(_ p: inout Params) throws -> JSONValue {
        let limit = p.int("limit", default: 100, in: 0...10_000)
        let offset = p.int("offset", default: 0, in: 0...Int(Int32.max))
        try p.check()
        let page = try app.participantPage(limit: limit, offset: offset)
        return .object(JSONObject([
            ("participants", .array(page.participants.map(\.json))),
            ("offset", .int(Int64(page.offset))),
            ("total", .int(Int64(page.total))),
            ("nextOffset", page.nextOffset.map { .int(Int64($0)) } ?? .null),
        ]))
    }

    /// Erases a participant everywhere, as `clustermatch participants delete` (`app.erase`).
    func participantDelete(_ p: inout Params) throws -> JSONValue {
        let id = p.string("id", required: true)
        try p.check()
        try app.erase(participant: id!)
        engines.noteWrite()
        return .object(JSONObject([("deleted", .string(id!))]))
    }

    /// `{}`: the loaded taxonomies; `{"namespace"}`: its terms; `{"code"}`: a term and its ancestors.
    func taxonomyGet(_ p: inout Params) throws -> JSONValue {
        let namespace = p.string("namespace")
        let code = p.string("code")
        if namespace != nil && code != nil { p.fail("code", p.object["code"], "give namespace or code, not both") }
        try p.check()
        if let code {
            let path = try app.taxonomyTerm(code)
            return .object(JSONObject([("term", path.term.json), ("ancestors", .array(path.ancestors.map(\.json)))]))
        }
        if let namespace {
            let terms = try app.taxonomyTerms(namespace: namespace)
            return .object(JSONObject([("namespace", .string(namespace)), ("terms", .array(terms.map(\.json)))]))
        }
        return .object(JSONObject([("taxonomies", .array(try app.taxonomies().map(\.json)))]))
    }

    /// Imports files through the same use cases as the CLI: `app.importParticipants(ImportRequest)`
    /// (`clustermatch import`) or `app.importTaxonomies` (`clustermatch taxonomy import`).
    func importFile(_ p: inout Params) throws -> JSONValue {
        let path = p.string("path")
        let paths = p.strings("paths")
        if path == nil && paths.isEmpty { p.fail("path", nil, "give path (a file) or paths (a non-empty array of files)") }
        if path != nil && p.has("paths") { p.fail("paths", p.object["paths"], "give path or paths, not both") }
        let formatName = p.string("format") ?? "auto"
        let formats = ImportFormat.allCases.map(\.rawValue) + ["auto", "taxonomy"]
        if !formats.contains(formatName) { p.fail("format", .string(formatName), "must be one of: \(formats.joined(separator: ", "))") }
        let isTaxonomy = formatName == "taxonomy"
        let namespace = p.string("namespace")
        let dryRun = p.bool("dryRun")
        let skipInvalid = p.bool("skipInvalid")
        let registerErased = p.bool("registerErased")
        let mapping = p.string("mapping")
        let since = p.string("since")
        if let since, EENDate.normalise(since) == nil { p.fail("since", .string(since), "is not a date (YYYY-MM-DD)") }
        let files = path.map { [$0] } ?? paths
        if let namespace {
            if namespace.contains(":") || namespace.contains(where: \.isWhitespace) {
                p.fail("namespace", .string(namespace), "must be a name without ':' or spaces (e.g. een-tech)")
            } else if !isTaxonomy {
                p.fail("namespace", .string(namespace), "is for format taxonomy only")
            } else if files.count > 1 {
                p.fail("namespace", .string(namespace), "names the namespace of one file; with several files each gets its own")
            }
        }
        if isTaxonomy {
            for key in ["dryRun", "skipInvalid", "mapping", "since", "registerErased"] where p.has(key) && p.object[key] != .bool(false) {
                p.fail(key, p.object[key], "is for participant formats only")
            }
        }
        try p.check()
        if isTaxonomy {
            let reports = try app.importTaxonomies(files: files, namespace: namespace)
            engines.noteWrite()
            return path != nil ? reports[0].json : .object(JSONObject([("taxonomies", .array(reports.map(\.json)))]))
        }
        let request = ImportRequest(files: files, format: ImportFormat(rawValue: formatName), dryRun: dryRun,
                                    skipInvalid: skipInvalid, mappingFile: mapping, since: since.flatMap(EENDate.normalise),
                                    registerErased: registerErased)
        let report = try app.importParticipants(request)
        if report.stored { engines.noteWrite() }
        return report.json
    }
}
