internal import GRDB

extension Schema {
    /// Sentence embeddings by model and text: a text is embedded once, whoever uses it.
    static func embeddings(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE text_embedding (
                model TEXT NOT NULL,             -- the model and its settings, e.g. all-MiniLM-L6-v2/256
                text_sha256 BLOB NOT NULL,       -- SHA-256 of the text's UTF-8 bytes
                vector BLOB NOT NULL,            -- float32 little-endian, L2-normalised
                PRIMARY KEY (model, text_sha256)
            ) WITHOUT ROWID;
            """)
    }
}
