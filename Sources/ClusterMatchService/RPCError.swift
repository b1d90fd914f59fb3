import ClusterMatchApp
import JSONSupport
import MatchCore

/// A JSON-RPC error object: a code, a message and optional structured data.
///
/// Codes -32768…-32000 are the ones JSON-RPC 2.0 fixes; the application's own codes
/// (1000…) are documented in docs/protocol.md and are a contract.
public struct RPCError: Error, Sendable, Equatable {
    public var code: Int
    public var message: String
    public var data: JSONValue?

    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    public var json: JSONValue {
        var o = JSONObject()
        o["code"] = .int(Int64(code))
        o["message"] = .string(message)
        if let data { o["data"] = data }
        return .object(o)
    }

    // MARK: The codes JSON-RPC 2.0 fixes

    public static let parseErrorCode = -32700
    public static let invalidRequestCode = -32600
    public static let methodNotFoundCode = -32601
    public static let invalidParamsCode = -32602
    public static let internalErrorCode = -32603

    // MARK: The application's codes

    /// A named participant, taxonomy term, file or scoring profile does not exist.
    public static let notFoundCode = 1000
    /// The data a request points to (a file to import) is invalid; `data.details` lists why.
    public static let invalidDataCode = 1001
    /// The database stayed locked by another process past the busy timeout: retry later.
    public static let busyCode = 1002
    /// The method is part of the protocol but not available in this build.
    public static let notAvailableCode = 1003

    public static func parseError(_ message: String) -> RPCError { RPCError(code: parseErrorCode, message: "Parse error: \(message)") }
    public static func invalidRequest(_ message: String) -> RPCError { RPCError(code: invalidRequestCode, message: "Invalid Request: \(message)") }
    public static func methodNotFound(_ method: String) -> RPCError {
        RPCError(code: methodNotFoundCode, message: "Method not found: \(method)")
    }

    /// Invalid params, with every offending field in `data.issues`.
    public static func invalidParams(_ issues: [ValidationIssue]) -> RPCError {
        let summary = issues.prefix(3).map(\.description).joined(separator: "; ") + (issues.count > 3 ? "; …" : "")
        return RPCError(code: invalidParamsCode, message: "Invalid params: \(summary)",
                        data: .object(JSONObject([("issues", .array(issues.map(\.json)))])))
    }

    public static func invalidParams(field: String, value: JSONValue?, _ reason: String) -> RPCError {
        invalidParams([ValidationIssue(field: field, value: value.map(Params.preview), reason: reason)])
    }

    public static func internalError(_ message: String) -> RPCError { RPCError(code: internalErrorCode, message: "Internal error: \(message)") }

    public static func notAvailable(_ method: String) -> RPCError {
        RPCError(code: notAvailableCode, message: "\(method) is not available in this build")
    }

    /// The error a use case's `AppError` means on the wire.
    public init(_ error: AppError) {
        var error = error
        error.message += error.hint?.service ?? ""
        let data: JSONValue? = error.details.isEmpty ? nil : .object(JSONObject([("details", .array(error.details.map { .string($0) }))]))
        switch error.kind {
        case .usage: self.init(code: Self.invalidParamsCode, message: "Invalid params: \(error.message)", data: data)
        case .badInput: self.init(code: Self.invalidDataCode, message: error.message, data: data)
        case .notFound: self.init(code: Self.notFoundCode, message: error.message, data: data)
        case .internal: self.init(code: Self.internalErrorCode, message: "Internal error: \(error.message)", data: data)
        // Failures of the server's own files, in the words the CLI prints.
        case .damaged, .cannotWrite: self.init(code: Self.internalErrorCode, message: error.message, data: data)
        case .busy: self.init(code: Self.busyCode, message: error.message, data: data)
        }
    }
}
