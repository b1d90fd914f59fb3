import Foundation
import Importers
import MatchCore
import MatchStore

/// The outcome of a taxonomy import.
public struct TaxonomyImportReport: Sendable, Hashable {
    public var namespace: String
    public var terms: Int
    public var added: Int
    public var changed: Int
    public var removed: Int
}

extension ClusterMatch {
    /// Imports a taxonomy in the EEN keyword CSV format (or a plain label list), replacing
    /// any earlier version of the same namespace, and rebuilds the vectors.
    public func importTaxonomy(file: String, namespace: String? = nil) throws -> TaxonomyImportReport {
        let bytes = try readFile(file)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw AppError(.badInput, "\(file): not UTF-8 text")
        }
        let terms: [TaxonomyTerm]
        do {
            terms = try EENTaxonomyCSV.parse(text, file: file, namespace: namespace)
        } catch {
            throw AppError(.badInput, error.description)
        }
        guard let ns = terms.first?.namespace else {
            throw AppError(.badInput, "\(file): the taxonomy has no terms")
        }
        let change = try store.replaceTaxonomy(namespace: ns, terms: terms, source: URL(fileURLWithPath: file).lastPathComponent)
        return TaxonomyImportReport(namespace: ns, terms: terms.count, added: change.added, changed: change.changed, removed: change.removed)
    }
}
