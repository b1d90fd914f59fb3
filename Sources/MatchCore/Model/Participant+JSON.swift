import Foundation
import JSONSupport

extension Participant {
    /// Longest id accepted, in Unicode scalar values.
    public static let maxIDLength = 128

    /// Reads a participant from its canonical JSON object, checking every field.
    ///
    /// Unknown fields are ignored, except a misspelt known one (`Keywords`, `descripton`,
    /// `offer`): ignored, it would leave the participant without the data it meant to give,
    /// so it is a problem of the record (`FieldReader.misspelt`). All problems are collected,
    /// not just the first.
    /// - Returns: the participant, or the list of issues that prevent it.
    public static func decode(_ json: JSONValue) -> Result<Participant, ValidationFailure> {
        var reader = FieldReader()
        guard let object = json.objectValue else {
            return .failure(ValidationFailure(id: nil, issues: [
                ValidationIssue(field: "(record)", value: json.preview, reason: "expected a JSON object")
            ]))
        }
        reader.misspelt(object, known: .participant, path: "")
        let id = reader.id(object["id"])
        let kind = reader.kind(object["kind"])
        let name = reader.requiredText(object["name"], field: "name")
        let country = reader.country(object["country"])
        let organisation = reader.optionalText(object["organisation"], field: "organisation")
        let region = reader.optionalText(object["region"], field: "region")
        let employees = reader.employees(object["employees"])
        let clusters = reader.strings(object["clusters"], field: "clusters")
        let competences = reader.competences(object["competences"])
        let keywords = reader.strings(object["keywords"], field: "keywords")
        let description = reader.optionalText(object["description"], field: "description")
        let offers = reader.statements(object["offers"], field: "offers")
        let needs = reader.statements(object["needs"], field: "needs")
        let vector = reader.vector(object["vector"])
        let contact = reader.contact(object["contact"])
        let source = reader.source(object["source"])
        let attributes = reader.attributes(object["attributes"])
        let optOut = reader.flag(object["optOut"], field: "optOut")

        guard reader.issues.isEmpty, let id, let kind, let name, let country else {
            return .failure(ValidationFailure(id: id ?? object["id"]?.stringValue, issues: reader.issues))
        }
        return .success(Participant(
            id: id, kind: kind, name: name, country: country, organisation: organisation,
            region: region, employees: employees, clusters: clusters, competences: competences,
            keywords: keywords, description: description, offers: offers, needs: needs,
            vector: vector, contact: contact, source: source, attributes: attributes, optOut: optOut))
    }

    /// The top-level fields of the canonical format.
    public static var canonicalFields: Set<String> { KnownFields.participant.names }

    /// The canonical JSON object, fields in the documented order, absent and empty ones left out.
    public var json: JSONValue {
        var o = JSONObject()
        o["id"] = .string(id)
        o["kind"] = .string(kind.rawValue)
        o["name"] = .string(name)
        o["country"] = .string(country)
        if let organisation { o["organisation"] = .string(organisation) }
        if let region { o["region"] = .string(region) }
        if let employees { o["employees"] = .int(Int64(employees)) }
        if !clusters.isEmpty { o["clusters"] = .array(clusters.map { .string($0) }) }
        if !competences.isEmpty {
            o["competences"] = .array(competences.map {
                .object(JSONObject([("code", .string($0.code)), ("weight", .double($0.weight))]))
            })
        }
        if !keywords.isEmpty { o["keywords"] = .array(keywords.map { .string($0) }) }
        if let description { o["description"] = .string(description) }
        if !offers.isEmpty { o["offers"] = .array(offers.map(\.json)) }
        if !needs.isEmpty { o["needs"] = .array(needs.map(\.json)) }
        if let vector { o["vector"] = .array(vector.map { .double($0) }) }
        if let contact, !contact.isEmpty {
            var c = JSONObject()
            if let v = contact.person { c["person"] = .string(v) }
            if let v = contact.email { c["email"] = .string(v) }
            if let v = contact.phone { c["phone"] = .string(v) }
            o["contact"] = .object(c)
        }
        if let source, !source.isEmpty {
            var s = JSONObject()
            if let v = source.format { s["format"] = .string(v) }
            if let v = source.file { s["file"] = .string(v) }
            if let v = source.reference { s["reference"] = .string(v) }
            o["source"] = .object(s)
        }
        if let attributes { o["attributes"] = .object(attributes) }
        if optOut { o["optOut"] = .bool(true) }
        return .object(o)
    }
}

extension Statement {
    /// The canonical JSON object of an offer or need.
    public var json: JSONValue {
        var o = JSONObject()
        if let title { o["title"] = .string(title) }
        if let text { o["text"] = .string(text) }
        if !codes.isEmpty { o["codes"] = .array(codes.map { .string($0) }) }
        if !keywords.isEmpty { o["keywords"] = .array(keywords.map { .string($0) }) }
        return .object(o)
    }
}

/// Why a record could not be read as a participant.
public struct ValidationFailure: Error, Sendable, Hashable {
    public var id: String?
    public var issues: [ValidationIssue]

    public init(id: String?, issues: [ValidationIssue]) {
        self.id = id
        self.issues = issues
    }
}

extension JSONValue {
    /// A short rendering of a value for error messages (at most 60 characters).
    public var preview: String {
        let text = serialized()
        return text.count > 60 ? String(text.prefix(57)) + "..." : text
    }
}

/// Reads fields of one record and collects every issue found.
private struct FieldReader {
    var issues: [ValidationIssue] = []

    mutating func fail(_ field: String, _ value: JSONValue?, _ reason: String, personal: Bool = false) {
        let shown = value.map { personal ? "\"***\"" : $0.preview }
        issues.append(ValidationIssue(field: field, value: shown, reason: reason))
    }

    /// Notes the fields of `object` that are a known field misspelt: the same name but for
    /// case, `_` or `-` (`Keywords`, `opt_out`, `e-mail`); and for the fields that carry a
    /// profile's content (`editable`), where an ignored misspelling silently empties the
    /// profile, also one letter added or dropped or two neighbours swapped (`keyword`,
    /// `offer`, `descripton`), or in a name of eight letters or more one letter changed
    /// (`organization`). Other unknown fields stay ignored (`website`, `sector`, `contract`).
    /// - Complexity: one set lookup per field when every field is known (stored documents).
    mutating func misspelt(_ object: JSONObject, known: KnownFields, path: String) {
        for key in object.keys where !known.names.contains(key) {
            let k = key.foldedName
            guard let meant = known.folded[k]
                ?? known.editable.first(where: { Self.oneEditApart(Array(k), $0.folded, substitution: $0.folded.count >= 8) })?.name
            else { continue }
            issues.append(ValidationIssue(field: path + key, value: nil,
                                          reason: "is not a field; did you mean \(path + meant)? (unknown fields are ignored, a misspelt one is refused)"))
        }
    }

    /// One insertion, one deletion, a swap of two neighbours or (with `substitution`) one
    /// changed letter turns `a` into `b`.
    static func oneEditApart(_ a: [Character], _ b: [Character], substitution: Bool) -> Bool {
        if a == b || abs(a.count - b.count) > 1 { return false }
        var i = 0
        while i < min(a.count, b.count) && a[i] == b[i] { i += 1 }
        if a.count != b.count { return a.count < b.count ? a[i...] == b[(i + 1)...] : a[(i + 1)...] == b[i...] }
        if i + 1 < a.count && a[i] == b[i + 1] && a[i + 1] == b[i] && a[(i + 2)...] == b[(i + 2)...] { return true }
        return substitution && a[(i + 1)...] == b[(i + 1)...]
    }

    mutating func id(_ value: JSONValue?) -> String? {
        guard let value else { fail("id", nil, "is required"); return nil }
        guard let raw = value.stringValue else { fail("id", value, "must be a string"); return nil }
        let id = raw.precomposedStringWithCanonicalMapping
        let length = id.unicodeScalars.count
        if length == 0 || length > Participant.maxIDLength {
            fail("id", value, "must be 1 to \(Participant.maxIDLength) characters long (is \(length))")
            return nil
        }
        if id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            fail("id", value, "must not contain control characters")
            return nil
        }
        return id
    }

    mutating func kind(_ value: JSONValue?) -> ParticipantKind? {
        guard let value else { fail("kind", nil, "is required (one of \(ParticipantKind.spellings))"); return nil }
        guard let raw = value.stringValue, let kind = ParticipantKind(rawValue: raw) else {
            fail("kind", value, "unknown kind; use one of \(ParticipantKind.spellings)")
            return nil
        }
        return kind
    }

    mutating func requiredText(_ value: JSONValue?, field: String) -> String? {
        guard let value else { fail(field, nil, "is required"); return nil }
        guard let text = value.stringValue else { fail(field, value, "must be a string"); return nil }
        if text.allSatisfy(\.isWhitespace) { fail(field, value, "must not be empty"); return nil }
        return text
    }

    mutating func optionalText(_ value: JSONValue?, field: String, personal: Bool = false) -> String? {
        guard let value, !value.isNull else { return nil }
        guard let text = value.stringValue else {
            fail(field, value, "must be a string", personal: personal)
            return nil
        }
        return text
    }

    mutating func country(_ value: JSONValue?) -> String? {
        guard let value else { fail("country", nil, "is required (ISO 3166-1 alpha-2, e.g. DK)"); return nil }
        guard let raw = value.stringValue, let code = CountryCode.normalise(raw) else {
            fail("country", value, "not an ISO 3166-1 alpha-2 country code (e.g. DK, SE, DE)")
            return nil
        }
        return code
    }

    mutating func employees(_ value: JSONValue?) -> Int? {
        guard let value, !value.isNull else { return nil }
        guard let n = value.intValue, n >= 0, n <= 10_000_000 else {
            fail("employees", value, "must be a whole number from 0 to 10000000")
            return nil
        }
        return Int(n)
    }

    mutating func strings(_ value: JSONValue?, field: String) -> [String] {
        guard let value, !value.isNull else { return [] }
        guard let array = value.arrayValue else { fail(field, value, "must be an array of strings"); return [] }
        var result: [String] = []
        for (i, element) in array.enumerated() {
            guard let text = element.stringValue else {
                fail("\(field)[\(i)]", element, "must be a string")
                continue
            }
            if text.allSatisfy(\.isWhitespace) {
                fail("\(field)[\(i)]", element, "must not be empty")
                continue
            }
            result.append(text)
        }
        return result
    }

    mutating func competences(_ value: JSONValue?) -> [Competence] {
        guard let value, !value.isNull else { return [] }
        guard let array = value.arrayValue else {
            fail("competences", value, "must be an array of {\"code\": …, \"weight\": …}")
            return []
        }
        var result: [Competence] = []
        for (i, element) in array.enumerated() {
            let field = "competences[\(i)]"
            if let code = element.stringValue {  // a bare code string is read as weight 1
                result.append(Competence(code: code))
                continue
            }
            guard let object = element.objectValue else {
                fail(field, element, "must be an object with a code and a weight")
                continue
            }
            misspelt(object, known: .competence, path: field + ".")
            guard let code = object["code"]?.stringValue, !code.isEmpty else {
                fail("\(field).code", object["code"], object["code"] == nil ? "is required" : "must be a non-empty string (codes are strings: \"03007\")")
                continue
            }
            var weight = 1.0
            if let w = object["weight"], !w.isNull {
                guard let d = w.doubleValue, d.isFinite, d > 0, d <= 1_000 else {
                    fail("\(field).weight", w, "must be a number greater than 0 (at most 1000)")
                    continue
                }
                weight = d
            }
            result.append(Competence(code: code, weight: weight))
        }
        return result
    }

    mutating func statements(_ value: JSONValue?, field: String) -> [Statement] {
        guard let value, !value.isNull else { return [] }
        guard let array = value.arrayValue else {
            fail(field, value, "must be an array of {\"title\", \"text\", \"codes\", \"keywords\"}")
            return []
        }
        var result: [Statement] = []
        for (i, element) in array.enumerated() {
            let path = "\(field)[\(i)]"
            guard let object = element.objectValue else {
                fail(path, element, "must be an object")
                continue
            }
            misspelt(object, known: .statement, path: path + ".")
            let statement = Statement(
                title: optionalText(object["title"], field: "\(path).title"),
                text: optionalText(object["text"], field: "\(path).text"),
                codes: strings(object["codes"], field: "\(path).codes"),
                keywords: strings(object["keywords"], field: "\(path).keywords"))
            if statement.title == nil && statement.text == nil && statement.codes.isEmpty && statement.keywords.isEmpty {
                fail(path, element, "says nothing: give a title, text, codes or keywords")
                continue
            }
            result.append(statement)
        }
        return result
    }

    mutating func vector(_ value: JSONValue?) -> [Double]? {
        guard let value, !value.isNull else { return nil }
        guard let array = value.arrayValue, !array.isEmpty else {
            fail("vector", value, "must be a non-empty array of numbers")
            return nil
        }
        var result: [Double] = []
        result.reserveCapacity(array.count)
        for (i, element) in array.enumerated() {
            guard let d = element.doubleValue, d.isFinite, abs(d) <= Double(Float.greatestFiniteMagnitude) else {
                fail("vector[\(i)]", element, "must be a finite number")
                return nil
            }
            result.append(d)
        }
        return result
    }

    mutating func contact(_ value: JSONValue?) -> Contact? {
        guard let value, !value.isNull else { return nil }
        guard let object = value.objectValue else { fail("contact", value, "must be an object", personal: true); return nil }
        misspelt(object, known: .contact, path: "contact.")
        return Contact(
            person: optionalText(object["person"], field: "contact.person", personal: true),
            email: optionalText(object["email"], field: "contact.email", personal: true),
            phone: optionalText(object["phone"], field: "contact.phone", personal: true))
    }

    mutating func source(_ value: JSONValue?) -> RecordSource? {
        guard let value, !value.isNull else { return nil }
        guard let object = value.objectValue else { fail("source", value, "must be an object"); return nil }
        return RecordSource(
            format: optionalText(object["format"], field: "source.format"),
            file: optionalText(object["file"], field: "source.file"),
            reference: optionalText(object["reference"], field: "source.reference"))
    }

    mutating func flag(_ value: JSONValue?, field: String) -> Bool {
        guard let value, !value.isNull else { return false }
        guard let b = value.boolValue else { fail(field, value, "must be true or false"); return false }
        return b
    }

    mutating func attributes(_ value: JSONValue?) -> JSONObject? {
        guard let value, !value.isNull else { return nil }
        guard let object = value.objectValue else { fail("attributes", value, "must be an object"); return nil }
        return object
    }
}

/// The fields of one object of the canonical format, for spotting misspelt ones
/// (`FieldReader.misspelt`), folded once.
private struct KnownFields: Sendable {
    let names: Set<String>
    /// Folded name (lower case, no `_` or `-`) → the field.
    let folded: [String: String]
    /// The fields whose misspelling by one letter is refused too.
    let editable: [(name: String, folded: [Character])]

    init(_ names: [String], editable: [String]) {
        self.names = Set(names)
        folded = Dictionary(uniqueKeysWithValues: names.map { ($0.foldedName, $0) })
        self.editable = editable.map { ($0, Array($0.foldedName)) }
    }

    static let participant = KnownFields(
        ["id", "kind", "name", "country", "organisation", "region", "employees", "clusters", "competences", "keywords",
         "description", "offers", "needs", "vector", "contact", "source", "attributes", "optOut"],
        editable: ["organisation", "competences", "keywords", "description", "offers", "needs"])
    static let statement = KnownFields(["title", "text", "codes", "keywords"], editable: ["codes", "keywords"])
    static let contact = KnownFields(["person", "email", "phone"], editable: [])
    static let competence = KnownFields(["code", "weight"], editable: [])
}
