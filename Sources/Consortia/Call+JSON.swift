import MatchCore
import JSONSupport

/// A call file that cannot be used: every problem, each naming the field and value,
/// e.g. `needs[2].weight: expected a number ≥ 0, found "high"`.
package struct CallFileError: Error, Sendable, Equatable, CustomStringConvertible {
    package var issues: [String]

    package init(_ issues: [String]) { self.issues = issues }

    package var description: String { issues.joined(separator: "\n") }
}

extension Call {
    /// The fields a call file may have, at the top and in `rules` (a misspelt rule must not
    /// silently constrain nothing).
    static let knownFields: Set<String> = ["id", "title", "text", "needs", "rules"]
    static let knownNeedFields: Set<String> = ["id", "title", "text", "codes", "keywords", "required", "weight"]
    static let knownRules: Set<String> = ["minPartners", "maxPartners", "minCountries", "eligibleCountries", "minFromMemberStates",
                                          "kinds", "excludeSameOrganisation", "exclude"]
    /// Above this, the search is no longer what the issue asks for (consortia of up to 8).
    package static let largestConsortium = 20

    /// Reads a call (see docs/consortium.md). Collects every problem it finds.
    package static func parse(_ value: JSONValue) throws(CallFileError) -> Call {
        var issues: [String] = []
        func fail(_ s: String) { issues.append(s) }
        func quoted(_ v: JSONValue?) -> String { v.map { $0.serialized() } ?? "nothing" }
        func unknown(_ o: JSONObject, _ known: Set<String>, _ prefix: String) {
            for key in o.keys where !known.contains(key) {
                fail("\(prefix)\(key): unknown field (known: \(known.sorted().joined(separator: ", ")))")
            }
        }
        func string(_ v: JSONValue?, _ field: String, required: Bool = false) -> String? {
            guard let v, !v.isNull else { if required { fail("\(field): missing") }; return nil }
            guard let s = v.stringValue, !s.isEmpty else { fail("\(field): expected a non-empty string, found \(quoted(v))"); return nil }
            return s
        }
        func strings(_ v: JSONValue?, _ field: String) -> [String] {
            guard let v, !v.isNull else { return [] }
            guard let a = v.arrayValue else { fail("\(field): expected a list of strings, found \(quoted(v))"); return [] }
            return a.enumerated().compactMap { i, e in string(e, "\(field)[\(i)]", required: true) }
        }
        func int(_ v: JSONValue?, _ field: String, min: Int, max: Int = 1_000_000) -> Int? {
            guard let v, !v.isNull else { return nil }
            guard let i = v.intValue, i >= min, i <= max else {
                fail("\(field): expected a whole number from \(min) to \(max), found \(quoted(v))")
                return nil
            }
            return Int(i)
        }
        func bool(_ v: JSONValue?, _ field: String) -> Bool? {
            guard let v, !v.isNull else { return nil }
            guard let b = v.boolValue else { fail("\(field): expected true or false, found \(quoted(v))"); return nil }
            return b
        }

        guard let root = value.objectValue else { throw CallFileError(["call file: expected a JSON object, found \(quoted(value))"]) }
        unknown(root, knownFields, "")
        let id = string(root["id"], "id", required: true) ?? ""
        let title = string(root["title"], "title") ?? id
        let text = string(root["text"], "text")

        var needs: [CallNeed] = []
        if let list = root["needs"]?.arrayValue {
            if list.isEmpty { fail("needs: the call needs at least one need") }
            var seen: Set<String> = []
            for (i, item) in list.enumerated() {
                let field = "needs[\(i)]"
                guard let o = item.objectValue else { fail("\(field): expected an object, found \(quoted(item))"); continue }
                unknown(o, knownNeedFields, "\(field).")
                guard let needID = string(o["id"], "\(field).id", required: true) else { continue }
                if !seen.insert(needID).inserted { fail("\(field).id: \(quoted(.string(needID))) is used twice") }
                var need = CallNeed(id: needID, title: string(o["title"], "\(field).title"), text: string(o["text"], "\(field).text"),
                                    codes: strings(o["codes"], "\(field).codes"), keywords: strings(o["keywords"], "\(field).keywords"),
                                    required: bool(o["required"], "\(field).required") ?? false)
                if let w = o["weight"], !w.isNull {
                    if let d = w.doubleValue, d.isFinite, d >= 0 { need.weight = d }
                    else { fail("\(field).weight: expected a number ≥ 0, found \(quoted(w))") }
                }
                if need.title == nil && need.text == nil && need.codes.isEmpty && need.keywords.isEmpty {
                    fail("\(field): says nothing to match against; give a title, text, codes or keywords")
                }
                needs.append(need)
            }
            if !list.isEmpty && needs.count == list.count && needs.allSatisfy({ $0.weight == 0 }) {
                fail("needs: every weight is 0; at least one need must count")
            }
        } else {
            fail("needs: \(root["needs"] == nil ? "missing" : "expected a list of needs, found \(quoted(root["needs"]))")")
        }

        var rules = CallRules()
        if let r = root["rules"], !r.isNull {
            if let o = r.objectValue {
                unknown(o, knownRules, "rules.")
                let limit = largestConsortium
                rules.minPartners = int(o["minPartners"], "rules.minPartners", min: 1, max: limit) ?? rules.minPartners
                rules.maxPartners = int(o["maxPartners"], "rules.maxPartners", min: 1, max: limit) ?? max(rules.maxPartners, rules.minPartners)
                if rules.minPartners > rules.maxPartners {
                    fail("rules.minPartners: \(rules.minPartners) is more than rules.maxPartners (\(rules.maxPartners))")
                }
                rules.minCountries = int(o["minCountries"], "rules.minCountries", min: 0, max: limit) ?? 0
                rules.minFromMemberStates = int(o["minFromMemberStates"], "rules.minFromMemberStates", min: 0, max: limit) ?? 0
                switch o["eligibleCountries"] {
                case nil, .null?: break
                case .string("horizon-europe")?: rules.eligibleCountries = .horizonEurope
                case .array(let list)?:
                    var codes: Set<String> = []
                    for (i, item) in list.enumerated() {
                        if let s = item.stringValue, let code = CountryCode.normalise(s) { codes.insert(code) }
                        else { fail("rules.eligibleCountries[\(i)]: expected an ISO 3166-1 alpha-2 code such as DK, found \(quoted(item))") }
                    }
                    if list.isEmpty { fail("rules.eligibleCountries: an empty list admits no one; leave the rule out to admit every country") }
                    rules.eligibleCountries = .list(codes)
                case let other?:
                    fail("rules.eligibleCountries: expected a list of country codes or \"horizon-europe\", found \(quoted(other))")
                }
                if let k = o["kinds"], !k.isNull {
                    if let ko = k.objectValue {
                        for (name, spec) in ko {
                            let field = "rules.kinds.\(name)"
                            guard let kind = ParticipantKind(rawValue: name) else {
                                fail("\(field): unknown kind; use one of \(ParticipantKind.spellings)")
                                continue
                            }
                            guard let so = spec.objectValue else { fail("\(field): expected {\"min\": N}, found \(quoted(spec))"); continue }
                            unknown(so, ["min"], "\(field).")
                            if let min = int(so["min"], "\(field).min", min: 0, max: limit) { rules.kinds[kind] = min }
                        }
                    } else {
                        fail("rules.kinds: expected an object such as {\"company\": {\"min\": 1}}, found \(quoted(k))")
                    }
                }
                rules.excludeSameOrganisation = bool(o["excludeSameOrganisation"], "rules.excludeSameOrganisation") ?? false
                rules.exclude = Set(strings(o["exclude"], "rules.exclude"))
            } else {
                fail("rules: expected an object, found \(quoted(r))")
            }
        }
        if !issues.isEmpty { throw CallFileError(issues) }
        return Call(id: id, title: title, text: text, needs: needs, rules: rules)
    }
}
