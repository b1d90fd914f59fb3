import JSONSupport
import MatchCore

/// Reads the JSON of the EEN partner web service: an array of profiles, an object holding
/// one (`profiles`, `items`, `results` or `data`), or JSON Lines.
///
/// Fields: `reference`, `profileType`, `title`, `shortSummary`, `description`,
/// `advantagesAndInnovation`, `technicalSpecificationOrExpertiseSought`,
/// `stageOfDevelopment`, `iprStatus`, `expectedRoleOfThePartner`,
/// `partnerOrganisationCountry`, `technologyKeywords`, `marketKeywords`, `naceKeywords`,
/// `typesOfPartnership`, `typesAndSizes`, `publicationDate`, `expirationDate`,
/// `submissionDate`, `updateDate`, `profileStatus`, and as the service's `GET /profiles`
/// answers: `id`, `created`, `lastModified`, `sdgKeywords`, `targetedCountries`,
/// `openForEOI`, `publicURL` (`attachments`, `videoPitch` and the paging fields `pageIndex`,
/// `pageSize`, `hasNext` are ignored). A coded field may be a string or an object with a
/// code and a label (`{"code": "BO", "label": "Business Offer"}`; `key`/`id` and
/// `name`/`value` are read too); keyword lists hold such values or plain codes. `"N/A"`,
/// empty strings and `null` are absent values (`EENProfile.present`).
package enum EENJSON {
    package static let formatName = "een-json"

    /// Parses a file into profiles with their lines.
    package static func profiles(_ bytes: [UInt8], file: String) throws(ImportFileError) -> [EENProfile] {
        try InputText.requireUTF8(bytes, file: file)
        var elements: [(value: JSONValue, line: Int)] = []
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes[3...]) : bytes
        let first = body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        do {
            if first == UInt8(ascii: "[") {
                elements = try JSONParser.parseArrayElementsWithLines(body)
            } else if first == UInt8(ascii: "{"), let single = try? JSONParser.parse(body) {
                if let list = ["profiles", "items", "results", "data", "content"].lazy.compactMap({ single[$0]?.arrayValue }).first {
                    let lines = referenceLines(body)
                    elements = list.enumerated().map { i, v in (v, v["reference"]?.stringValue.flatMap { lines[$0] } ?? i + 1) }
                } else {
                    elements = [(single, 1)]
                }
            } else {  // JSON Lines
                var line = 0
                for raw in body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                    line += 1
                    guard raw.contains(where: { ![0x20, 0x09, 0x0D].contains($0) }) else { continue }
                    do { elements.append((try JSONParser.parse(raw), line)) } catch {
                        throw ImportFileError(file: file, line: line, message: "not valid JSON: \(error.message) (column \(error.column))")
                    }
                }
            }
        } catch let error as ImportFileError {
            throw error
        } catch let error as JSONSyntaxError {
            throw ImportFileError(file: file, line: error.line, message: "not valid JSON: \(error.message) (column \(error.column))")
        } catch {
            throw ImportFileError(file: file, message: "\(error)")
        }
        return elements.map { profile($0.value, line: $0.line) }
    }

    /// Reads and converts a file.
    package static func read(_ bytes: [UInt8], file: String, asOf: String) throws(ImportFileError) -> ParticipantFileContents {
        EENProfiles.participants(try profiles(bytes, file: file), file: file, format: formatName, asOf: asOf, fieldNames: [
            "country": "partnerOrganisationCountry", "submitted": "submissionDate/created", "updated": "updateDate/lastModified",
            "published": "publicationDate", "expires": "expirationDate"])
    }

    static func profile(_ json: JSONValue, line: Int) -> EENProfile {
        var p = EENProfile(line: line)
        p.reference = text(json["reference"]) ?? text(json["profileReference"])
        p.type = coded(json["profileType"]) ?? coded(json["type"])
        p.title = text(json["title"])
        p.summary = text(json["shortSummary"]) ?? text(json["summary"])
        p.description = text(json["description"])
        p.advantages = text(json["advantagesAndInnovation"])
        p.expertiseSought = text(json["technicalSpecificationOrExpertiseSought"])
        p.stageOfDevelopment = coded(json["stageOfDevelopment"], preferLabel: true)
        p.ipr = coded(json["iprStatus"], preferLabel: true)
        p.partnerRole = text(json["expectedRoleOfThePartner"])
        let country = json["partnerOrganisationCountry"] ?? json["organisationCountry"] ?? json["country"]
        p.country = coded(country?.arrayValue?.first ?? country)
        p.organisationType = coded(json["organisationType"], preferLabel: true)
        p.technologies = keywords(json["technologyKeywords"])
        p.markets = keywords(json["marketKeywords"])
        p.naces = keywords(json["naceKeywords"] ?? json["naceCodes"])
        p.typesOfPartnership = (json["typesOfPartnership"]?.arrayValue ?? []).compactMap { coded($0, preferLabel: true) }
        p.typesAndSizes = (json["typesAndSizes"]?.arrayValue ?? []).compactMap { coded($0, preferLabel: true) }
        p.sdgs = keywords(json["sdgKeywords"] ?? json["sdgs"], codesAreLabels: true)
        p.targetedCountries = list(json["targetedCountries"]).compactMap { coded($0) }
        p.published = text(json["publicationDate"])
        p.expires = text(json["expirationDate"]) ?? text(json["deadline"])
        p.submitted = text(json["submissionDate"])
        p.updated = text(json["updateDate"]) ?? text(json["lastUpdateDate"])
        p.created = text(json["created"])
        p.lastModified = text(json["lastModified"])
        p.status = coded(json["profileStatus"], preferLabel: false) ?? coded(json["status"])
        p.openForEOI = flag(json["openForEOI"])
        p.publicURL = text(json["publicURL"]) ?? text(json["publicUrl"])
        return p
    }

    /// A string or number; nil for `null`, `""` and `"N/A"`.
    static func text(_ v: JSONValue?) -> String? {
        guard let v else { return nil }
        switch v {
        case .string(let s): return EENProfile.present(s)
        case .int(let i): return String(i)
        default: return nil
        }
    }

    /// A list, or one value taken as a list of one (`null` and `"N/A"`: empty).
    static func list(_ v: JSONValue?) -> [JSONValue] {
        guard let v, !v.isNull else { return [] }
        return v.arrayValue ?? [v]
    }

    /// `true`/`false`, or a string saying so (`"true"`, `"yes"`, `"Y"`); nil when absent.
    static func flag(_ v: JSONValue?) -> Bool? {
        if let b = v?.boolValue { return b }
        switch text(v)?.lowercased() {
        case "true", "yes", "y", "1": return true
        case "false", "no", "n", "0": return false
        default: return nil
        }
    }

    /// A coded value: a string, or an object with a code and a label.
    static func coded(_ v: JSONValue?, preferLabel: Bool = false) -> String? {
        guard let v else { return nil }
        if let s = text(v) { return s }
        guard let o = v.objectValue else { return nil }
        let code = ["code", "key", "id"].lazy.compactMap { text(o[$0]) }.first
        let label = ["label", "name", "value", "description", "text"].lazy.compactMap { text(o[$0]) }.first
        return preferLabel ? (label ?? code) : (code ?? label)
    }

    /// - Parameter codesAreLabels: a plain string is a label (SDG goals: `"GOAL 7: …"`).
    static func keywords(_ v: JSONValue?, codesAreLabels: Bool = false) -> [EENProfile.Keyword] {
        list(v).compactMap { element in
            if let s = text(element) {
                if codesAreLabels { return EENProfile.Keyword(code: nil, label: s) }
                // a plain string is a code when it looks like one ("01003009", "C.26.1"), else a label
                let looksLikeCode = s.first?.isNumber == true || (s.count <= 8 && s.contains(where: \.isNumber))
                return looksLikeCode ? EENProfile.Keyword(code: s, label: nil) : EENProfile.Keyword(code: nil, label: s)
            }
            guard let o = element.objectValue else { return nil }
            let code = ["code", "key", "id"].lazy.compactMap { text(o[$0]) }.first
            let label = ["label", "name", "value", "description"].lazy.compactMap { text(o[$0]) }.first
            return code == nil && label == nil ? nil : EENProfile.Keyword(code: code, label: label)
        }
    }

    /// The line of each `"reference": "…"` in the text, to locate records of a wrapped array.
    static func referenceLines(_ bytes: [UInt8]) -> [String: Int] {
        var lines: [String: Int] = [:]
        var number = 0
        for raw in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            let line = String(decoding: raw, as: UTF8.self)
            guard let r = line.range(of: "\"reference\"") else { continue }
            let rest = line[r.upperBound...].drop { $0 == " " || $0 == ":" || $0 == "\t" }
            guard rest.first == "\"" else { continue }
            let value = rest.dropFirst().prefix { $0 != "\"" }
            if lines[String(value)] == nil { lines[String(value)] = number }
        }
        return lines
    }
}
