import MatchCore

extension EENProfile {
    /// A value that says something: trimmed, not empty and not the service's `"N/A"`
    /// (which it writes for every field it does not publish). nil otherwise.
    package static func present(_ raw: String?) -> String? {
        guard let raw else { return nil }
        let text = TextKey.trimmed(raw)
        if text.isEmpty || isNotAvailable(text) { return nil }
        return text
    }

    /// `N/A`, `n/a`, `N.A.` (any case): the partner web service's placeholder.
    static func isNotAvailable(_ text: String) -> Bool {
        text.count <= 4 && ["n/a", "n.a.", "n.a"].contains(text.lowercased())
    }

    /// True for the service's *limited* answer: no substantive content at all, only
    /// identity (reference, type, country) and status (status, dates, openForEOI). The
    /// service returns that shape for profiles it does not publish in full.
    package var isLimited: Bool {
        let texts = [title, summary, description, advantages, expertiseSought, stageOfDevelopment, ipr, partnerRole, partnerArea]
        return texts.allSatisfy { Self.present($0) == nil }
            && (technologies + markets + naces + sdgs).allSatisfy { Self.present($0.code) == nil && Self.present($0.label) == nil }
            && typesOfPartnership.isEmpty
    }
}

/// The UN Sustainable Development Goals as EEN profiles name them
/// (`{"name": "GOAL 7: Affordable and Clean Energy"}`, `SDG 7`, `7`), matched to the terms
/// of the `sdg` taxonomy (`clustermatch taxonomy import taxonomy-sdg.csv`) by goal number or label.
package enum SDGGoals {
    /// The goal number in `GOAL 7: …`, `SDG 7`, `Goal 07`, `7`, `7. Affordable …`; nil when none.
    package static func number(in text: String) -> Int? {
        var rest = Substring(TextKey.trimmed(text).lowercased())
        for prefix in ["goal", "sdg"] where rest.hasPrefix(prefix) { rest = rest.dropFirst(prefix.count) }
        rest = rest.drop { $0 == " " || $0 == "-" || $0 == "#" }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 2, let n = Int(digits), (1...17).contains(n) else { return nil }
        let after = rest.dropFirst(digits.count).first
        guard after == nil || [":", ".", " ", ")", "-"].contains(after!) else { return nil }
        return n
    }

    /// The label without its `GOAL n:` prefix, as a comparison key.
    static func labelKey(_ text: String) -> String {
        let trimmed = TextKey.trimmed(text)
        guard number(in: trimmed) != nil, let colon = trimmed.firstIndex(where: { $0 == ":" || $0 == "." }) else { return TextKey.of(trimmed) }
        return TextKey.of(String(trimmed[trimmed.index(after: colon)...]))
    }

    /// The `sdg` taxonomy's codes by goal number and by label, built once per import.
    package struct Index: Sendable {
        var byNumber: [Int: String] = [:]
        var byLabel: [String: String] = [:]
        package var isEmpty: Bool { byNumber.isEmpty && byLabel.isEmpty }

        package init(_ taxonomy: Taxonomy) {
            for t in taxonomy.terms(inNamespace: "sdg") {
                if let n = SDGGoals.number(in: t.label), byNumber[n] == nil { byNumber[n] = t.qualifiedCode }
                byLabel[SDGGoals.labelKey(t.label)] = t.qualifiedCode
            }
        }

        /// Turns the SDG keywords of an EEN participant (`attributes.een.sdgKeywords`) into
        /// codes of the loaded `sdg` taxonomy: the code joins the competences and the offer or
        /// need, the keyword leaves them. Goals that match no term stay keywords; without an
        /// `sdg` taxonomy nothing changes.
        /// - Returns: how many goals became codes.
        @discardableResult
        package func resolve(_ p: inout Participant) -> Int {
            guard !isEmpty, case .array(let names)? = p.attributes?["een"]?["sdgKeywords"] else { return 0 }
            var resolved = 0
            for name in names.compactMap(\.stringValue) {
                guard let code = SDGGoals.number(in: name).flatMap({ byNumber[$0] }) ?? byLabel[SDGGoals.labelKey(name)] else { continue }
                resolved += 1
                p.keywords.removeAll { $0 == name }
                if !p.competences.contains(where: { $0.code == code }) { p.competences.append(Competence(code: code)) }
                for i in p.offers.indices {
                    p.offers[i].keywords.removeAll { $0 == name }
                    if !p.offers[i].codes.contains(code) { p.offers[i].codes.append(code) }
                }
                for i in p.needs.indices {
                    p.needs[i].keywords.removeAll { $0 == name }
                    if !p.needs[i].codes.contains(code) { p.needs[i].codes.append(code) }
                }
            }
            return resolved
        }
    }
}
