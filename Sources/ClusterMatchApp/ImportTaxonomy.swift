import Foundation
import Importers
import MatchCore
import MatchStore

/// The outcome of a taxonomy import.
package struct TaxonomyImportReport: Sendable, Hashable {
    package var file: String
    package var namespace: String
    package var terms: Int
    package var added: Int
    package var changed: Int
    package var removed: Int
}

extension ClusterMatch {
    /// Imports a taxonomy in the EEN keyword CSV format (or a plain label list), replacing
    /// any earlier version of the same namespace, and rebuilds the vectors.
    package func importTaxonomy(file: String, namespace: String? = nil) throws -> TaxonomyImportReport {
        try importTaxonomies(files: [file], namespace: namespace)[0]
    }

    /// Imports several taxonomies as one transaction, each in its own namespace, and
    /// rebuilds the vectors once.
    ///
    /// The namespace of an EEN keyword file comes from its Type column (`een-tech`,
    /// `een-market`, `nace`); a plain label list (one `Label` column, like the SDG goals)
    /// is named after its file (`taxonomy-sdg.csv` → `sdg`). `namespace` overrides both and
    /// is only allowed with one file. Two files may not fill the same namespace.
    package func importTaxonomies(files: [String], namespace: String? = nil) throws -> [TaxonomyImportReport] {
        if namespace != nil && files.count > 1 {
            throw AppError(.usage, "a namespace names the namespace of one file; with several files each gets its own from its Type column or file name")
        }
        return try importTaxonomies(files.map { file in (file, try readFile(file)) }, namespace: namespace)
    }

    /// Imports taxonomies that ship with ClusterMatch (built into the binary, or in its
    /// `Profiles/` folder), named by their path under `Profiles/taxonomy/`
    /// (`een/taxonomy-technology-full.csv`), as one transaction like `importTaxonomies(files:)`.
    package func importShippedTaxonomies(_ names: [String], namespace: String? = nil) throws -> [TaxonomyImportReport] {
        if namespace != nil && names.count > 1 {
            throw AppError(.usage, "--namespace names the namespace of one file; with several files each gets its own from its Type column or file name")
        }
        let shipped = Self.shippedTaxonomies()
        return try importTaxonomies(names.map { name in
            guard shipped.contains(name) else {
                throw AppError(.notFound, "no shipped taxonomy '\(name)'; shipped: \(shipped.joined(separator: ", "))")
            }
            let file = try ProfilesDirectory.file("taxonomy/\(name)")
            return (file.displayName, file.bytes)
        }, namespace: namespace)
    }

    /// The taxonomies that ship with ClusterMatch, by path under `Profiles/taxonomy/`.
    package static func shippedTaxonomies() -> [String] {
        ProfilesDirectory.embeddedPaths.filter { $0.hasPrefix("taxonomy/") }.map { String($0.dropFirst("taxonomy/".count)) }
    }

    /// Imports taxonomies already read (a shipped file built into the binary, say); `file`
    /// names each in messages and reports.
    func importTaxonomies(_ inputs: [(file: String, bytes: [UInt8])], namespace: String?) throws -> [TaxonomyImportReport] {
        var parsed: [(file: String, namespace: String, terms: [TaxonomyTerm])] = []
        for (file, bytes) in inputs {
            let text: String
            do { text = try InputText.decode(bytes) } catch { throw AppError(.badInput, "\(file):\(error.line): \(error.message)") }
            let header = text.prefix { $0 != "\n" && $0 != "\r" }.lowercased()
            let isLabelList = !header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.contains("code")
            let terms: [TaxonomyTerm]
            do {
                terms = try EENTaxonomyCSV.parse(text, file: file, namespace: namespace ?? (isLabelList ? Self.namespace(forFile: file) : nil))
            } catch {
                throw AppError(.badInput, error.description)
            }
            guard let ns = terms.first?.namespace else { throw AppError(.badInput, "\(file): the taxonomy has no terms") }
            if let other = parsed.first(where: { $0.namespace == ns }) {
                throw AppError(.usage, "\(file) and \(other.file) both fill namespace \(ns); import them separately or rename one")
            }
            parsed.append((file, ns, terms))
        }
        try store.checkIntegrity()  // as for participant imports: never write into a damaged file
        let changes = try store.replaceTaxonomies(parsed.map {
            (namespace: $0.namespace, terms: $0.terms, source: URL(fileURLWithPath: $0.file).lastPathComponent)
        })
        return zip(parsed, changes).map { p, c in
            TaxonomyImportReport(file: p.file, namespace: p.namespace, terms: p.terms.count, added: c.added, changed: c.changed, removed: c.removed)
        }
    }

    /// The namespace for a label list named after its file: `taxonomy-sdg.csv` → `sdg`.
    static func namespace(forFile file: String) -> String {
        var name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent.lowercased()
        for prefix in ["taxonomy-", "taxonomy_", "taxonomy"] where name.hasPrefix(prefix) && name.count > prefix.count {
            name = String(name.dropFirst(prefix.count))
            break
        }
        let slug = name.map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
        return slug.split(separator: "-").joined(separator: "-")
    }
}
