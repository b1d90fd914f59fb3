import Foundation
internal import GRDB
import MatchCore

extension MatchStore {
    /// Every loaded taxonomy term.
    package func taxonomy() throws -> Taxonomy {
        try writer.read { db in try Self.taxonomy(db) }
    }

    static func taxonomy(_ db: Database) throws -> Taxonomy {
        let rows = try Row.fetchAll(db, sql: "SELECT namespace, code, label, level, parent_code FROM taxonomy_term")
        return Taxonomy(terms: rows.map {
            TaxonomyTerm(namespace: $0["namespace"], code: $0["code"], label: $0["label"], level: $0["level"], parent: $0["parent_code"])
        })
    }

    /// The loaded taxonomies with their term counts, by namespace.
    package func taxonomies() throws -> [TaxonomySummary] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT t.namespace, t.source, COUNT(term.code) AS n FROM taxonomy t
                LEFT JOIN taxonomy_term term ON term.namespace = t.namespace
                GROUP BY t.namespace ORDER BY t.namespace
                """).map { TaxonomySummary(namespace: $0["namespace"], source: $0["source"], terms: $0["n"]) }
        }
    }

    /// Terms of one namespace, or of all, ordered by namespace and code.
    package func taxonomyTerms(namespace: String? = nil) throws -> [TaxonomyTerm] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT namespace, code, label, level, parent_code FROM taxonomy_term
                WHERE ?1 IS NULL OR namespace = ?1 ORDER BY namespace, code
                """, arguments: [namespace]).map {
                TaxonomyTerm(namespace: $0["namespace"], code: $0["code"], label: $0["label"], level: $0["level"], parent: $0["parent_code"])
            }
        }
    }

    /// Replaces one namespace's terms (a re-import of the same taxonomy) and analyses the
    /// participants again, in one transaction.
    /// - Returns: how many terms were added, changed and removed.
    @discardableResult
    package func replaceTaxonomy(namespace: String, terms: [TaxonomyTerm], source: String) throws -> (added: Int, changed: Int, removed: Int) {
        try replaceTaxonomies([(namespace, terms, source)])[0]
    }
}
