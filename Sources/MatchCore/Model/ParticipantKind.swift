/// What sort of actor a participant is. The raw values are the canonical format's spelling.
public enum ParticipantKind: String, CaseIterable, Sendable, Hashable, Comparable {
    case company
    case researcher
    case knowledgeInstitution = "knowledge-institution"
    case cluster
    case publicBody = "public-body"
    case other

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The accepted spellings, for error messages.
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
