import CSV
import JSONSupport
import MatchCore

/// A mapping file: how to read a CSV whose headers or labels the aliases do not cover.
///
/// ```json
/// {
///   "columns":  {"E-Mail-Adresse": "email", "Firma": "organisation", "Schuhgröße": null},
///   "kinds":    {"Hochschule": "researcher", "Verband": "other"},
///   "defaults": {"country": "DE", "kind": "company"},
///   "delimiter": ";",
///   "listSeparator": ","
/// }
/// ```
/// `columns` maps a header (compared case- and accent-insensitively) to a field name
/// (`RegistrationField`) or to null to ignore it; it overrides the aliases. `kinds` maps
/// values of the organisation-type or participation-type column to a kind, before the
/// built-in rule. `defaults` fill empty or missing country and kind. `delimiter` (`,` `;`
/// or `\t`) overrides detection. `listSeparator` adds a separator for list cells
/// (areas of activities, clusters), which are always split on `;`, `|` and line breaks.
package struct ColumnMapping: Sendable, Hashable {
    /// Normalised header → field (nil: ignore the column).
    package var columns: [String: RegistrationField?] = [:]
    /// Normalised label → kind.
    package var kinds: [String: ParticipantKind] = [:]
    package var defaultCountry: String?
    package var defaultKind: ParticipantKind?
    package var delimiter: Character?
    package var listSeparator: Character?

    package init() {}

    /// Reads a mapping file (JSON). Every problem is reported, with the key that has it.
    package static func parse(_ bytes: [UInt8], file: String) throws(ImportFileError) -> ColumnMapping {
        let json: JSONValue
        do { json = try JSONParser.parse(bytes) } catch {
            throw ImportFileError(file: file, line: error.line, message: "mapping file is not valid JSON: \(error.message)")
        }
        guard let object = json.objectValue else {
            throw ImportFileError(file: file, message: "a mapping file is a JSON object with \"columns\", \"kinds\", \"defaults\", \"delimiter\"")
        }
        var mapping = ColumnMapping()
        var problems: [String] = []
        for key in object.keys where !["columns", "kinds", "defaults", "delimiter", "listSeparator"].contains(key) {
            problems.append("unknown key \"\(key)\" (known: columns, kinds, defaults, delimiter, listSeparator)")
        }
        if let columns = object["columns"] {
            if let o = columns.objectValue {
                for (header, value) in o {
                    if value.isNull { mapping.columns[TextKey.of(header)] = .some(nil); continue }
                    guard let name = value.stringValue, let field = RegistrationField(rawValue: name) else {
                        problems.append("columns.\"\(header)\": \(value.preview) is not a field; use one of \(RegistrationField.spellings), or null to ignore the column")
                        continue
                    }
                    mapping.columns[TextKey.of(header)] = .some(field)
                }
            } else { problems.append("\"columns\" must be an object {\"header\": \"field\"}") }
        }
        if let kinds = object["kinds"] {
            if let o = kinds.objectValue {
                for (label, value) in o {
                    guard let raw = value.stringValue, let kind = ParticipantKind(rawValue: raw) else {
                        problems.append("kinds.\"\(label)\": \(value.preview) is not a kind; use one of \(ParticipantKind.spellings)")
                        continue
                    }
                    mapping.kinds[TextKey.of(label)] = kind
                }
            } else { problems.append("\"kinds\" must be an object {\"label\": \"kind\"}") }
        }
        if let defaults = object["defaults"] {
            if let o = defaults.objectValue {
                for (key, value) in o {
                    switch key {
                    case "country":
                        if let raw = value.stringValue, let code = CountryNames.code(for: raw) { mapping.defaultCountry = code }
                        else { problems.append("defaults.country: \(value.preview) is not a country") }
                    case "kind":
                        if let raw = value.stringValue, let kind = ParticipantKind(rawValue: raw) { mapping.defaultKind = kind }
                        else { problems.append("defaults.kind: \(value.preview) is not a kind; use one of \(ParticipantKind.spellings)") }
                    default: problems.append("defaults.\(key): only country and kind have defaults")
                    }
                }
            } else { problems.append("\"defaults\" must be an object") }
        }
        for key in ["delimiter", "listSeparator"] {
            guard let value = object[key] else { continue }
            let text = value.stringValue == "\\t" ? "\t" : value.stringValue
            guard let text, text.count == 1, let c = text.first else {
                problems.append("\(key): \(value.preview) must be one character (\",\", \";\" or \"\\t\")")
                continue
            }
            if key == "delimiter" {
                guard CSVReader.delimiters.contains(c) else { problems.append("delimiter: must be \",\", \";\" or \"\\t\""); continue }
                mapping.delimiter = c
            } else {
                mapping.listSeparator = c
            }
        }
        if !problems.isEmpty {
            throw ImportFileError(file: file, message: "mapping file: " + problems.joined(separator: "; "))
        }
        return mapping
    }
}
