import CSV

/// The input formats `import` reads. The raw values are the spellings of `--as`.
package enum ImportFormat: String, CaseIterable, Sendable, Hashable {
    /// The canonical participant format: JSON Lines or a JSON array.
    case participants
    /// A registration or member CSV (`RegistrationCSV`).
    case registrationCSV = "registration-csv"
    /// The EEN partnering-opportunity XML export (`EENXML`).
    case eenXML = "een-xml"
    /// The JSON of the EEN partner web service (`EENJSON`).
    case eenJSON = "een-json"
    /// Cluster profiles, JSON or CSV (`ClusterProfiles`).
    case clusters

    package static var spellings: String { (["auto"] + allCases.map(\.rawValue)).joined(separator: ", ") }

    /// Recognises the format from the content (the first few kilobytes), not the file name.
    /// - Returns: the format and a short reason to show the user, or nil when unknown.
    package static func detect(_ bytes: [UInt8]) -> (format: ImportFormat, reason: String)? {
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        guard start < bytes.count else { return nil }
        let head = String(decoding: bytes[start..<min(bytes.count, start + 8192)], as: UTF8.self)
        switch bytes[start] {
        case UInt8(ascii: "<"):
            if head.contains("<pod") || head.contains("<profile") { return (.eenXML, "XML with <pod>/<profile> elements") }
            return nil
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            func has(_ key: String) -> Bool { head.contains("\"\(key)\"") }
            if has("profileType") || (has("reference") && (has("shortSummary") || has("technologyKeywords") || has("expirationDate"))) {
                return (.eenJSON, "JSON with EEN fields (reference, profileType)")
            }
            if has("kind") && has("id") { return (.participants, "JSON with canonical participant fields (id, kind)") }
            if has("clusters") && !has("kind") || has("ecosystems") || has("label") || has("members") || has("nutsRegion") || has("clusterName") {
                return (.clusters, "JSON with cluster-profile fields (members, label, ecosystems)")
            }
            if has("id") && has("name") && has("country") { return (.participants, "JSON with id, name and country") }
            return nil
        default:
            let firstLine = head.prefix { $0 != "\n" && $0 != "\r" }
            let delimiter = CSVReader.detectDelimiter(String(firstLine))
            let keys = firstLine.split(separator: delimiter).map { TextKey.of(String($0)) }
            let clusterKeys = ["ecosystems", "industrialecosystems", "labellevel", "label", "smemembers", "membersme", "clustername",
                               "largecompanymembers", "researchmembers", "nutsregion"]
            if keys.contains(where: clusterKeys.contains) { return (.clusters, "CSV with cluster-profile columns") }
            if keys.contains(where: { RegistrationField.byAlias[$0] != nil }) {
                return (.registrationCSV, "CSV (\(CSVReader.name(of: delimiter))-separated) with registration columns")
            }
            return nil
        }
    }
}
