import ClusterMatchApp
import MatchCore

extension RPCService {
    func systemInfo(_ p: inout Params) throws -> JSONValue {
        var o = try app.doctor().json
        o["protocol"] = .string("2.0")
        o["methods"] = .array(Self.methodNames.map { .string($0) })
        o["maxLineBytes"] = .int(Int64(options.maxLineBytes))
        return .object(o)
    }

    /// `{"participant": {…}}` or `{"participants": [{…}, …]}`: all stored, or none.
    func participantUpsert(_ p: inout Params) throws -> JSONValue {
        let values: [JSONValue]
        switch (p.object["participant"], p.object["participants"]) {
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
        let outcome = try app.upsertParticipants(values, location: recordPath)
        if !outcome.added.isEmpty || !outcome.updated.isEmpty { engines.noteWrite() }
        return .object(JSONObject([
            ("added", .array(outcome.added.map { .string($0) })),
            ("updated", .array(outcome.updated.map { .string($0) })),
            ("unchanged", .array(outcome.unchanged.map { .string($0) })),
        ]))
    }

    func participantGet(_ p: inout Params) throws -> JSONValue {
        let id = p.string("id", required: true)
        try p.check()
        guard let participant = try app.store.participant(id!) else { throw AppError.notFound(participant: id!) }
        return participant.json
    }

    /// Participants by id, a page at a time.
    func participantList(_ p: inout Params) throws -> JSONValue {
        let limit = p.int("limit", default: 100, in: 0...10_000)
        let offset = p.int("offset", default: 0, in: 0...Int(Int32.max))
        try p.check()
        let page = try app.store.participants(limit: limit, offset: offset)
        let total = try app.store.counts().participants
        let next = offset + page.count
        return .object(JSONObject([
            ("participants", .array(page.map(\.json))),
            ("offset", .int(Int64(offset))),
            ("total", .int(Int64(total))),
            ("nextOffset", next < total && !page.isEmpty ? .int(Int64(next)) : .null),
        ]))
    }

    func participantDelete(_ p: inout Params) throws -> JSONValue {
        let id = p.string("id", required: true)
        try p.check()
        guard try app.store.delete(id!) else { throw AppError.notFound(participant: id!) }
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
            let taxonomy = try app.store.taxonomy()
            let qualified: String
            switch taxonomy.resolve(code) {
            case .success(let q): qualified = q
            case .failure(let error): throw AppError(.notFound, error.description)
            }
            guard let term = taxonomy.term(qualified) else { throw AppError(.notFound, "code \(code) is in no loaded taxonomy") }
            return .object(JSONObject([("term", term.json), ("ancestors", .array(taxonomy.ancestors(of: qualified).map(\.json)))]))
        }
        if let namespace {
            let terms = try app.store.taxonomyTerms(namespace: namespace)
            if terms.isEmpty { throw AppError(.notFound, "no taxonomy '\(namespace)' is loaded") }
            return .object(JSONObject([("namespace", .string(namespace)), ("terms", .array(terms.map(\.json)))]))
        }
        return .object(JSONObject([("taxonomies", .array(try app.store.taxonomies().map(\.json)))]))
    }

    /// Imports a file through the same use case as the CLI.
    func importFile(_ p: inout Params) throws -> JSONValue {
        let path = p.string("path", required: true)
        let format = p.string("format", required: true)
        let namespace = p.string("namespace")
        let skipInvalid = p.bool("skipInvalid")
        let formats = ["participants", "taxonomy"]
        if let format, !formats.contains(format) {
            p.fail("format", .string(format), "must be one of: \(formats.joined(separator: ", "))")
        }
        if let namespace, namespace.contains(":") || namespace.contains(where: \.isWhitespace) {
            p.fail("namespace", .string(namespace), "must be a name without ':' or spaces (e.g. een-tech)")
        }
        try p.check()
        switch format! {
        case "taxonomy":
            let r = try app.importTaxonomy(file: path!, namespace: namespace)
            engines.noteWrite()
            return .object(JSONObject([("namespace", .string(r.namespace)), ("terms", .int(Int64(r.terms))),
                                       ("added", .int(Int64(r.added))), ("changed", .int(Int64(r.changed))), ("removed", .int(Int64(r.removed)))]))
        default:
            let r = try app.importParticipants(files: [path!], skipInvalid: skipInvalid)
            if r.stored { engines.noteWrite() }
            return .object(JSONObject([
                ("files", .array(r.files.map {
                    .object(JSONObject([("file", .string($0.file)), ("added", .int(Int64($0.added))), ("updated", .int(Int64($0.updated))),
                                        ("unchanged", .int(Int64($0.unchanged))), ("rejected", .int(Int64($0.rejected)))]))
                })),
                ("rejected", .array(r.rejected.map { record in
                    .object(JSONObject([("line", .int(Int64(record.line))), ("id", record.id.map { .string($0) } ?? .null),
                                        ("issues", .array(record.issues.map(\.json)))]))
                })),
                ("stored", .bool(r.stored)),
            ]))
        }
    }
}
