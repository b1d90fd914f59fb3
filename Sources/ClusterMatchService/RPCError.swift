import ClusterMatchApp
import JSONSupport
import MatchCore

/// A JSON-RPC error object: a code, a message and optional structured data.
///
/// Codes -32768…-32000 are the ones JSON-RPC 2.0 fixes; the application's own codes
/// (1000…) are documented in docs/protocol.md and are a contract.
package struct RPCError: Error, Sendable, Equatable {
    package var code: Int
    package var message: String
    package var data: JSONValue?

    package init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    package var json: JSONValue {
        var o = JSONObject()
        o["code"] = .int(Int64(code))
        o["message"] = .string(message)
        if let data { o["data"] = data }
        return .object(o)
    }

    // MARK: The codes JSON-RPC 2.0 fixes

    package static let parseErrorCode = -32700
    package static let invalidRequestCode = -32600
    package static let methodNotFoundCode = -32601
    package static let invalidParamsCode = -32602
    package static let internalErrorCode = -32603

    // MARK: The application's codes

    /// A named participant, taxonomy term, file or scoring profile does not exist.
    package static let notFoundCode = 1000
    /// The data a request points to (a file to import) is invalid; `data.details` lists why.
    package static let invalidDataCode = 1001
    /// The database stayed locked by another process past the busy timeout: retry later.
    package static let busyCode = 1002
    /// The method is part of the protocol but not available in this build.
    package static let notAvailableCode = 1003

    package static func parseError(_ message: String) -> RPCError { RPCError(code: parseErrorCode, message: "Parse error: \(message)") }
    package static func invalidRequest(_ message: String) -> RPCError { RPCError(code: invalidRequestCode, message: "Invalid Request: \(message)") }
    package static func methodNotFound(_ method: String) -> RPCError {
        RPCError(code: methodNotFoundCode, message: "Method not found: \(method)")
    }

    /// Invalid params, with every offending field in `data.issues`.
    package static func invalidParams(_ issues: [ValidationIssue]) -> RPCError {
        let summary = issues.prefix(3).map(\.description).joined(separator: "; ") + (issues.count > 3 ? "; …" : "")
        return RPCError(code: invalidParamsCode, message: "Invalid params: \(summary)",
                        data: .object(JSONObject([("issues", .array(issues.map(\.json)))])))
    }

    package static func invalidParams(field: String, value: JSONValue?, _ reason: String) -> RPCError {
        invalidParams([ValidationIssue(field: field, value: value.map(Params.preview), reason: reason)])
    }

    package static func internalError(_ message: String) -> RPCError { RPCError(code: internalErrorCode, message: "Internal error: \(message)") }

    package static func notAvailable(_ method: String) -> RPCError {
        RPCError(code: notAvailableCode, message: "\(method) is not available in this build")
    }

    /// The error a use case's `AppError` means on the wire.
    package init(_ error: AppError) {
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
