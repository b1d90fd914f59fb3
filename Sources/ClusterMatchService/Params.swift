import JSONSupport
import MatchCore

/// Reads a request's named params, collecting every problem before failing, so that one
/// -32602 error lists all offending fields. Unknown fields are ignored (issue 4's contract),
/// but named: `unread` lists them, and the answer says so (`ignoredParams`). One kind is
/// refused instead: a field that differs from a param the method reads only in case, `_` or
/// `-` (`dryrun`, `dry_run` for `dryRun`) is a misspelling, and ignoring it would turn a dry
/// run into a write.
struct Params {
    let object: JSONObject
    /// Path of this object inside the params (`filters.`), for field names in issues.
    let prefix: String
    private(set) var issues: [ValidationIssue] = []
    /// The fields the method has read, by any accessor.
    private var read: Set<String> = []

    /// Params given as an object, or absent (an empty object). Positional params are refused.
    init(_ value: JSONValue?) throws(RPCError) {
        switch value {
        case nil, .null?: object = JSONObject()
        case .object(let o)?: object = o
        case let other?: throw RPCError.invalidParams(field: "params", value: other, "must be an object with named params")
        }
        prefix = ""
    }

    private init(object: JSONObject, prefix: String) {
        self.object = object
        self.prefix = prefix
    }

    mutating func fail(_ key: String, _ value: JSONValue?, _ reason: String) {
        issues.append(ValidationIssue(field: prefix + key, value: value.map(Self.preview), reason: reason))
    }

    /// The value as written, as far as it can be: an overflowing number (`1e999`) has no
    /// JSON form and would otherwise show as `null`.
    static func preview(_ value: JSONValue) -> String {
        if case .double(let d) = value, !d.isFinite { return d > 0 ? "1e999 (out of range)" : "-1e999 (out of range)" }
        return value.preview
    }

    mutating func fail(_ more: [ValidationIssue]) { issues += more }

    /// Throws the collected issues, and the misspelt fields among those read so far, if any.
    /// Methods call it after reading their params and before acting.
    func check() throws(RPCError) {
        let all = issues + misspellings()
        if !all.isEmpty { throw RPCError.invalidParams(all) }
    }

    /// Fields not read that are a read param written with another case, `_` or `-`.
    func misspellings() -> [ValidationIssue] {
        var meant: [String: String] = [:]
        for name in read.sorted() where object[name] == nil { meant[name.foldedName] = name }
        for name in read.sorted() where object[name] != nil { meant[name.foldedName] = name }
        return object.keys.compactMap { key in
            guard !read.contains(key), let param = meant[key.foldedName] else { return nil }
            return ValidationIssue(field: prefix + key, value: object[key].map(Self.preview),
                                   reason: "is not a param; did you mean \(prefix + param)? (unknown params are ignored, a misspelt one is refused)")
        }
    }

    /// The fields the method never read (ignored), nested ones with their path, in the
    /// order given.
    private(set) var unread: [String] = []

    /// Notes the fields nobody read; call once the method has read its params.
    mutating func noteUnread() {
        unread = object.keys.filter { !read.contains($0) }.map { prefix + $0 } + unread
    }

    mutating func has(_ key: String) -> Bool {
        read.insert(key)
        return object[key].map { !$0.isNull } ?? false
    }

    /// A field as given, for params read whole (a participant object).
    mutating func value(_ key: String) -> JSONValue? {
        read.insert(key)
        return object[key]
    }

    /// A string; nil when absent or null (an issue when required).
    mutating func string(_ key: String, required: Bool = false, nonEmpty: Bool = true) -> String? {
        read.insert(key)
        guard let value = object[key], !value.isNull else {
            if required { fail(key, nil, "is required") }
            return nil
        }
        guard let s = value.stringValue else { fail(key, value, "must be a string"); return nil }
        if nonEmpty && s.isEmpty { fail(key, value, "must not be empty"); return nil }
        return s
    }

    /// An integer in `range` (`2.0` counts as 2; `2.5`, `1e999`, `NaN`-like values do not).
    mutating func int(_ key: String, default fallback: Int, in range: ClosedRange<Int>) -> Int {
        read.insert(key)
        guard let value = object[key], !value.isNull else { return fallback }
        guard let i = value.intValue, let n = Int(exactly: i), range.contains(n) else {
            fail(key, value, "must be an integer from \(range.lowerBound) to \(range.upperBound)")
            return fallback
        }
        return n
    }

    mutating func bool(_ key: String, default fallback: Bool = false) -> Bool {
        read.insert(key)
        guard let value = object[key], !value.isNull else { return fallback }
        guard let b = value.boolValue else { fail(key, value, "must be true or false"); return fallback }
        return b
    }

    /// An array of non-empty strings; empty when absent.
    mutating func strings(_ key: String) -> [String] {
        read.insert(key)
        guard let value = object[key], !value.isNull else { return [] }
        guard let array = value.arrayValue else { fail(key, value, "must be an array of strings"); return [] }
        var result: [String] = []
        for (i, element) in array.enumerated() {
            guard let s = element.stringValue, !s.isEmpty else { fail("\(key)[\(i)]", element, "must be a non-empty string"); continue }
            result.append(s)
        }
        return result
    }

    /// A nested object's params, whose issues are reported with `key.` in front.
    mutating func nested(_ key: String) -> Params? {
        read.insert(key)
        guard let value = object[key], !value.isNull else { return nil }
        guard let o = value.objectValue else { fail(key, value, "must be an object"); return nil }
        return Params(object: o, prefix: prefix + key + ".")
    }

    /// Adopts a nested reader's issues and unread fields.
    mutating func merge(_ nested: Params) {
        var nested = nested
        nested.noteUnread()
        issues += nested.issues + nested.misspellings()
        unread += nested.unread
    }
}
