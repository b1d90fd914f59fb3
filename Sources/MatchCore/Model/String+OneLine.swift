extension String {
    /// The text on one line: line breaks, tabs and other control characters become spaces,
    /// runs of white space one space, the ends trimmed. For names from files whose fields may
    /// hold line breaks (a quoted CSV cell), before they go into one-line notes.
    public var oneLine: String {
        var out = ""
        var space = false
        for scalar in unicodeScalars {
            if scalar.properties.generalCategory == .control || scalar.properties.isWhitespace {
                space = !out.isEmpty
            } else {
                if space { out.unicodeScalars.append(" ") }
                out.unicodeScalars.append(scalar)
                space = false
            }
        }
        return out
    }
}
