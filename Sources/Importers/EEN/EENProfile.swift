import Foundation
import JSONSupport
import MatchCore

/// One EEN partnering opportunity as read from either export shape, before validation.
package struct EENProfile: Sendable, Hashable {
    package struct Keyword: Sendable, Hashable {
        package var code: String?
        package var label: String?
    }

    package var line: Int
    package var reference: String?
    /// A code or label, as given.
    package var type: String?
    package var title: String?
    package var summary: String?
    package var description: String?
    package var advantages: String?
    package var expertiseSought: String?
    package var stageOfDevelopment: String?
    package var ipr: String?
    package var partnerRole: String?
    package var partnerArea: String?
    /// The country of the organisation behind the profile (code or name).
    package var country: String?
    package var organisationType: String?
    package var technologies: [Keyword] = []
    package var markets: [Keyword] = []
    package var naces: [Keyword] = []
    /// Sustainable Development Goals, as the service names them (`{"name": "GOAL 7: Affordable and Clean Energy"}`).
    package var sdgs: [Keyword] = []
    package var typesOfPartnership: [String] = []
    package var typesAndSizes: [String] = []
    /// Countries the profile looks for partners in (codes or names, as given).
    package var targetedCountries: [String] = []
    package var submitted: String?
    package var updated: String?
    /// The service's `created` and `lastModified` moments, as given (kept in `attributes.een`).
    package var created: String?
    package var lastModified: String?
    package var published: String?
    /// The deadline (XML) or expiration date (JSON).
    package var expires: String?
    package var status: String?
    /// False when a published profile no longer takes expressions of interest; nil when not said.
    package var openForEOI: Bool?
    package var publicURL: String?

    package init(line: Int) { self.line = line }
}

/// Turns EEN profiles into participants; shared by the XML and JSON readers.
///
/// - id: the reference (upper case); kind `company` (`knowledge-institution` when the
///   organisation type says university or research);
/// - name: the title; country: the organisation's country, else the reference's;
///   description: the summary;
/// - Business/Technology Offers → one offer, Business/Technology Requests and R&D Requests
///   → one need, with the title, the texts (description, advantages, expertise sought),
///   the keyword codes (`een-tech:`, `een-market:`, `nace:`) and their labels as keywords;
///   the codes are also the competences;
/// - source: format, file, reference; attributes.een: reference, type, status, dates
///   (also `created`, `lastModified` as given), stage of development, IPR, partner sought,
///   types of partnership, targeted countries (ISO codes), SDG keywords, `publicURL`,
///   `openForEOI`, `expired` and `limited` (see `isMatchable`);
/// - `"N/A"`, empty and `null` are absent values, never text (`EENProfile.present`);
/// - a *limited* record (the service's answer for an unpublished profile: identity and
///   status only, `EENProfile.isLimited`) is kept with its reference as name and no
///   content, flagged `limited`, and never matched until a later import brings content.
package enum EENProfiles {
    /// Statuses that mean a profile is no longer open.
    static let closedStatuses: Set<String> = ["expired", "closed", "inactive", "archived", "deleted", "withdrawn", "cancelled", "canceled", "unpublished"]

    /// Validates profiles and converts them, rejecting invalid ones and repeated references.
    /// - Parameter asOf: `YYYY-MM-DD`; a profile whose deadline is before it is expired.
    /// - Parameter fieldNames: how the format names the fields in messages (`title` → `content/title`).
    package static func participants(_ profiles: [EENProfile], file: String, format: String, asOf: String,
                                    fieldNames: [String: String] = [:]) -> ParticipantFileContents {
        let sourceFile = URL(fileURLWithPath: file).lastPathComponent
        var records: [ParticipantRecord] = []
        var rejected: [RejectedRecord] = []
        var firstLine: [String: Int] = [:]
        var expired = 0, closed = 0, limited = 0, unknownCountries: Set<String> = []
        for profile in profiles {
            switch participant(profile, sourceFile: sourceFile, format: format, asOf: asOf) {
            case .success(let p):
                if let first = firstLine[p.id] {
                    rejected.append(RejectedRecord(file: file, line: profile.line, id: p.id, issues: [
                        ValidationIssue(field: "reference", value: JSONValue.string(p.id).serialized(),
                                        reason: "duplicate reference: the same profile is on line \(first)")]))
                    continue
                }
                firstLine[p.id] = profile.line
                let een = p.attributes?["een"]
                if een?["limited"]?.boolValue == true { limited += 1 }
                else if een?["expired"]?.boolValue == true { expired += 1 }
                else if een?["openForEOI"]?.boolValue == false { closed += 1 }
                unknownCountries.formUnion(profile.targetedCountries.filter { CountryNames.code(for: $0) == nil })
                records.append(ParticipantRecord(participant: p, file: file, line: profile.line))
            case .failure(let failure):
                let issues = failure.issues.map { issue in
                    var renamed = issue
                    renamed.field = fieldNames[issue.field] ?? issue.field
                    return renamed
                }
                rejected.append(RejectedRecord(file: file, line: profile.line, id: failure.id, issues: issues))
            }
        }
        var notes: [String] = []
        if expired > 0 {
            notes.append("\(expired) expired profile\(expired == 1 ? "" : "s") kept but left out of matching (attributes.een.expired)")
        }
        if limited > 0 {
            notes.append("\(limited) limited profile\(limited == 1 ? "" : "s") (reference and status only) kept but left out of matching until an import brings their content (attributes.een.limited)")
        }
        if closed > 0 {
            notes.append("\(closed) profile\(closed == 1 ? "" : "s") closed for expressions of interest kept but left out of matching (attributes.een.openForEOI false)")
        }
        if !unknownCountries.isEmpty {
            notes.append("targeted countries that are no country were left out: \(unknownCountries.sorted().map { JSONValue.string($0).serialized() }.joined(separator: ", "))")
        }
        return ParticipantFileContents(file: file, records: records, rejected: rejected, notes: notes)
    }

    static func participant(_ e: EENProfile, sourceFile: String, format: String, asOf: String) -> Result<Participant, ValidationFailure> {
        var issues: [ValidationIssue] = []
        var reference: EENReference?
        if let raw = e.reference?.trimmingSpaces, !raw.isEmpty {
            switch EENReference.parse(raw) {
            case .success(let r): reference = r
            case .failure(let error): issues.append(error.issue)
            }
        } else {
            issues.append(ValidationIssue(field: "reference", value: nil, reason: "is required"))
        }
        var type = reference?.type
        if let raw = e.type?.trimmingSpaces, !raw.isEmpty {
            if let t = EENProfileType(codeOrLabel: raw) {
                if let r = reference, r.type != t {
                    issues.append(ValidationIssue(field: "profileType", value: JSONValue.string(raw).serialized(),
                                                  reason: "says \(t.rawValue) but the reference \(r.text) says \(r.type.rawValue)"))
                }
                type = t
            } else {
                issues.append(ValidationIssue(field: "profileType", value: JSONValue.string(raw).serialized(),
                                              reason: "unknown profile type; use BO, BR, TO, TR or RDR (or Business Offer … R&D Request)"))
            }
        }
        let limited = e.isLimited
        // A limited record has no title: its reference names it.
        let title = EENProfile.present(e.title.map(plainText)) ?? (limited ? reference?.text : nil)
        if title == nil { issues.append(ValidationIssue(field: "title", value: nil, reason: "is required")) }

        var country = reference?.country
        if let raw = e.country?.trimmingSpaces, !raw.isEmpty {
            if let c = CountryNames.code(for: raw) { country = c }
            else { issues.append(ValidationIssue(field: "country", value: JSONValue.string(raw).serialized(), reason: "is not a country code or name")) }
        }
        if country == nil && reference != nil { issues.append(ValidationIssue(field: "country", value: nil, reason: "is required")) }

        var dates: [(String, String)] = []
        for (field, raw) in [("submitted", e.submitted ?? e.created), ("updated", e.updated ?? e.lastModified), ("published", e.published), ("expires", e.expires)] {
            guard let raw = raw?.trimmingSpaces, !raw.isEmpty else { continue }
            guard let date = EENDate.normalise(raw) else {
                issues.append(ValidationIssue(field: field, value: JSONValue.string(raw).serialized(), reason: "is not a date (YYYY-MM-DD)"))
                continue
            }
            dates.append((field, date))
        }
        guard issues.isEmpty, let reference, let type, let title, let country else {
            return .failure(ValidationFailure(id: reference?.text ?? e.reference, issues: issues))
        }

        // Codes carry their taxonomy's namespace, so technology 01 and market 01 never collide.
        var codes: [String] = []
        var labels: [String] = []
        // SDG goals are keywords here; `SDGGoals.resolve` turns them into codes of the `sdg`
        // taxonomy at import when it is loaded.
        let sdgs = e.sdgs.map { k in EENProfile.Keyword(code: nil, label: k.label ?? k.code.map { "SDG \($0)" }) }
        for (namespace, keywords) in [("een-tech", e.technologies), ("een-market", e.markets), ("nace", e.naces), ("sdg", sdgs)] {
            for k in keywords {
                if let code = k.code?.trimmingSpaces, !code.isEmpty {
                    let q = code.contains(":") ? code : "\(namespace):\(code)"
                    if !codes.contains(q) { codes.append(q) }
                }
                if let label = k.label?.trimmingSpaces, !label.isEmpty, !labels.contains(label) { labels.append(label) }
            }
        }
        let summary = EENProfile.present(e.summary.map(plainText))
        // What a request seeks belongs to the need; the partner an offer seeks is kept in attributes.
        let texts = [e.description, e.advantages, type.isOffer ? nil : e.expertiseSought].compactMap { EENProfile.present($0.map(plainText)) }
        let statement = Statement(title: title, text: texts.isEmpty ? summary : texts.joined(separator: "\n\n"), codes: codes, keywords: labels)

        let status = e.status?.trimmingSpaces
        let expiresDate = dates.first { $0.0 == "expires" }?.1
        let isExpired = (status.map { closedStatuses.contains($0.lowercased()) } ?? false) || (expiresDate.map { $0 < asOf } ?? false)

        var een = JSONObject()
        een["reference"] = .string(reference.text)
        een["type"] = .string(type.rawValue)
        if let status, !status.isEmpty { een["status"] = .string(status) }
        for (field, date) in dates { een[field] = .string(date) }
        for (key, value) in [("created", e.created), ("lastModified", e.lastModified), ("publicURL", e.publicURL)] {
            if let v = EENProfile.present(value) { een[key] = .string(v) }
        }
        for (key, value) in [("stageOfDevelopment", e.stageOfDevelopment), ("ipr", e.ipr), ("partnerRole", e.partnerRole), ("partnerArea", e.partnerArea),
                                 ("partnerSought", type.isOffer ? e.expertiseSought : nil)] {
            if let v = EENProfile.present(value.map(plainText)) { een[key] = .string(v) }
        }
        if !e.typesOfPartnership.isEmpty { een["typesOfPartnership"] = .array(e.typesOfPartnership.map { .string($0) }) }
        if !e.typesAndSizes.isEmpty { een["typesAndSizes"] = .array(e.typesAndSizes.map { .string($0) }) }
        let targeted = e.targetedCountries.compactMap(CountryNames.code(for:)).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        if !targeted.isEmpty { een["targetedCountries"] = .array(targeted.map { .string($0) }) }
        if !sdgs.isEmpty { een["sdgKeywords"] = .array(sdgs.compactMap { $0.label.map { .string($0) } }) }
        if let open = e.openForEOI { een["openForEOI"] = .bool(open) }
        een["expired"] = .bool(isExpired)
        if limited { een["limited"] = .bool(true) }

        var kind = ParticipantKind.company
        if let t = e.organisationType, KindRule.category(of: t) == .research { kind = .knowledgeInstitution }
        return .success(Participant(
            id: reference.text, kind: kind, name: title, country: country,
            competences: codes.map { Competence(code: $0) }, keywords: labels, description: summary,
            offers: limited || !type.isOffer ? [] : [statement], needs: limited || type.isOffer ? [] : [statement],
            source: RecordSource(format: format, file: sourceFile, reference: reference.text),
            attributes: ["een": .object(een)]))
    }

    /// Text without HTML tags and with the common entities decoded (EEN texts often hold HTML).
    static func plainText(_ raw: String) -> String {
        guard raw.contains("<") || raw.contains("&") else { return TextKey.trimmed(raw) }
        var out = ""
        var inTag = false
        var tagName = ""
        for c in raw {
            if inTag {
                if c == ">" {
                    inTag = false
                    let name = tagName.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "/ "))
                    if ["p", "br", "li", "div", "ul", "ol", "h1", "h2", "h3", "h4", "tr"].contains(where: { name.hasPrefix($0) && (name.count == $0.count || name.dropFirst($0.count).first == " ") }) {
                        if !out.hasSuffix("\n") && !out.isEmpty { out.append("\n") }
                    }
                } else { tagName.append(c) }
            } else if c == "<" {
                inTag = true
                tagName = ""
            } else {
                out.append(c)
            }
        }
        return TextKey.trimmed(out.contains("&") ? decodeEntities(out) : out)
    }

    /// Decodes the HTML entities EEN texts use (`&amp;` `&nbsp;` `&#39;` `&#x2019;` …) in one pass.
    static func decodeEntities(_ text: String) -> String {
        let named: [Substring: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ",
                                          "ndash": "–", "mdash": "—", "rsquo": "’", "lsquo": "‘", "ldquo": "“", "rdquo": "”", "euro": "€"]
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semi = after.prefix(10).firstIndex(of: ";") {
                let name = after[..<semi]
                var decoded: String?
                if let v = named[name] { decoded = v }
                else if name.hasPrefix("#x") || name.hasPrefix("#X"), let n = UInt32(name.dropFirst(2), radix: 16), let u = Unicode.Scalar(n) { decoded = String(u) }
                else if name.hasPrefix("#"), let n = UInt32(name.dropFirst()), let u = Unicode.Scalar(n) { decoded = String(u) }
                if let decoded {
                    out += decoded
                    rest = after[after.index(after: semi)...]
                    continue
                }
            }
            out += "&"
            rest = after
        }
        out += rest
        return out
    }

}

