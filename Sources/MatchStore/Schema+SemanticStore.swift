internal import GRDB

extension Schema {
    /// v11: semantic views move the vector store generation. The store holds them too
    /// (format 4), so a view made, replaced or dropped makes a store built before it stale,
    /// like a change to participants does (`Schema.vectorStore`). Dropping views by the
    /// triggers of `Schema.semanticViews` (a changed document or taxonomy) moves it as well.
    /// The change log (`Schema.changeLog`, v10) names the participant, so that an engine
    /// following another process's writes takes up its new views.
    static func semanticViewsInStore(_ db: Database) throws {
        let bump = "UPDATE store_generation SET generation = generation + 1, token = random() WHERE id = 1;"
        let generation = "(SELECT generation FROM store_generation WHERE id = 1)"
        for (event, row) in [("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")] {
            let note = """
                DELETE FROM participant_change WHERE participant_id = \(row).participant_id;
                INSERT INTO participant_change(participant_id, generation) VALUES (\(row).participant_id, \(generation));
                """
            try db.execute(sql: "CREATE TRIGGER store_generation_semantic_view_\(event.lowercased()) AFTER \(event) ON semantic_view BEGIN \(bump) \(note) END")
        }
    }
}
