import ClusterMatchApp
import Importers

extension AppError.Hint {
    /// The advice in the protocol's words (its params), appended to the error's message;
    /// empty where a client has nothing to add.
    var service: String {
        switch self {
        case .listParticipants, .listClusters, .listTaxonomies: ""
        case .nameTheFormat: "; name it with the format param (\(ImportFormat.spellings))"
        case .nameAnotherFormat: "; name another with the format param"
        case .skipInvalid: " Fix them, or set skipInvalid to store the valid records."
        case .includeUnmatchable: ": set includeUnmatchable to match it anyway"
        case .overwrite: "; remove it first"
        case .otherDemoLocation: ""
        }
    }
}
