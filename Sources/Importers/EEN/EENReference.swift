import JSONSupport
import MatchCore

/// The kind of an EEN partnering opportunity, and whether it is an offer or a need.
package enum EENProfileType: String, CaseIterable, Sendable {
    case businessOffer = "BO", businessRequest = "BR", technologyOffer = "TO", technologyRequest = "TR", researchRequest = "RDR"

    /// Business and Technology Offers are offers; Business and Technology Requests and R&D Requests are needs.
    package var isOffer: Bool { self == .businessOffer || self == .technologyOffer }

    /// Reads a code (`BO`, `rdr`) or a label (`Technology Offer`, `R&D Request`, `Research and Development Request`).
    package init?(codeOrLabel raw: String) {
        let text = raw.trimmingSpaces.uppercased()
        if let t = EENProfileType(rawValue: text) { self = t; return }
        let key = TextKey.of(raw)
        switch key {
        case "businessoffer": self = .businessOffer
        case "businessrequest": self = .businessRequest
        case "technologyoffer": self = .technologyOffer
        case "technologyrequest": self = .technologyRequest
        case "rdrequest", "researchdevelopmentrequest", "researchanddevelopmentrequest", "rdcooperationrequest", "researchrequest":
            self = .researchRequest
        default: return nil
        }
    }
}

/// An EEN profile reference: type, country, submission date, running number —
/// `BOFR20231010001`, `RDRDE20260728021`; older ones use `UK` and `EL` for GB and GR.
package struct EENReference: Sendable, Hashable {
    package var text: String
    package var type: EENProfileType
    /// ISO code (`UK` → `GB`, `EL` → `GR`).
    package var country: String
    /// `YYYY-MM-DD`.
    package var date: String
    package var number: String

    /// Parses and validates a reference.
    /// - Returns: the reference, or the reason it is not one.
    package static func parse(_ raw: String) -> Result<EENReference, InvalidReference> {
        let text = raw.trimmingSpaces.uppercased()
        func fail(_ reason: String) -> Result<EENReference, InvalidReference> {
            .failure(InvalidReference(issue: ValidationIssue(field: "reference", value: JSONValue.string(raw).serialized(), reason: reason
                + " (an EEN reference is type BO/BR/TO/TR/RDR, country, date YYYYMMDD and a 3-digit number, e.g. BOFR20231010001)")))
        }
        let type: EENProfileType
        if text.hasPrefix("RDR") { type = .researchRequest }
        else if let t = EENProfileType(rawValue: String(text.prefix(2))), t != .researchRequest { type = t }
        else { return fail("does not start with a profile type") }
        let rest = Array(text.dropFirst(type.rawValue.count))
        guard rest.count == 13 else { return fail("has \(text.count) characters, expected \(type.rawValue.count + 13)") }
        let countryText = String(rest[0..<2])
        guard let country = CountryCode.normalise(countryText) else { return fail("\(countryText) is not a country code") }
        let digits = rest[2...]
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return fail("the date and number must be digits") }
        let y = Int(String(rest[2..<6]))!, m = Int(String(rest[6..<8]))!, d = Int(String(rest[8..<10]))!
        guard EENDate.isValid(year: y, month: m, day: d), y >= 1990 else { return fail("\(String(rest[2..<10])) is not a date") }
        return .success(EENReference(text: text, type: type, country: country, date: EENDate.format(y, m, d),
                                     number: String(rest[10..<13])))
    }
}

/// Why a text is not an EEN reference.
package struct InvalidReference: Error, Sendable, Hashable {
    package var issue: ValidationIssue
}

/// Dates as EEN exports write them, normalised to `YYYY-MM-DD`.
package enum EENDate {
    /// Accepts `2023-10-10`, `2023-10-10T12:00:00Z` (any time part), `20231010`, `10/10/2023`, `10.10.2023`.
    package static func normalise(_ raw: String) -> String? {
        let text = raw.trimmingSpaces
        let datePart = text.prefix { $0 != "T" && $0 != " " }
        let parts: [Int]
        var order = "ymd"
        // ASCII digits only: `Character.isNumber` is also true for "٣" and "½", which Int() refuses.
        func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
        if datePart.count == 8, datePart.allSatisfy(isDigit) {
            parts = [Int(datePart.prefix(4))!, Int(datePart.dropFirst(4).prefix(2))!, Int(datePart.suffix(2))!]
        } else {
            let pieces = datePart.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
            guard pieces.count == 3, pieces.allSatisfy({ $0.allSatisfy(isDigit) && (1...4).contains($0.count) }) else { return nil }
            parts = pieces.map { Int($0)! }
            if pieces[0].count != 4 { order = "dmy" }
        }
        let (y, m, d) = order == "ymd" ? (parts[0], parts[1], parts[2]) : (parts[2], parts[1], parts[0])
        guard isValid(year: y, month: m, day: d) else { return nil }
        return format(y, m, d)
    }

    static func isValid(year y: Int, month m: Int, day d: Int) -> Bool {
        guard (1900...2200).contains(y), (1...12).contains(m), d >= 1 else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return d <= days
    }

    static func format(_ y: Int, _ m: Int, _ d: Int) -> String {
        String(y) + "-" + (m < 10 ? "0" : "") + String(m) + "-" + (d < 10 ? "0" : "") + String(d)
    }
}
