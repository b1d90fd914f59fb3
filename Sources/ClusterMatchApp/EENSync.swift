import MatchCore
import JSONSupport

/// How a page of the EEN partner web service is laid over what is stored, so that pages
/// imported in any order, any number of times, give the same database.
///
/// For a profile already stored:
/// - the *content* (name, texts, offers or needs, keywords, partnership types …) comes from
///   the full record: a limited answer never erases it; of two full records, the newer;
/// - the *status* (`status`, `openForEOI`, `expired` and the dates) comes from the newer
///   record, whichever its shape;
/// - newer means a later `lastModified` (else `updated`); on a tie the incoming record wins.
enum EENSync {
    /// The `attributes.een` keys that describe the profile's state rather than its content.
    static let statusKeys = ["status", "openForEOI", "expired", "submitted", "updated", "published", "expires", "created", "lastModified"]

    /// When a record says it was last modified: `lastModified`, else the `updated` date.
    static func modified(_ p: Participant) -> String? {
        let een = p.attributes?["een"]
        return een?["lastModified"]?.stringValue ?? een?["updated"]?.stringValue
    }

    static func isLimited(_ p: Participant) -> Bool { p.attributes?["een"]?["limited"]?.boolValue == true }

    /// True when the stored version could change what the incoming record alone would store.
    static func needsStored(incoming: Participant, stored: (limited: Bool, modified: String?)) -> Bool {
        if isLimited(incoming) && !stored.limited { return true }
        guard let mine = modified(incoming), let theirs = stored.modified else { return false }
        return theirs > mine
    }

    /// The record to store when `incoming` meets `stored` (both EEN profiles with one id).
    static func merge(incoming: Participant, stored: Participant) -> Participant {
        let storedNewer = modified(stored).map { s in modified(incoming).map { s > $0 } ?? false } ?? false
        let statusFrom = storedNewer ? stored : incoming
        var result: Participant
        switch (isLimited(incoming), isLimited(stored)) {
        case (true, false): result = stored
        case (false, true): result = incoming
        default: result = storedNewer ? stored : incoming
        }
        guard var een = result.attributes?["een"]?.objectValue, let status = statusFrom.attributes?["een"]?.objectValue else { return result }
        for key in statusKeys { een[key] = status[key] }
        result.attributes?["een"] = .object(canonical(een))
        return result
    }

    /// The order in which the EEN importers write `attributes.een` (`EENProfiles`), so that a
    /// merged record reads as if imported at once; keys not listed keep their order after these.
    static let keyOrder = ["reference", "type", "status", "submitted", "updated", "published", "expires", "created", "lastModified",
                           "publicURL", "stageOfDevelopment", "ipr", "partnerRole", "partnerArea", "partnerSought", "typesOfPartnership",
                           "typesAndSizes", "targetedCountries", "sdgKeywords", "openForEOI", "expired", "limited"]

    static func canonical(_ een: JSONObject) -> JSONObject {
        var ordered = JSONObject()
        for key in keyOrder { if let v = een[key] { ordered[key] = v } }
        for (key, value) in een where !keyOrder.contains(key) { ordered[key] = value }
        return ordered
    }
}
