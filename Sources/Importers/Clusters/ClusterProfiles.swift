import CSV
import Foundation
import JSONSupport
import MatchCore

/// Reads cluster profiles in the shape of European cluster registries, as JSON (an array,
/// `{"clusters": […]}`, or JSON Lines) or CSV (one cluster per row).
///
/// ```json
/// {"id": "dk-sound", "name": "Danish Sound Cluster", "country": "DK", "nutsRegion": "DK01",
///  "ecosystems": ["Electronics", "Digital"], "sectors": ["Audio technology"],
///  "technologies": ["acoustic sensors", "machine learning"],
///  "members": {"sme": 120, "large": 15, "research": 12, "public": 3, "other": 4},
///  "label": {"level": "Gold", "validUntil": "2027-03-31"},
///  "description": "…", "website": "https://…", "organisation": "Danish Sound Cluster Association"}
/// ```
/// Keys and CSV headers are compared case- and punctuation-insensitively, with aliases
/// (`clusterName`, `nuts`, `industrialEcosystems`, `sectoralFocus`, `technologyFields`,
/// `smeMembers`/`SME members`, `labelLevel`/`Label`, `labelValidUntil`/`Label valid until`).
/// In CSV, lists are separated by `;`. Each cluster becomes a participant of kind `cluster`;
/// its id is the `id` given, else `cluster-` + country + name slug.
package enum ClusterProfiles {
    package static let formatName = "clusters"

    static let aliases: [String: [String]] = [
        "id": ["id", "clusterid", "identifier"],
        "name": ["name", "clustername", "cluster", "organisationname", "organizationname", "acronymname"],
        "organisation": ["organisation", "organization", "clusterorganisation", "clusterorganization", "legalentity", "managingorganisation"],
        "country": ["country", "countrycode"],
        "region": ["nutsregion", "nuts", "nutscode", "region", "nuts2", "nuts3"],
        "ecosystems": ["ecosystems", "industrialecosystems", "ecosystem"],
        "sectors": ["sectors", "sectoralfocus", "sector", "industries"],
        "technologies": ["technologies", "technologyfields", "technology", "emergingindustries", "keywords"],
        "description": ["description", "profile", "summary", "about"],
        "website": ["website", "url", "web"],
        "sme": ["sme", "smes", "smemembers", "memberssme", "numberofsmemembers"],
        "large": ["large", "largecompanies", "largecompanymembers", "memberslarge", "largemembers", "largeenterprises"],
        "research": ["research", "researchmembers", "membersresearch", "researchorganisations", "researchandtechnologyorganisations", "universities"],
        "public": ["public", "publicmembers", "memberspublic", "publicauthorities", "publicbodies"],
        "other": ["other", "othermembers", "membersother"],
        "labelLevel": ["labellevel", "label", "level", "esceslabel", "clusterlabel"],
        "labelValidUntil": ["labelvaliduntil", "validuntil", "labelvalidity", "labelexpiry", "labelexpires"],
    ]
    static let memberKinds = ["sme", "large", "research", "public", "other"]

    /// Reads a JSON or CSV file of cluster profiles.
    package static func read(_ bytes: [UInt8], file: String, asOf: String) throws(ImportFileError) -> ParticipantFileContents {
        let text: String
        do { text = try InputText.decode(bytes) } catch { throw ImportFileError(file: file, line: error.line, message: error.message) }
        let trimmed = text.drop { $0.isWhitespace }
        var records: [(fields: [String: (name: String, value: JSONValue)], line: Int)] = []
        if trimmed.first == "[" || trimmed.first == "{" {
            records = try jsonRecords(text, file: file)
        } else {
            let delimiter = CSVReader.detectDelimiter(text)
            let rows: [CSVRow]
            do { rows = try CSVReader.rows(text, delimiter: delimiter).map(\.unguarded) } catch {
                throw ImportFileError(file: file, line: error.line, message: error.message)
            }
            guard let header = rows.first else { throw ImportFileError(file: file, message: "the file is empty") }
            let keys = header.fields.map { TextKey.of($0) }
            for row in rows.dropFirst() {
                var fields: [String: (name: String, value: JSONValue)] = [:]
                for (i, key) in keys.enumerated() where i < row.fields.count {
                    let v = TextKey.trimmed(row.fields[i])
                    if !v.isEmpty { fields[key] = (TextKey.trimmed(header.fields[i]), .string(v)) }
                }
                records.append((fields, row.line))
            }
        }
        let sourceFile = URL(fileURLWithPath: file).lastPathComponent
        var result = ParticipantFileContents(file: file, records: [], rejected: [])
        var firstLine: [String: Int] = [:]
        for record in records {
            switch participant(record.fields, sourceFile: sourceFile, asOf: asOf) {
            case .success(let p):
                if let first = firstLine[p.id] {
                    result.rejected.append(RejectedRecord(file: file, line: record.line, id: p.id, issues: [
                        ValidationIssue(field: "id", value: JSONValue.string(p.id).serialized(), reason: "duplicate: the same cluster is on line \(first)")]))
                    continue
                }
                firstLine[p.id] = record.line
                result.records.append(ParticipantRecord(participant: p, file: file, line: record.line))
            case .failure(let f):
                result.rejected.append(RejectedRecord(file: file, line: record.line, id: f.id, issues: f.issues))
            }
        }
        return result
    }

    static func jsonRecords(_ text: String, file: String) throws(ImportFileError) -> [(fields: [String: (name: String, value: JSONValue)], line: Int)] {
        let bytes = Array(text.utf8)
        var values: [(JSONValue, Int)] = []
        do {
            if text.drop(while: \.isWhitespace).first == "[" {
                values = try JSONParser.parseArrayElementsWithLines(bytes).map { ($0.value, $0.line) }
            } else if let whole = try? JSONParser.parse(bytes), let list = whole["clusters"]?.arrayValue ?? whole["items"]?.arrayValue {
                values = list.enumerated().map { ($1, $0 + 1) }
            } else {
                var line = 0
                for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
                    line += 1
                    if raw.allSatisfy(\.isWhitespace) { continue }
                    values.append((try JSONParser.parse(String(raw)), line))
                }
            }
        } catch {
            throw ImportFileError(file: file, line: error.line, message: "not valid JSON: \(error.message) (column \(error.column))")
        }
        return values.map { value, line in
            var fields: [String: (name: String, value: JSONValue)] = [:]
            for (key, v) in value.objectValue ?? JSONObject() {
                if let nested = v.objectValue, ["members", "label", "membership"].contains(TextKey.of(key)) {
                    // {"members": {"sme": 3}} and {"label": {"level": "Gold", "validUntil": …}} flatten to the CSV keys
                    for (k, inner) in nested {
                        let flat = TextKey.of(key) == "label" ? "label" + TextKey.of(k) : TextKey.of(k)
                        fields[flat] = ("\(key).\(k)", inner)
                    }
                } else {
                    fields[TextKey.of(key)] = (key, v)
                }
            }
            return (fields, line)
        }
    }

    static func participant(_ fields: [String: (name: String, value: JSONValue)], sourceFile: String, asOf: String) -> Result<Participant, ValidationFailure> {
        var issues: [ValidationIssue] = []
        func value(_ name: String) -> (key: String, value: JSONValue)? {
            for alias in aliases[name] ?? [name] { if let f = fields[alias], !f.value.isNull { return (f.name, f.value) } }
            return nil
        }
        func key(_ name: String) -> String { value(name)?.key ?? name }
        func text(_ name: String) -> String? {
            guard let (key, v) = value(name) else { return nil }
            if let s = v.stringValue { return s.isEmpty ? nil : s }
            if let i = v.intValue { return String(i) }
            issues.append(ValidationIssue(field: key, value: v.preview, reason: "must be text"))
            return nil
        }
        func list(_ name: String) -> [String] {
            guard let (key, v) = value(name) else { return [] }
            if let s = v.stringValue { return TextKey.list(s) }
            if let a = v.arrayValue {
                return a.compactMap { e in
                    e.stringValue ?? e["label"]?.stringValue ?? e["name"]?.stringValue
                }
            }
            issues.append(ValidationIssue(field: key, value: v.preview, reason: "must be a list (an array, or text separated by ;)"))
            return []
        }
        let name = text("name")
        if name == nil { issues.append(ValidationIssue(field: "name", value: nil, reason: "is required")) }
        var country: String?
        if let raw = text("country") {
            country = CountryNames.code(for: raw)
            if country == nil { issues.append(ValidationIssue(field: key("country"), value: JSONValue.string(raw).serialized(), reason: "is not a country code or name")) }
        } else {
            issues.append(ValidationIssue(field: "country", value: nil, reason: "is required"))
        }
        var region = text("region")?.uppercased().replacingOccurrences(of: " ", with: "")
        if let r = region {
            let ok = r.count >= 2 && r.count <= 5 && r.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } && r.prefix(2).allSatisfy(\.isLetter)
            if !ok {
                issues.append(ValidationIssue(field: key("region"), value: JSONValue.string(r).serialized(), reason: "is not a NUTS code (e.g. DK01, DE94, FR10)"))
                region = nil
            } else if let country, let prefix = CountryCode.normalise(String(r.prefix(2))), prefix != country {
                issues.append(ValidationIssue(field: key("region"), value: JSONValue.string(r).serialized(), reason: "is in \(prefix), but the country is \(country)"))
            }
        }
        var members = JSONObject()
        var total: Int64 = 0
        for kind in memberKinds {
            guard let (key, v) = value(kind) else { continue }
            let n = v.intValue ?? v.stringValue.flatMap { Int64($0.filter { $0 != " " && $0 != "," }) }
            guard let n, n >= 0, n <= 1_000_000 else {
                issues.append(ValidationIssue(field: key, value: v.preview, reason: "must be a whole number of members, 0 or more"))
                continue
            }
            members[kind] = .int(n)
            total += n
        }
        var label = JSONObject()
        if let level = text("labelLevel") {
            let l = level.lowercased()
            if ["bronze", "silver", "gold"].contains(l) { label["level"] = .string(l.prefix(1).uppercased() + l.dropFirst()) }
            else { issues.append(ValidationIssue(field: key("labelLevel"), value: JSONValue.string(level).serialized(), reason: "must be Bronze, Silver or Gold")) }
        }
        if let until = text("labelValidUntil") {
            if let date = EENDate.normalise(until) {
                label["validUntil"] = .string(date)
                label["valid"] = .bool(date >= asOf)
            } else {
                issues.append(ValidationIssue(field: key("labelValidUntil"), value: JSONValue.string(until).serialized(), reason: "is not a date (YYYY-MM-DD)"))
            }
        }
        let ecosystems = list("ecosystems"), sectors = list("sectors"), technologies = list("technologies")
        let description = text("description"), website = text("website"), organisation = text("organisation")
        let givenID = text("id")
        guard issues.isEmpty, let name, let country else {
            return .failure(ValidationFailure(id: givenID, issues: issues))
        }
        let id = givenID ?? "cluster-\(country.lowercased())-\(TextKey.slug(name))"
        var cluster = JSONObject()
        if let region { cluster["nutsRegion"] = .string(region) }
        if !ecosystems.isEmpty { cluster["ecosystems"] = .array(ecosystems.map { .string($0) }) }
        if !sectors.isEmpty { cluster["sectors"] = .array(sectors.map { .string($0) }) }
        if !technologies.isEmpty { cluster["technologies"] = .array(technologies.map { .string($0) }) }
        if !members.isEmpty {
            cluster["members"] = .object(members)
            cluster["memberTotal"] = .int(total)
        }
        if !label.isEmpty { cluster["label"] = .object(label) }
        if let website { cluster["website"] = .string(website) }
        var keywords: [String] = []
        for k in ecosystems + sectors + technologies where !keywords.contains(k) { keywords.append(k) }
        return .success(Participant(
            id: id, kind: .cluster, name: name, country: country, organisation: organisation, region: region,
            keywords: keywords, description: description,
            source: RecordSource(format: formatName, file: sourceFile, reference: givenID),
            attributes: ["cluster": .object(cluster)]))
    }
}
