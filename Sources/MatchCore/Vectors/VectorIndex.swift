/// The vectors of a whole participant set, built together because corpus statistics
/// (document frequencies) depend on all of them.
public struct VectorIndex: Sendable {
    public var space: VectorSpace
    /// In the order of the participants given.
    public var vectors: [ParticipantVectors]

    /// Builds statistics and vectors for all participants.
    /// - Complexity: O(total features + N·dimension).
    public static func build(participants: [Participant], taxonomy: Taxonomy, configuration: VectorSpaceConfiguration) -> VectorIndex {
        var space = VectorSpace(configuration: configuration, taxonomy: taxonomy)
        let features = participants.map(space.features(of:))
        space.statistics = CorpusStatistics(features: features)
        return VectorIndex(space: space, vectors: features.map(space.vectors(of:)))
    }
}
