internal import GRDB

extension Schema {
    /// v11: semantic views move the vector store generation. The store holds them too
    /// (format 4), so a view made, replaced or dropped makes a store built before it stale,
    /// like a change to participants does (`Schema.vectorStore`). Dropping views by the
    /// triggers of `Schema.semanticViews` (a changed document or taxonomy) moves it as well.
    static func semanticViewsInStore(_ db: Database) throws {
        let bump = "UPDATE store_generation SET generation = generation + 1, token = random() WHERE id = 1;"
        for event in ["INSERT", "UPDATE", "DELETE"] {
            try db.execute(sql: "CREATE TRIGGER store_generation_semantic_view_\(event.lowercased()) AFTER \(event) ON semantic_view BEGIN \(bump) END")
        }
    }
}
