import SentenceEmbedding

/// Whether semantic matching is on, as `doctor` and `system.info` report it.
public struct SemanticMatchingInfo: Sendable, Equatable {
    /// True when the sentence-embedding model is installed, intact and not switched off.
    public var isOn: Bool
    /// The model's folder, when on.
    public var model: String?
    /// Why it is off: not installed (and where it was looked for), damaged (which file), or
    /// switched off by `CLUSTERMATCH_SEMANTIC=off`.
    public var reason: String?
    /// The command that turns it on, when off.
    public var turnOn: String?

    /// Finds and checks the model as the commands would (never throws: a damaged model is "off").
    public static func current() -> SemanticMatchingInfo {
        switch EmbeddingModelLocation.load() {
        case .on(let encoder): SemanticMatchingInfo(isOn: true, model: encoder.directory.path)
        case .off(let reason, let turnOn): SemanticMatchingInfo(isOn: false, reason: reason, turnOn: turnOn)
        }
    }

    /// One line for `doctor`.
    public var summary: String {
        isOn ? "on (\(EmbeddingModelLocation.modelName), \(model ?? ""))"
            : "off: \(reason ?? "unknown reason"). Turn it on: \(turnOn ?? EmbeddingModelLocation.installCommand)"
    }
}
