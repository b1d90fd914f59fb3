import MatchCore

/// A plain-text table for terminals: columns padded to their widest cell, long cells cut, a
/// cell with a line break or other control character (a name stored before imports refused
/// them) put on one line, so that no cell can move the cursor or recolour the terminal.
package enum TextTable {
    /// - Parameters:
    ///   - maxWidth: the widest a column may be; longer cells end in "…".
    ///   - rightAligned: indices of columns to align right (numbers).
    package static func render(header: [String], rows: [[String]], maxWidth: Int = 48, rightAligned: Set<Int> = []) -> String {
        let cut = rows.map { $0.map(Self.oneLine).map { $0.count > maxWidth ? String($0.prefix(maxWidth - 1)) + "…" : $0 } }
        var widths = header.map(\.count)
        for row in cut { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        func format(_ row: [String]) -> String {
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
                return rightAligned.contains(i) ? pad + cell : (i == row.count - 1 ? cell : cell + pad)
            }.joined(separator: "  ")
        }
        var lines = [format(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        lines += cut.map(format)
        return lines.joined(separator: "\n") + "\n"
    }

    static func oneLine(_ cell: String) -> String {
        cell.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) } ? cell.oneLine : cell
    }
}
