import ClusterMatchApp
import Importers

extension AppError.Hint {
    /// The advice in the command line's words, appended to the error's message.
    var commandLine: String {
        switch self {
        case .listParticipants: " (see: clustermatch participants list)"
        case .listClusters: " (see: clustermatch clusters list)"
        case .listTaxonomies: " (see: clustermatch taxonomy list)"
        case .nameTheFormat: "; name it with --as (\(ImportFormat.spellings))"
        case .nameAnotherFormat: "; name another with --as"
        case .skipInvalid: " Fix them, or use --skip-invalid to store the valid records."
        case .includeUnmatchable: ": use --include-expired to match it anyway"
        case .overwrite: "; remove it or use --overwrite"
        case .otherDemoLocation: "; choose another --db or --out"
        }
    }
}
