import Foundation
import JSONSupport
import MatchCore
import MatchStore

extension ClusterMatch {
    /// Everything stored about one participant, as one JSON document (for a data subject's
    /// access request): the profile with contact details, source and attributes; cluster
    /// memberships both ways; the vectors computed from it; what the event planner
    /// stores (requests, meetings); and the collaboration history records it is in.
    package func personalData(of id: String) throws -> JSONValue {
        guard let record = try store.storedRecord(of: id) else { throw AppError.notFound(participant: id) }
        func numbers(_ v: [Float]) -> JSONValue { .array(v.map { .double(Double($0)) }) }
        var root = JSONObject()
        root["participant"] = record.participant.json
        root["memberOf"] = .array(record.memberOf.map { .string($0) })
        if record.participant.kind == .cluster { root["members"] = .array(record.members.map { .string($0) }) }
        if let v = record.vectors {
            var vectors = JSONObject()
            vectors["profile"] = numbers(v.profile)
            vectors["offers"] = numbers(v.offers)
            vectors["needs"] = numbers(v.needs)
            if let e = v.embedding { vectors["embedding"] = numbers(e) }
            root["vectors"] = .object(vectors)
        }
        root["schedules"] = .array(record.schedules.map { entry in
            var o = JSONObject()
            o["kind"] = .string(entry.kind)
            for (k, v) in entry.record.sorted(by: { $0.key < $1.key }) { o[k] = .string(v) }
            return .object(o)
        })
        root["history"] = .array(record.history.map { c in
            .object(JSONObject([("key", .string(c.key)), ("kind", .string(c.kind.rawValue)), ("date", .string(c.date)),
                                ("weight", .double(c.weight)), ("source", .string(c.source)), ("members", .array(c.members.map { .string($0) }))]))
        })
        root["matchable"] = .bool(isMatchable(record.participant))
        return .object(root)
    }

    /// Erases a participant everywhere: profile, vectors, memberships, the event
    /// planner's requests and schedules, and its collaboration history (see `Erasure`, the event planner's personal-data policy).
    package func erase(participant id: String) throws {
        guard try store.delete(id) else { throw AppError.notFound(participant: id) }
    }

    /// Writes a consistent copy of the database to `path` while other processes keep using
    /// it (SQLite's online backup). The copy is one self-contained file; it is written
    /// beside `path` first and renamed into place, so `path` is never half-written.
    /// - Returns: the size of the copy in bytes.
    @discardableResult
    package func backup(to path: String, overwrite: Bool = false) throws -> Int {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: path).standardizedFileURL
        if target.path == URL(fileURLWithPath: store.path).standardizedFileURL.path {
            throw AppError(.usage, "\(path) is the database itself; give another file")
        }
        if fm.fileExists(atPath: target.path) && !overwrite {
            throw AppError(.usage, "\(path) exists", hint: .overwrite)
        }
        guard fm.fileExists(atPath: target.deletingLastPathComponent().path) else {
            throw AppError(.cannotWrite, "\(target.deletingLastPathComponent().path): no such folder")
        }
        let partial = target.path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        try? fm.removeItem(atPath: partial)
        do {
            try store.backup(to: partial)
            if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
            try fm.moveItem(atPath: partial, toPath: target.path)
        } catch let error as StoreError {
            try? fm.removeItem(atPath: partial)
            // A damaged database cannot be copied; a copy that cannot be written names the copy.
            throw error.code == .cannotCreate ? AppError(.cannotWrite, "backup to \(path) failed: \(error.detail)") : AppError(error)
        } catch {
            try? fm.removeItem(atPath: partial)
            throw AppError(.cannotWrite, "backup to \(path) failed: \(error.localizedDescription)")
        }
        return (try? fm.attributesOfItem(atPath: target.path)[.size] as? Int) ?? 0
    }
}
