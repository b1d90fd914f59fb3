internal import GRDB

extension MatchStore {
    /// The number of participants now, and the document frequency of each of `features`
    /// now (a feature no participant has is left out): what an engine that follows writes in
    /// place compares its IDF with (`EngineCurrency`).
    /// - Complexity: O(features) index lookups.
    package func corpusCounts(of features: some Collection<String>) throws -> (documents: Int, frequency: [String: Int]) {
        let names = Array(features)
        return try writer.read { db in
            let documents = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM participant") ?? 0
            var frequency: [String: Int] = [:]
            for start in stride(from: 0, to: names.count, by: 500) {
                let chunk = Array(names[start..<min(names.count, start + 500)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                for row in try Row.fetchAll(db, sql: "SELECT name, documents FROM feature WHERE name IN (\(marks)) AND documents > 0",
                                            arguments: StatementArguments(chunk)) {
                    frequency[row[0]] = row[1]
                }
            }
            return (documents, frequency)
        }
    }
}
