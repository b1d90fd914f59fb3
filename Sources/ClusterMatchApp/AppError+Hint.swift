extension AppError {
    /// What a user can do about an error, named by each door in its own words: the CLI
    /// appends "see: clustermatch participants list" or "use --skip-invalid", the service
    /// names its params. Use cases set the hint, never the words.
    package enum Hint: Sendable, Hashable {
        /// A participant id was not found: the list of participants shows the known ones.
        case listParticipants
        /// A cluster id was not found.
        case listClusters
        /// A taxonomy namespace was not found.
        case listTaxonomies
        /// A file's format could not be recognised: name it.
        case nameTheFormat
        /// A file's recognised format failed to read: name another one.
        case nameAnotherFormat
        /// An import had invalid records and stored nothing: it may store the valid ones.
        case skipInvalid
        /// A participant is left out of matching (expired, or marked not matchable): the query may include it.
        case includeUnmatchable
        /// A file to write exists: it may be replaced.
        case overwrite
        /// The demo would replace a database it did not make: it may be given other places.
        case otherDemoLocation
    }
}
