extension Unicode.Scalar {
    /// A C0 control character (U+0000–U+001F) or DEL that is not one of `allowed`: what must
    /// not reach a terminal, a CSV cell or a report (a NUL, a bell, an escape). C1 characters
    /// are not among them (see `Participant.controlCharacterIssues`).
    public func isControl(except allowed: Set<UInt32>) -> Bool {
        (value < 0x20 || value == 0x7F) && !allowed.contains(value)
    }

    /// `U+001B`: how messages name a character.
    public var codePointLabel: String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Tab, line feed and carriage return: the control characters a comment or a file's cell may hold.
    public static let tabAndLineBreaks: Set<UInt32> = [0x09, 0x0A, 0x0D]
    /// Tab, line feed, vertical tab, form feed and carriage return (U+0009–U+000D).
    public static let whiteSpaceControls: Set<UInt32> = Set(0x09...0x0D)
}
