/// Whether a participant takes part in matching. False for EEN profiles flagged expired
/// (`"attributes": {"een": {"expired": true}}`), limited (`"limited": true`: the partner web
/// service published only their reference and status) or closed for expressions of interest
/// (`"openForEOI": false`), and for any participant marked `"attributes": {"matchable": false}`.
/// The matcher leaves such participants out unless asked.
public func isMatchable(_ p: Participant) -> Bool {
    unmatchableReason(p) == nil
}

/// Why `isMatchable` is false for a participant, in words; nil when it is matchable.
public func unmatchableReason(_ p: Participant) -> String? {
    guard let attributes = p.attributes else { return nil }
    if attributes["matchable"]?.boolValue == false { return "\(p.id) is marked not matchable (attributes.matchable false)" }
    guard let een = attributes["een"] else { return nil }
    if een["limited"]?.boolValue == true {
        return "\(p.id) is a limited EEN profile (only its reference and status are published): it is matched once an import brings its content"
    }
    if een["expired"]?.boolValue == true {
        let why = [een["status"]?.stringValue.map { "status \($0)" }, een["expires"]?.stringValue.map { "deadline \($0)" }].compactMap { $0 }
        return "\(p.id) is an expired EEN profile\(why.isEmpty ? "" : " (\(why.joined(separator: ", ")))")"
    }
    if een["openForEOI"]?.boolValue == false {
        return "\(p.id) is closed for expressions of interest (EEN openForEOI false)"
    }
    return nil
}
