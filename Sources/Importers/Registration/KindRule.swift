import Foundation
import MatchCore

/// The documented rule that turns a registration row into a participant kind.
///
/// In order, the first that gives an answer:
/// 1. a `kind` column holding a canonical kind (`company`, `researcher`, …);
/// 2. the mapping file's `kinds`, looked up with the organisation type, then the participation type;
/// 3. the organisation type, then the participation type, then the organisation name, matched
///    against word lists in this order: cluster → research → public → company → other
///    (the organisation name only against cluster, research and public words and company
///    legal forms such as GmbH, ApS, Ltd);
/// 4. the mapping file's default kind, else `company`.
///
/// "Research" gives `researcher` for a row about a person (it has a first, last or full
/// name, or an e-mail) and `knowledge-institution` for a row about an organisation.
package enum KindRule {
    enum Category { case cluster, research, publicBody, company, other }

    static let words: [(Category, [String])] = [
        (.cluster, ["cluster"]),
        (.research, ["universit", "research", "researcher", "academ", "r d", "rto", "institut", "higher education", "hochschule",
                     "college", "laborator", "scientist", "phd", "professor", "science", "polytechnic", "fraunhofer", "cnrs", "tno", "sintef"]),
        (.publicBody, ["public", "government", "authority", "authorities", "municipal", "ministry", "council", "county", "kommune",
                       "region", "regional development", "development agency", "innovation agency", "city of", "state agency"]),
        (.company, ["company", "companies", "sme", "smes", "startup", "start up", "scale up", "enterprise", "corporat", "industry",
                    "industrial", "business", "firm", "private", "large", "micro", "manufactur", "consult", "exhibitor"]),
        (.other, ["association", "ngo", "non profit", "nonprofit", "foundation", "investor", "chamber", "federation", "other",
                  "network", "media", "press", "individual"]),
    ]

    static let legalForms = ["gmbh", "aps", "a s", "as", "ab", "ltd", "limited", "inc", "ag", "oy", "oyj", "bv", "nv", "srl", "sarl",
                             "sas", "sa", "spa", "llc", "plc", "kg", "ug", "sp z o o", "s r o", "d o o", "kft", "ou", "uab", "sia"]

    /// Words of a label, lower case and accent-free: `"R&D Institute"` → `["r", "d", "institute"]`.
    static func words(_ text: String) -> [Substring] {
        let folded = text.utf8.allSatisfy({ $0 < 0x80 }) ? text.lowercased() : text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        return folded.split { !($0.isLetter || $0.isNumber) }
    }

    /// The word lists split into words once.
    static let patternWords: [(Category, [[Substring]])] = words.map { category, patterns in
        (category, patterns.map { $0.split(separator: " ") })
    }

    /// Whether `pattern` occurs in `words`: all its words equal, the last one as a prefix
    /// (`universit` matches `universitet`; `r d` matches `r&d`).
    static func matches(_ pattern: [Substring], in words: [Substring]) -> Bool {
        guard let last = pattern.last, words.count >= pattern.count else { return false }
        let k = pattern.count - 1
        for i in 0...(words.count - pattern.count) {
            var ok = true
            for j in 0..<k where words[i + j] != pattern[j] { ok = false; break }
            if ok && words[i + k].hasPrefix(last) { return true }
        }
        return false
    }

    static func category(of text: String, among allowed: [Category]? = nil) -> Category? {
        let words = words(text)
        guard !words.isEmpty else { return nil }
        for (category, patterns) in patternWords where allowed?.contains(category) ?? true {
            if patterns.contains(where: { matches($0, in: words) }) { return category }
        }
        return nil
    }

    /// The kind for one row.
    package static func kind(explicit: String?, organisationType: String?, participationType: String?,
                            organisation: String?, isPerson: Bool, mapping: ColumnMapping) -> ParticipantKind {
        fromLabels(explicit: explicit, organisationType: organisationType, participationType: participationType, isPerson: isPerson, mapping: mapping)
            ?? organisation.flatMap { fromOrganisation($0, isPerson: isPerson) }
            ?? mapping.defaultKind ?? .company
    }

    static func kind(_ category: Category, isPerson: Bool) -> ParticipantKind {
        switch category {
        case .cluster: return .cluster
        case .research: return isPerson ? .researcher : .knowledgeInstitution
        case .publicBody: return .publicBody
        case .company: return .company
        case .other: return .other
        }
    }

    /// Steps 1 to 4: the kind, mapping, participation and organisation type columns.
    static func fromLabels(explicit: String?, organisationType: String?, participationType: String?,
                           isPerson: Bool, mapping: ColumnMapping) -> ParticipantKind? {
        if let explicit, let kind = ParticipantKind(rawValue: explicit.lowercased()) { return kind }
        for label in [organisationType, participationType, explicit] {
            if let label, let kind = mapping.kinds[TextKey.of(label)] { return kind }
        }
        if let participationType, words(participationType).contains("researcher") { return .researcher }
        for label in [organisationType, participationType] {
            if let label, let c = category(of: label) { return kind(c, isPerson: isPerson) }
        }
        return nil
    }

    /// Step 5: the organisation's name.
    static func fromOrganisation(_ organisation: String, isPerson: Bool) -> ParticipantKind? {
        if let c = category(of: organisation, among: [.cluster, .research, .publicBody]) { return kind(c, isPerson: isPerson) }
        // a legal form as whole words: at the end of the name, or anywhere when longer than two letters
        let words = words(organisation)
        for form in legalForms {
            let p = form.split(separator: " ")
            if words.count >= p.count && Array(words.suffix(p.count)) == p { return .company }
            if form.count > 2 && p.count == 1 && words.contains(p[0]) { return .company }
        }
        return nil
    }
}
