/// Turns a file's bytes into text: UTF-8 with or without a byte-order mark.
package enum InputText {
    /// Why a file is not readable text.
    package struct DecodingError: Error, Sendable, CustomStringConvertible {
        package var line: Int
        package var message: String
        package var description: String { "line \(line): \(message)" }
    }

    /// Decodes UTF-8 (a leading BOM is dropped). UTF-16 and invalid UTF-8 are errors that
    /// say where and what to do.
    package static func decode(_ bytes: [UInt8]) throws(DecodingError) -> String {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw DecodingError(line: 1, message: "the file is UTF-16; save it as UTF-8 (in Excel: \"CSV UTF-8\")")
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes[3...] : bytes[...]
        if looksLikeUTF16(body) {
            throw DecodingError(line: 1, message: "the file looks like UTF-16 without a byte-order mark (every other byte is 0); save it as UTF-8 (in Excel: \"CSV UTF-8\")")
        }
        if let text = String(validating: body, as: UTF8.self) { return text }
        // Locate the first invalid byte for the message.
        var line = 1
        var i = body.startIndex
        while i < body.endIndex {
            let b = body[i]
            let length = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
            if length == 0 || i + length > body.endIndex
                || body[(i + 1)..<(i + length)].contains(where: { $0 >> 6 != 0b10 })
                || String(validating: body[i..<(i + length)], as: UTF8.self) == nil {
                break
            }
            if b == 0x0A { line += 1 }
            i += length
        }
        throw DecodingError(line: line, message: "not UTF-8 text (byte 0x\(String(body[min(i, body.endIndex - 1)], radix: 16, uppercase: true)) cannot start a character here); save the file as UTF-8 (in Excel: \"CSV UTF-8\")")
    }

    /// Text in UTF-16 without a byte-order mark: NUL bytes, which UTF-8 text does not hold,
    /// at a third or more of the first 4 KiB's even or odd places (the high bytes of Latin
    /// letters). Valid UTF-8 byte for byte, it would otherwise read as garbled fields.
    static func looksLikeUTF16(_ body: ArraySlice<UInt8>) -> Bool {
        let sample = body.prefix(4096)
        guard sample.count >= 4 else { return false }
        var zeros = [0, 0]
        for (i, b) in sample.enumerated() where b == 0 { zeros[i & 1] += 1 }
        return 3 * max(zeros[0], zeros[1]) >= sample.count / 2
    }

    /// Checks that bytes are UTF-8 before a parser sees them (a BOM is allowed), naming the
    /// file and line of the first invalid byte.
    /// - Complexity: O(n); one pass when the bytes are valid.
    package static func requireUTF8(_ bytes: [UInt8], file: String) throws(ImportFileError) {
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes[3...] : bytes[...]
        if !looksLikeUTF16(body), String(validating: body, as: UTF8.self) != nil { return }
        do { _ = try decode(bytes) } catch { throw ImportFileError(file: file, line: error.line, message: error.message) }
    }
}
