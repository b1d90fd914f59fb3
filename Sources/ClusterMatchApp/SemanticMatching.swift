import SentenceEmbedding

/// Whether semantic matching is on, as `doctor` and `system.info` report it.
package struct SemanticMatchingInfo: Sendable, Equatable {
    /// True when the sentence-embedding model is installed, intact and not switched off.
    package var isOn: Bool
    /// The model's folder, when on.
    package var model: String?
    /// Why it is off: not installed (and where it was looked for), damaged (which file), or
    /// switched off by `CLUSTERMATCH_SEMANTIC=off`.
    package var reason: String?
    /// The command that turns it on, when off.
    package var turnOn: String?

    /// Finds and checks the model as the commands would (never throws: a damaged model is "off").
    package static func current() -> SemanticMatchingInfo {
        switch EmbeddingModelLocation.load() {
        case .on(let encoder): SemanticMatchingInfo(isOn: true, model: encoder.directory.path)
        case .off(let reason, let turnOn): SemanticMatchingInfo(isOn: false, reason: reason, turnOn: turnOn)
        }
    }

    /// One line for `doctor`.
    package var summary: String {
        isOn ? "on (\(EmbeddingModelLocation.modelName), \(model ?? ""))"
            : "off: \(reason ?? "unknown reason"). Turn it on: \(turnOn ?? EmbeddingModelLocation.installCommand)"
    }
}
