import EventPlanner
import Foundation
import JSONSupport
import MatchCore
import MatchStore

extension ClusterMatch {
    /// Everything stored about one participant, as one JSON document (for a data subject's
    /// access request): the profile with contact details, source and attributes; cluster
    /// memberships both ways; the vectors computed from it; what the event planner
    /// stores (requests, meetings); the collaboration history records it is in; its
    /// meetings' outcomes; and the projects its profile was built from (a CORDIS import's organisations).
    ///
    /// For an id that is not a participant but is named by history, an event or outcomes (a
    /// history-only member, a guest): `"participant": null`, its `name` from history imports,
    /// `schedules`, `history` and `meetingOutcomes` (`participants delete` erases the same).
    package func personalData(of id: String) throws -> JSONValue {
        guard let record = try store.storedRecord(of: id) else {
            let outcomes = try store.outcomes(of: id)
            let guest = try store.storedGuestRecord(of: id)
            guard guest != nil || !outcomes.isEmpty else { throw AppError.notFound(participant: id) }
            var root = JSONObject([("id", .string(id)), ("participant", .null)])
            if let name = guest?.name { root["name"] = .string(name) }
            root["schedules"] = Self.scheduleJSON(guest?.schedules ?? [])
            root["history"] = Self.historyJSON(guest?.history ?? [])
            if !outcomes.isEmpty { root["meetingOutcomes"] = Self.outcomesJSON(outcomes) }
            return .object(root)
        }
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
        root["schedules"] = Self.scheduleJSON(record.schedules)
        root["history"] = Self.historyJSON(record.history)
        // What happened at its meetings, both sides' reports (the partner's may name it); a
        // held meeting is also history (`history` lists imported records only).
        let outcomes = try store.outcomes(of: id)
        if !outcomes.isEmpty { root["meetingOutcomes"] = Self.outcomesJSON(outcomes) }
        // Others' comments that name it (its id, name or contact person): erasure rewrites them.
        let mentions = try store.comments(mentioning: id)
        if !mentions.isEmpty {
            root["mentionedInComments"] = .array(mentions.map {
                .object(JSONObject([("event", .string($0.event)), ("uid", .string($0.uid)), ("comment", .string($0.comment))]))
            })
        }
        let projects = try store.profileProjects(of: id)
        if !projects.isEmpty {
            // The projects a CORDIS import built the profile from (`profiles tune` reads them).
            root["profileProjects"] = .array(projects.map { p in
                var o = JSONObject([("key", .string(p.key)), ("date", .string(p.date)), ("topic", p.topic.isEmpty ? .null : .string(p.topic))])  // null: the project names no call topic
                if let t = p.title { o["title"] = .string(t) }
                o["programmes"] = .array(p.programmes.map { .string($0) })
                return .object(o)
            })
        }
        root["matchable"] = .bool(isMatchable(record.participant))
        return .object(root)
    }

    static func scheduleJSON(_ schedules: [(kind: String, record: [String: String])]) -> JSONValue {
        .array(schedules.map { entry in
            var o = JSONObject()
            o["kind"] = .string(entry.kind)
            for (k, v) in entry.record.sorted(by: { $0.key < $1.key }) { o[k] = .string(v) }
            return .object(o)
        })
    }

    static func historyJSON(_ history: [Collaboration]) -> JSONValue {
        .array(history.map { c in
            .object(JSONObject([("key", .string(c.key)), ("kind", .string(c.kind.rawValue)), ("date", .string(c.date)),
                                ("weight", .double(c.weight)), ("source", .string(c.source)), ("members", .array(c.members.map { .string($0) }))]))
        })
    }

    /// Meetings with their planned score and both sides' reports.
    static func outcomesJSON(_ outcomes: [MeetingOutcome]) -> JSONValue {
        .array(outcomes.map { m in
            .object(JSONObject([
                ("event", .string(m.event)), ("uid", .string(m.uid)), ("a", .string(m.a)), ("b", .string(m.b)),
                ("slot", .string(m.slot)), ("date", .string(m.date)), ("score", .double(m.score)), ("status", .string(m.status.rawValue)),
                ("sides", .array(m.sides.map { side in
                    var o = JSONObject([("participant", .string(side.participant))])
                    o["attended"] = side.attended.map { .bool($0) } ?? .null
                    o["rating"] = side.rating.map { .int(Int64($0)) } ?? .null
                    o["followUp"] = side.followUp.map { .bool($0) } ?? .null
                    o["comment"] = side.comment.map { .string($0) } ?? .null
                    return .object(o)
                })),
            ]))
        })
    }

    /// Erases a participant everywhere: profile, vectors, memberships, the event
    /// planner's requests and schedules, and its collaboration history (see `Erasure`, the event planner's personal-data policy).
    ///
    /// The vector store beside the database (`DB-vectors`, a cache that `match` builds
    /// again) is removed too: it holds the profile texts and names of everyone it was built
    /// from, and a store that follows the change log would keep them until its next rebuild.
    package func erase(participant id: String) throws {
        guard try store.delete(id) else { throw AppError.notFound(participant: id) }
        guard let file = store.vectorStorePath else { return }
        // With the partial files of builds that stopped half-way (FILE.PID.tmp, their
        // process gone; a running build's file is its own to finish or remove).
        let url = URL(fileURLWithPath: file)
        let folder = url.deletingLastPathComponent().path, prefix = url.lastPathComponent + "."
        let partial = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { name in
            guard name.hasPrefix(prefix), name.hasSuffix(".tmp"),
                  let pid = Int32(name.dropFirst(prefix.count).dropLast(4)) else { return false }
            return kill(pid, 0) != 0 && errno == ESRCH
        }.map { folder + "/" + $0 }
        for path in [file] + partial where FileManager.default.fileExists(atPath: path) {
            do { try FileManager.default.removeItem(atPath: path) } catch {
                throw AppError(.cannotWrite, "\(id) was erased from the database, but the vector store file \(path) could not be removed (\(error.localizedDescription)); it still holds their profile: remove it by hand")
            }
        }
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
