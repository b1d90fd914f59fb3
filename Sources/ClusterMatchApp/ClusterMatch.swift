import Foundation
import MatchCore
import MatchStore

/// The application: the use cases the CLI and the service share, over one database.
package struct ClusterMatch: Sendable {
    package static let version = "0.1.0"

    package let store: MatchStore
    /// Whether matching may use meaning (`SemanticSwitch`); `.auto` unless a caller (a
    /// test that expects lexical scores) switches it off.
    package var semantic: SemanticSwitch
    /// Where notes for people go that are not results (the CLI: stderr), such as the profile
    /// a list is ranked with when it is not the one asked for; nil: nowhere.
    package var notice: (@Sendable (String) -> Void)?

    package init(store: MatchStore, semantic: SemanticSwitch = .auto) {
        self.store = store
        self.semantic = semantic
    }

    /// Opens the database at `path`, creating it if needed; `semantic`: `.off` for lexical scores only.
    ///
    /// - Throws: `AppError`: `.cannotWrite` when the file cannot be created, `.damaged`
    ///   when it is damaged or cannot be read, `.busy` when it stays locked.
    package static func open(path: String, semantic: SemanticSwitch = .auto) throws -> ClusterMatch {
        do {
            return ClusterMatch(store: try MatchStore.open(path: path), semantic: semantic)
        } catch let error as StoreError {
            throw AppError(error)
        }
    }

    /// The database path from an option, `CLUSTERMATCH_DB`, or `./clustermatch.sqlite`.
    package static func databasePath(option: String?) -> String {
        if let option, !option.isEmpty { return option }
        if let env = ProcessInfo.processInfo.environment["CLUSTERMATCH_DB"], !env.isEmpty { return env }
        return "clustermatch.sqlite"
    }
}
