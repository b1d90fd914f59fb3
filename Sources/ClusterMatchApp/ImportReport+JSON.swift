import JSONSupport
import MatchCore

extension ValidationIssue {
    /// `{"field", "value", "reason"}`; `value` is the offending value as written (null when absent).
    package var json: JSONValue {
        .object(JSONObject([("field", .string(field)), ("value", value.map { .string($0) } ?? .null), ("reason", .string(reason))]))
    }
}

extension RejectedRecord {
    /// `{"file", "line", "id", "issues"}` (values masked as in messages).
    package var json: JSONValue {
        .object(JSONObject([("file", .string(file)), ("line", .int(Int64(line))), ("id", id.map { .string($0) } ?? .null),
                            ("issues", .array(issues.map(\.json)))]))
    }
}

extension ImportReport {
    /// The JSON form shared by the CLI (`import --format json`) and the service (`import.file`).
    package var json: JSONValue {
        var files: [JSONValue] = []
        for f in self.files {
            var o = JSONObject()
            o["file"] = .string(f.file)
            o["format"] = .string(f.format.rawValue)
            o["added"] = .int(Int64(f.added))
            o["updated"] = .int(Int64(f.updated))
            o["unchanged"] = .int(Int64(f.unchanged))
            o["rejected"] = .int(Int64(f.rejected))
            if f.erasedLeftOut > 0 { o["erasedLeftOut"] = .int(Int64(f.erasedLeftOut)) }
            if let d = f.detectedBecause { o["detected"] = .string(d) }
            if !f.notes.isEmpty { o["notes"] = .array(f.notes.map { .string($0) }) }
            if let r = f.rejectsFile { o["rejectsFile"] = .string(r) }
            files.append(.object(o))
        }
        var root = JSONObject()
        root["dryRun"] = .bool(dryRun)
        root["stored"] = .bool(stored)
        root["files"] = .array(files)
        root["rejected"] = .array(rejected.map(\.json))
        return .object(root)
    }
}

extension TaxonomyImportReport {
    /// The JSON form shared by the CLI (`taxonomy import --format json`) and the service (`import.file`).
    package var json: JSONValue {
        .object(JSONObject([("namespace", .string(namespace)), ("terms", .int(Int64(terms))), ("added", .int(Int64(added))),
                            ("changed", .int(Int64(changed))), ("removed", .int(Int64(removed))), ("file", .string(file))]))
    }
}
