import JSONSupport

extension Participant {
    /// The text fields that hold a C0 control character other than the white-space ones (tab,
    /// line feed, vertical tab, form feed, carriage return), or DEL: a NUL, a bell, or an
    /// escape that would recolour or rewrite the terminal that lists the participant. Names come from
    /// registration forms; such characters are never meant. Checked for every record that
    /// comes in (`import`, `participant.upsert`), not for stored ones, so a database written
    /// before the check still opens.
    /// - Returns: one issue per field, naming the first such character (personal fields masked).
    public func controlCharacterIssues() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        func check(_ field: String, _ text: String?, personal: Bool = false) {
            guard let text, let bad = text.unicodeScalars.first(where: Self.isForbiddenControl) else { return }
            issues.append(ValidationIssue(field: field, value: personal ? "\"***\"" : JSONValue.string(text).preview,
                                          reason: "contains the control character \(bad.codePointLabel); text may hold tabs and line breaks, no other control characters"))
        }
        check("name", name)
        check("organisation", organisation)
        check("region", region)
        check("description", description)
        for (i, c) in clusters.enumerated() { check("clusters[\(i)]", c) }
        for (i, k) in keywords.enumerated() { check("keywords[\(i)]", k) }
        for (i, c) in competences.enumerated() { check("competences[\(i)].code", c.code) }
        for (field, statements) in [("offers", offers), ("needs", needs)] {
            for (i, s) in statements.enumerated() {
                check("\(field)[\(i)].title", s.title)
                check("\(field)[\(i)].text", s.text)
                for (j, c) in s.codes.enumerated() { check("\(field)[\(i)].codes[\(j)]", c) }
                for (j, k) in s.keywords.enumerated() { check("\(field)[\(i)].keywords[\(j)]", k) }
            }
        }
        check("contact.person", contact?.person, personal: true)
        check("contact.email", contact?.email, personal: true)
        check("contact.phone", contact?.phone, personal: true)
        return issues
    }

    /// C0 control characters and DEL, except U+0009–U+000D. C1 characters (U+0080–U+009F)
    /// pass: real exports hold them where cp1252 text was read as Latin-1 (U+0092 for ’),
    /// and terminals reading UTF-8 do not act on them; tables print them on one line.
    static func isForbiddenControl(_ s: Unicode.Scalar) -> Bool {
        s.isControl(except: Unicode.Scalar.whiteSpaceControls)
    }
}
