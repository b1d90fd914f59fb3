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
public enum KindRule {
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

    /// Words of a label, lower case and accent-free, each preceded by a space: `" r d institute"`.
    static func wordText(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        let words = folded.split { !($0.isLetter || $0.isNumber) }
        return " " + words.joined(separator: " ") + " "
    }

    static func category(of text: String, among allowed: [Category]? = nil) -> Category? {
        let words = wordText(text)
        guard words.count > 2 else { return nil }
        for (category, patterns) in Self.words where allowed?.contains(category) ?? true {
            // a pattern matches at the start of a word: "universit" matches "university" and "universitet"
            if patterns.contains(where: { words.contains(" " + $0) }) { return category }
        }
        return nil
    }

    /// The kind for one row.
    public static func kind(explicit: String?, organisationType: String?, participationType: String?,
                            organisation: String?, isPerson: Bool, mapping: ColumnMapping) -> ParticipantKind {
        if let explicit, let kind = ParticipantKind(rawValue: explicit.lowercased()) { return kind }
        for label in [organisationType, participationType, explicit] {
            if let label, let kind = mapping.kinds[TextKey.of(label)] { return kind }
        }
        func kind(_ category: Category) -> ParticipantKind {
            switch category {
            case .cluster: return .cluster
            case .research: return isPerson ? .researcher : .knowledgeInstitution
            case .publicBody: return .publicBody
            case .company: return .company
            case .other: return .other
            }
        }
        if let participationType, wordText(participationType).contains(" researcher") { return .researcher }
        for label in [organisationType, participationType] {
            if let label, let c = category(of: label) { return kind(c) }
        }
        if let organisation {
            if let c = category(of: organisation, among: [.cluster, .research, .publicBody]) { return kind(c) }
            let words = wordText(organisation)
            if legalForms.contains(where: { words.hasSuffix(" \($0) ") || words.contains(" \($0) ") && $0.count > 2 }) { return .company }
        }
        return mapping.defaultKind ?? .company
    }
}
