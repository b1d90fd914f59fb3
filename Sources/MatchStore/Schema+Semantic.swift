internal import GRDB

extension Schema {
    /// Each participant's semantic views (normalised means of its statements' sentence
    /// embeddings) under a model, and the texts they were made from (by hash), so that the
    /// cached embeddings of an erased participant's texts can be purged.
    ///
    /// Triggers keep the views honest without the importers knowing of them: a changed
    /// participant document or taxonomy drops the views made from the old text (they are
    /// made again on the next import, `vectors --embed` or match); deleting a participant
    /// drops its views and the cached embeddings of texts no other participant uses.
    static func semanticViews(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE semantic_view (
                participant_id TEXT PRIMARY KEY NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
                model TEXT NOT NULL,             -- as text_embedding.model
                offers BLOB NOT NULL,            -- float32 little-endian, unit length or all zero
                needs BLOB NOT NULL,
                profile BLOB NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE semantic_text (
                participant_id TEXT NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
                text_sha256 BLOB NOT NULL,
                PRIMARY KEY (participant_id, text_sha256)
            ) WITHOUT ROWID;
            CREATE INDEX semantic_text_by_hash ON semantic_text(text_sha256);
            CREATE TRIGGER semantic_view_stale AFTER UPDATE OF document ON participant
            WHEN old.document IS NOT new.document BEGIN
                DELETE FROM semantic_view WHERE participant_id = old.id;
                DELETE FROM semantic_text WHERE participant_id = old.id;
            END;
            CREATE TRIGGER semantic_text_purge BEFORE DELETE ON participant BEGIN
                DELETE FROM text_embedding WHERE text_sha256 IN (
                    SELECT t.text_sha256 FROM semantic_text t WHERE t.participant_id = old.id
                    AND NOT EXISTS (SELECT 1 FROM semantic_text u WHERE u.text_sha256 = t.text_sha256 AND u.participant_id <> old.id));
                DELETE FROM semantic_text WHERE participant_id = old.id;
                DELETE FROM semantic_view WHERE participant_id = old.id;
            END;
            CREATE TRIGGER semantic_view_taxonomy_added AFTER INSERT ON taxonomy_term BEGIN DELETE FROM semantic_view; END;
            CREATE TRIGGER semantic_view_taxonomy_changed AFTER UPDATE ON taxonomy_term BEGIN DELETE FROM semantic_view; END;
            CREATE TRIGGER semantic_view_taxonomy_removed AFTER DELETE ON taxonomy_term BEGIN DELETE FROM semantic_view; END;
            """)
    }
}
