/// Whether a participant takes part in matching. False for EEN profiles flagged expired
/// (`"attributes": {"een": {"expired": true}}`) and for any participant marked
/// `"attributes": {"matchable": false}`. The matcher leaves such participants out unless asked.
public func isMatchable(_ p: Participant) -> Bool {
    guard let attributes = p.attributes else { return true }
    if attributes["matchable"]?.boolValue == false { return false }
    if attributes["een"]?["expired"]?.boolValue == true { return false }
    return true
}
