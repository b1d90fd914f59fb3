import JSONSupport
import MatchCore
import MatchStore

extension DoctorReport {
    /// The report as one JSON object: `doctor --format json` and the service's `system.info`.
    package var json: JSONObject {
        var o = JSONObject()
        o["version"] = .string(version)
        o["sqlite"] = .string(sqliteVersion)
        o["blas"] = .string(blas.implementation)
        o["blasLibrary"] = .string(blas.library)
        o["blasThreads"] = blas.threads.map { .int(Int64($0)) } ?? .null
        o["blasConfiguration"] = blas.configuration.map { .string($0) } ?? .null
        o["allPairsKernel"] = .string(AllPairsKernelInfo.name)
        o["database"] = .string(databasePath)
        if !databaseExists { o["databaseExists"] = .bool(false) }
        o["participants"] = .int(Int64(counts.participants))
        o["participantsByKind"] = .object(JSONObject(counts.byKind.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value))) }))
        o["taxonomyTerms"] = .int(Int64(counts.taxonomyTerms))
        o["taxonomies"] = .array(taxonomies.map { .string($0.namespace) })
        o["vectors"] = .int(Int64(counts.vectors))
        o["vectorDimension"] = .int(Int64(vectorDimension))
        o["vectorStore"] = vectorStore.map { .object($0.json) } ?? .null
        o["warnings"] = .array(warnings.map { .string($0) })
        var data = JSONObject()
        data["profilesFolder"] = shippedData.folder.map { .string($0) } ?? .null
        for piece in shippedData.pieces { data[piece.key] = .string(piece.origin) }
        o["data"] = .object(data)
        o["semanticMatching"] = .string(semantic.isOn ? "on" : "off")
        o["semanticModel"] = semantic.model.map { .string($0) } ?? .null
        o["semanticOffReason"] = semantic.reason.map { .string($0) } ?? .null
        o["semanticTurnOn"] = semantic.turnOn.map { .string($0) } ?? .null
        return o
    }
}

extension VectorStoreStatus {
    /// `path`, `size` (bytes), `builtFromGeneration` (null when none can be read),
    /// `databaseGeneration`, `current`, `problem` (why it is not current, or null), and
    /// `followedChanges` (a stale store that `match` and `explain` follow through the change
    /// log: how many participants changed since it was built; null otherwise).
    package var json: JSONObject {
        var o = JSONObject()
        o["path"] = .string(path)
        o["size"] = .int(Int64(size))
        o["builtFromGeneration"] = builtFrom.map { .int($0.generation) } ?? .null
        o["databaseGeneration"] = .int(database.generation)
        o["current"] = .bool(isCurrent)
        o["problem"] = problem.map { .string($0.description) } ?? .null
        o["followedChanges"] = followedChanges.map { .int(Int64($0)) } ?? .null
        return o
    }

    /// One line for people: where, how big, built from which generation, current or why not.
    package var summary: String {
        let built = builtFrom.map { ", built from \($0)" } ?? ""
        let state = problem.map { problem in
            if let changed = followedChanges {
                return "not current: \(problem); \(changed) participant\(changed == 1 ? "" : "s") changed since, which match and explain "
                    + "follow from the change log while the drift stays within the refresh rule; the next match-all or event plan rebuilds it"
            }
            return "not current: \(problem); the next match rebuilds it"
        } ?? "current"
        return "\(path) (\(size) bytes\(built)), \(state)"
    }
}
