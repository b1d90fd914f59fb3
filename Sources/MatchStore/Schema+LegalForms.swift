internal import GRDB

extension Schema {
    /// v13: legal forms (`gmbh`, `aps`, `ltd` …) are no longer text terms
    /// (`TextAnalyzer.legalForms`). Stored features were analysed with them, so every
    /// participant is analysed again. The triggers on `vector` move the store generation and
    /// name everyone in the change log: the next engine load rebuilds the vector store.
    static func legalFormsAreNotTerms(_ db: Database) throws {
        try MatchStore.rebuildVectors(db)
    }

    /// v15: words of digits only (`2014`, `04`) are no longer text terms
    /// (`TextAnalyzer.isNumber`): analysed again as v13 does.
    static func numbersAreNotTerms(_ db: Database) throws {
        try MatchStore.rebuildVectors(db)
    }
}
