import ClusterMatchApp
import Logging
import Foundation
import JSONSupport
import MatchCore

/// JSON-RPC 2.0 over lines: turns one request line (or batch) into one response line.
///
/// The transport (`Server`) feeds lines in and writes the answers out; this type knows the
/// protocol: parse errors, batches, notifications, ids, the method table and error codes.
/// It never throws and never traps on input: whatever arrives gets a well-formed answer.
package final class RPCService {
    package struct Options: Sendable {
        /// Longest request line accepted, in bytes.
        package var maxLineBytes: Int
        /// Deepest nesting of arrays/objects accepted in a request.
        package var maxDepth: Int
        /// Scoring profiles whose engines are kept in memory at once.
        package var engineCapacity: Int

        package init(maxLineBytes: Int = 16 << 20, maxDepth: Int = 256, engineCapacity: Int = 4) {
            self.maxLineBytes = maxLineBytes
            self.maxDepth = maxDepth
            self.engineCapacity = engineCapacity
        }
    }

    /// A method's result: a value, or JSON already serialised (compact) that is passed on as is.
    enum Reply {
        case value(JSONValue)
        case serialized(String)
    }

    typealias Handler = @Sendable (RPCService, inout Params) throws -> Reply

    let app: ClusterMatch
    let log: Logger
    let options: Options
    let engines: EngineCache
    /// Set by `shutdown`: the server stops after writing the current response.
    package private(set) var stopRequested = false

    package init(app: ClusterMatch, log: Logger, options: Options = Options()) {
        self.app = app
        self.log = log
        self.options = options
        engines = EngineCache(app: app, log: log, capacity: options.engineCapacity)
    }

    /// The method table. Names are a contract (docs/protocol.md).
    static let methods: [String: Handler] = [
        "system.info": { s, p in .value(try s.systemInfo(&p)) },
        "participant.upsert": { s, p in .value(try s.participantUpsert(&p)) },
        "participant.get": { s, p in try s.participantGet(&p) },
        "participant.list": { s, p in .value(try s.participantList(&p)) },
        "participant.delete": { s, p in .value(try s.participantDelete(&p)) },
        "match.query": { s, p in .value(try s.matchQuery(&p)) },
        "match.explain": { s, p in .value(try s.matchExplain(&p)) },
        "cluster.list": { s, p in .value(try s.clusterList(&p)) },
        "cluster.match": { s, p in .value(try s.clusterMatch(&p)) },
        "event.plan": { s, p in .value(try s.eventPlan(&p)) },
        "event.replan": { s, p in .value(try s.eventReplan(&p)) },
        "event.export": { s, p in .value(try s.eventExport(&p)) },
        "event.outcomes": { s, p in .value(try s.eventOutcomes(&p)) },
        "event.outcomeReport": { s, p in .value(try s.eventOutcomeReport(&p)) },
        "consortium.build": { s, p in .value(try s.consortiumBuild(&p)) },
        "taxonomy.get": { s, p in .value(try s.taxonomyGet(&p)) },
        "import.file": { s, p in .value(try s.importFile(&p)) },
        "history.import": { s, p in .value(try s.historyImport(&p)) },
        "profile.tune": { s, p in .value(try s.profileTune(&p)) },
        "shutdown": { s, _ in s.stopRequested = true; return .value(.null) },
    ]

    package static var methodNames: [String] { methods.keys.sorted() }

    // MARK: Lines

    /// The answer to one line (without the `\n`), or nil when nothing must be written
    /// (notifications, a batch of notifications, a blank line).
    package func respond(toLine line: some Collection<UInt8>) -> String? {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }  // blank lines are ignored
        let value: JSONValue
        do {
            value = try JSONParser.parse(line, maxDepth: options.maxDepth)
        } catch {
            log.debug("parse error: \(error)")
            return Self.response(id: .null, error: .parseError(error.description)).serialized()
        }
        if case .array(let elements) = value {
            if elements.isEmpty { return Self.response(id: .null, error: .invalidRequest("empty batch")).serialized() }
            let answers = elements.compactMap { handle($0) }
            return answers.isEmpty ? nil : "[" + answers.joined(separator: ",") + "]"
        }
        return handle(value)
    }

    /// The answer to a line that was over the size limit.
    package func respondToOversizedLine(bytes: Int) -> String {
        log.warning("skipped a request line of \(bytes) bytes (limit \(options.maxLineBytes))")
        return Self.response(id: .null, error: .invalidRequest(
            "the request line has \(bytes) bytes; the limit is \(options.maxLineBytes) (serve --max-line-bytes)")).serialized()
    }

    // MARK: Requests

    /// One request object → its response (serialised), or nil for a notification.
    func handle(_ request: JSONValue) -> String? {
        guard let object = request.objectValue else {
            return Self.response(id: .null, error: .invalidRequest("a request must be an object")).serialized()
        }
        let rawID = object["id"]
        let id: JSONValue
        switch rawID {
        case nil, .null?, .string?, .int?: id = rawID ?? .null
        case .double(let d)? where d.isFinite: id = rawID!
        default:
            return Self.response(id: .null, error: .invalidRequest("id must be a string, a number or null")).serialized()
        }
        let isNotification = rawID == nil
        guard object["jsonrpc"] == .string("2.0") else {
            return Self.response(id: id, error: .invalidRequest("jsonrpc must be exactly \"2.0\"")).serialized()
        }
        guard let method = object["method"]?.stringValue else {
            return Self.response(id: id, error: .invalidRequest("method must be a string")).serialized()
        }
        switch object["params"] {
        case nil, .array?, .object?: break
        default: return Self.response(id: id, error: .invalidRequest("params must be an object or an array")).serialized()
        }
        let started = ContinuousClock.now
        let outcome = call(method, params: object["params"])
        log.debug("\(method)", metadata: ["id": "\(id.serialized())", "outcome": "\(outcome.error.map { "error \($0.code)" } ?? "ok")",
                                         "duration": "\(started.duration(to: .now))"])
        if isNotification { return nil }
        if let error = outcome.error { return Self.response(id: id, error: error).serialized() }
        switch outcome.result ?? .value(.null) {
        case .value(let result): return Self.response(id: id, result: result).serialized()
        case .serialized(let json): return #"{"jsonrpc":"2.0","id":"# + id.serialized() + #","result":"# + json + "}"
        }
    }

    /// Runs a method, turning every failure into an error object.
    func call(_ method: String, params: JSONValue?) -> (result: Reply?, error: RPCError?) {
        guard let handler = Self.methods[method] else { return (nil, .methodNotFound(method)) }
        do {
            var p = try Params(params)
            if Self.writesWithoutDryRun.contains(method),
               let key = p.object.keys.first(where: { $0.foldedName == "dryrun" && p.object[$0] != .bool(false) }) {
                throw RPCError.invalidParams(field: key, value: p.object[key] ?? .null,
                                             "\(method) has no dry run and would write; leave \(key) out to write")
            }
            let result = try handler(self, &p)
            p.noteUnread()
            guard !p.unread.isEmpty else { return (result, nil) }
            log.warning("\(method): ignored unknown params \(p.unread.joined(separator: ", "))")
            return (Self.naming(ignored: p.unread, in: result), nil)
        } catch let error as RPCError {
            return (nil, error)
        } catch let error as ParticipantsRejected {
            return (nil, .invalidParams(error.records.flatMap { record in
                record.issues.map { ValidationIssue(field: "\(self.recordPath(record.index)).\($0.field)", value: $0.value, reason: $0.reason) }
            }))
        } catch {
            // Use-case errors, and the store's failures by their cause (SQLite's result code).
            if let app = AppError.recognising(error) {
                switch app.kind {
                case .busy: log.warning("\(method): database busy")
                case .damaged, .cannotWrite, .internal: log.error("\(method): \(app.message)")
                default: break
                }
                return (nil, RPCError(app))
            }
            let text = String(describing: error)
            log.error("\(method): \(text)")
            return (nil, .internalError(text))
        }
    }

    /// Methods that write and have no dry run. A `dryRun` other than `false` given to one of
    /// them (in any case, with `_` or `-`) is refused rather than ignored: the caller meant
    /// not to write. `dryRun: false` asks for what the method does anyway.
    static let writesWithoutDryRun: Set<String> = ["participant.upsert", "participant.delete", "event.plan", "event.replan", "event.outcomes"]

    /// An object result with `"ignoredParams": [names]` in front: unknown params are ignored
    /// (the protocol's rule) but said, so that a misspelt `dryrun` is seen. Other results,
    /// and documents passed on as stored (`participant.get`: a participant in the canonical
    /// format, which has no such field), are answered as they are; the log names the params.
    static func naming(ignored: [String], in reply: Reply) -> Reply {
        guard case .value(.object(let o)) = reply else { return reply }
        return .value(.object(JSONObject([("ignoredParams", .array(ignored.map { .string($0) }))] + o.map { ($0.key, $0.value) })))
    }

    /// Set while handling `participant.upsert`: how its records are named in issues.
    var recordPath: (Int) -> String = { "participants[\($0)]" }

    static func response(id: JSONValue, result: JSONValue) -> JSONValue {
        .object(JSONObject([("jsonrpc", "2.0"), ("id", id), ("result", result)]))
    }

    static func response(id: JSONValue, error: RPCError) -> JSONValue {
        .object(JSONObject([("jsonrpc", "2.0"), ("id", id), ("error", error.json)]))
    }
}
