// A strict RFC 8259 JSON parser working directly on UTF-8 bytes.
//
// The parser is iterative (an explicit stack of open containers), so hostile input such
// as 100,000 nested `[` yields a "nesting deeper than N" error instead of overflowing
// the call stack. It never traps on malformed input.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A JSON text that is not valid, with the 1-based line and column (in bytes) where the
/// problem was found.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line. Lines end at `\n`, `\r\n` or a lone `\r`.
    public var line: Int
    /// 1-based column, counted in bytes (UTF-8 code units) from the start of the line.
    public var column: Int
    /// What is wrong, without the location, e.g.
    /// `unexpected character 'x', expected ',' or '}'`.
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// The message with its location, e.g.
    /// `unexpected character 'x' at line 3, column 7, expected ',' or '}'`, or
    /// `unterminated string at line 1, column 5`.
    public var description: String {
        let location = " at line \(line), column \(column)"
        // Put the location before an ", expected …" clause when there is one.
        let utf8 = Array(message.utf8)
        let needle = Array(", expected ".utf8)
        if utf8.count >= needle.count {
            for start in 0...(utf8.count - needle.count)
            where utf8[start..<start + needle.count].elementsEqual(needle) {
                let head = String(decoding: utf8[..<start], as: UTF8.self)
                let tail = String(decoding: utf8[start...], as: UTF8.self)
                return head + location + tail
            }
        }
        return message + location
    }
}

/// Strict JSON (RFC 8259) parsing.
///
/// - Rejects `NaN`, `Infinity`, leading zeros, `+1`, `.5`, `1.`, trailing commas,
///   single quotes, comments, unescaped control characters in strings, invalid escapes,
///   lone surrogates in `\u` escapes (they are **rejected**, not replaced), invalid
///   UTF-8 anywhere (overlong forms, encoded surrogates, code points above U+10FFFF,
///   truncated sequences), and anything but whitespace after the value.
/// - Skips one leading UTF-8 byte order mark.
/// - Numbers: a literal without fraction or exponent that fits `Int64` → `.int`;
///   every other number → `.double`, correctly rounded (`1e999` → `+infinity`,
///   `123456789012345678901234` → `.double`). `-0` → `.double(-0.0)`.
/// - Duplicate object keys: the last value wins; the key keeps its first position.
/// - Nesting deeper than `maxDepth` arrays/objects is an error ("nesting deeper than N").
///   Parsing itself does not recurse, but values nested tens of thousands deep cannot
///   be safely compared or destroyed, so keep `maxDepth` in the hundreds.
public enum JSONParser {
    /// Parses one complete JSON text (whitespace around it allowed, nothing else).
    public static func parse(
        _ bytes: some Collection<UInt8>, maxDepth: Int = 512
    ) throws(JSONSyntaxError) -> JSONValue {
        let result: Result<JSONValue, JSONSyntaxError>? = bytes.withContiguousStorageIfAvailable {
            buffer in
            var parser = _JSONParser(buffer, maxDepth: maxDepth, recordLines: false)
            return Result { () throws(JSONSyntaxError) in try parser.parseDocument() }
        }
        if let result { return try result.get() }
        let array = Array(bytes)
        return try parse(array, maxDepth: maxDepth)
    }

    /// Parses one complete JSON text (whitespace around it allowed, nothing else).
    public static func parse(_ text: String, maxDepth: Int = 512) throws(JSONSyntaxError)
        -> JSONValue
    {
        var text = text
        let result = text.withUTF8 { buffer in
            var parser = _JSONParser(buffer, maxDepth: maxDepth, recordLines: false)
            return Result { () throws(JSONSyntaxError) in try parser.parseDocument() }
        }
        return try result.get()
    }

    /// Parses a JSON text whose top level is an array and returns each element with the
    /// 1-based line on which the element starts. `maxDepth` counts the top-level array.
    public static func parseArrayElementsWithLines(
        _ bytes: [UInt8], maxDepth: Int = 512
    ) throws(JSONSyntaxError) -> [(value: JSONValue, line: Int)] {
        let result = bytes.withUnsafeBufferPointer { buffer in
            var parser = _JSONParser(buffer, maxDepth: maxDepth, recordLines: true)
            return Result { () throws(JSONSyntaxError) -> [(value: JSONValue, line: Int)] in
                let value = try parser.parseDocument()
                guard case .array(let elements) = value else {
                    // parseDocument already rejected a non-array top level.
                    return []
                }
                var out: [(value: JSONValue, line: Int)] = []
                out.reserveCapacity(elements.count)
                for (element, line) in zip(elements, parser.elementLines) {
                    out.append((element, line))
                }
                return out
            }
        }
        return try result.get()
    }
}

// MARK: - Implementation

/// The working state of one parse. Not public.
struct _JSONParser {
    private let buf: UnsafeBufferPointer<UInt8>
    private let end: Int
    private var i: Int = 0
    private var line: Int = 1
    /// Byte offset at which the current line starts.
    private var lineStart: Int = 0
    private let maxDepth: Int
    private let recordLines: Bool
    /// Lines on which the top-level array's elements start (when `recordLines`).
    private(set) var elementLines: [Int] = []

    /// Open containers.
    private struct Frame {
        var isObject: Bool
        var valueStart: Int
        var keyStart: Int
    }
    private var frames: [Frame] = []
    /// Finished values of all open containers, innermost last.
    private let values = _MoveStack<JSONValue>()
    /// Keys of all open objects, innermost last.
    private let keys = _MoveStack<String>()
    /// For each entry of `keys`: a fingerprint of its UTF-8 bytes, or 0 when the key is
    /// not pure ASCII (non-ASCII keys may be `==` with different bytes, e.g. U+212A and
    /// "K", so they must always be compared as strings).
    private let keyPrints = _MoveStack<UInt64>()
    /// Set by `parseString`: fingerprint of the string just parsed.
    private var lastPrint: UInt64 = 0
    /// Scratch space for strings with escapes.
    private var scratch: [UInt8] = []

    init(_ buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int, recordLines: Bool) {
        self.buf = buffer
        self.end = buffer.count
        self.maxDepth = maxDepth
        self.recordLines = recordLines
    }

    // MARK: Characters

    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")
    private static let comma = UInt8(ascii: ",")
    private static let colon = UInt8(ascii: ":")
    private static let openBracket = UInt8(ascii: "[")
    private static let closeBracket = UInt8(ascii: "]")
    private static let openBrace = UInt8(ascii: "{")
    private static let closeBrace = UInt8(ascii: "}")

    // MARK: Errors

    private func error(_ message: String, at offset: Int) -> JSONSyntaxError {
        // `offset` may lie before the current position (e.g. the opening quote of an
        // unterminated string), but tokens never span lines, so it is on the current line.
        if offset >= lineStart {
            return JSONSyntaxError(line: line, column: offset - lineStart + 1, message: message)
        }
        // Defensive fallback: recount from the start.
        var l = 1
        var ls = 0
        var j = 0
        while j < offset {
            let b = buf[j]
            if b == 0x0A {
                l += 1
                ls = j + 1
            } else if b == 0x0D {
                if j + 1 < end, buf[j + 1] == 0x0A { j += 1 }
                l += 1
                ls = j + 1
            }
            j += 1
        }
        return JSONSyntaxError(line: l, column: offset - ls + 1, message: message)
    }

    /// A human description of the input at `offset`: `'x'`, `control character 0x09`,
    /// `invalid UTF-8 byte 0xFF`, or `end of input`.
    private func describe(at offset: Int) -> String {
        guard offset < end else { return "end of input" }
        let b = buf[offset]
        if b >= 0x20 && b < 0x7F { return "character '\(Character(Unicode.Scalar(b)))'" }
        if b < 0x80 { return "control character \(hex(b))" }
        let length = utf8SequenceLength(at: offset)
        if length == 0 { return "invalid UTF-8 byte \(hex(b))" }
        let s = String(decoding: UnsafeBufferPointer(rebasing: buf[offset..<offset + length]),
                       as: UTF8.self)
        return "character '\(s)'"
    }

    private func unexpected(at offset: Int, expected: String) -> JSONSyntaxError {
        if offset < end {
            let b = buf[offset]
            if b >= 0x80 && utf8SequenceLength(at: offset) == 0 {
                return error(invalidUTF8Message(at: offset), at: offset)
            }
            switch b {
            case UInt8(ascii: "'"):
                return error("single-quoted strings are not allowed in JSON, expected \(expected)",
                             at: offset)
            case UInt8(ascii: "/"):
                if offset + 1 < end, buf[offset + 1] == UInt8(ascii: "/") || buf[offset + 1] == UInt8(ascii: "*") {
                    return error("comments are not allowed in JSON, expected \(expected)", at: offset)
                }
            default:
                break
            }
            return error("unexpected \(describe(at: offset)), expected \(expected)", at: offset)
        }
        return error("unexpected end of input, expected \(expected)", at: offset)
    }

    private func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return "0x" + String(decoding: [digits[Int(b >> 4)], digits[Int(b & 0xF)]], as: UTF8.self)
    }

    private func invalidUTF8Message(at offset: Int) -> String {
        let b = buf[offset]
        // A valid lead byte whose sequence is broken, or a byte that can never appear.
        switch b {
        case 0xC2...0xF4:
            return "invalid UTF-8 sequence starting with byte \(hex(b))"
        default:
            return "invalid UTF-8 byte \(hex(b))"
        }
    }

    /// Length of the well-formed UTF-8 sequence starting at `offset` (which holds a
    /// byte >= 0x80), or 0 when it is not well-formed.
    @inline(__always)
    private func utf8SequenceLength(at offset: Int) -> Int {
        let b0 = buf[offset]
        @inline(__always) func cont(_ k: Int) -> Bool {
            offset + k < end && buf[offset + k] & 0xC0 == 0x80
        }
        switch b0 {
        case 0xC2...0xDF:
            return cont(1) ? 2 : 0
        case 0xE0:
            guard offset + 1 < end, (0xA0...0xBF).contains(buf[offset + 1]), cont(2) else { return 0 }
            return 3
        case 0xE1...0xEC, 0xEE...0xEF:
            return cont(1) && cont(2) ? 3 : 0
        case 0xED:  // excludes encoded surrogates U+D800...U+DFFF
            guard offset + 1 < end, (0x80...0x9F).contains(buf[offset + 1]), cont(2) else { return 0 }
            return 3
        case 0xF0:
            guard offset + 1 < end, (0x90...0xBF).contains(buf[offset + 1]), cont(2), cont(3) else {
                return 0
            }
            return 4
        case 0xF1...0xF3:
            return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4:  // up to U+10FFFF
            guard offset + 1 < end, (0x80...0x8F).contains(buf[offset + 1]), cont(2), cont(3) else {
                return 0
            }
            return 4
        default:
            return 0
        }
    }

    // MARK: Whitespace

    @inline(__always)
    private mutating func skipWhitespace() {
        while i < end {
            let b = buf[i]
            if b == 0x20 || b == 0x09 {
                i += 1
            } else if b == 0x0A {
                i += 1
                line += 1
                lineStart = i
            } else if b == 0x0D {
                i += 1
                if i < end, buf[i] == 0x0A { i += 1 }
                line += 1
                lineStart = i
            } else {
                return
            }
        }
    }

    // MARK: Document

    mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
        // A leading UTF-8 byte order mark is skipped.
        if end >= 3, buf[0] == 0xEF, buf[1] == 0xBB, buf[2] == 0xBF {
            i = 3
            lineStart = 3
        }
        skipWhitespace()
        if recordLines {
            guard i < end, buf[i] == Self.openBracket else {
                throw unexpected(at: i, expected: "'[' (the top level must be an array)")
            }
        }
        let value = try parseValueTree()
        skipWhitespace()
        if i < end {
            throw unexpected(at: i, expected: "end of input")
        }
        return value
    }

    /// Parses one value (with everything nested in it) starting at `i`, after
    /// whitespace. Iterative: open containers live in `frames`.
    private mutating func parseValueTree() throws(JSONSyntaxError) -> JSONValue {
        // Loop between two states: expecting a value, and having just finished one.
        while true {
            // --- Expecting a value (whitespace already skipped) ---
            if recordLines && frames.count == 1 {
                elementLines.append(line)
            }
            guard i < end else { throw unexpected(at: i, expected: "a value") }
            let b = buf[i]
            var finished: JSONValue
            switch b {
            case Self.quote:
                finished = .string(try parseString())
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                finished = try parseNumber()
            case Self.openBracket:
                guard frames.count < maxDepth else {
                    throw error("nesting deeper than \(maxDepth)", at: i)
                }
                i += 1
                skipWhitespace()
                if i < end, buf[i] == Self.closeBracket {
                    i += 1
                    finished = .array([])
                } else {
                    frames.append(Frame(isObject: false, valueStart: values.count, keyStart: keys.count))
                    continue
                }
            case Self.openBrace:
                guard frames.count < maxDepth else {
                    throw error("nesting deeper than \(maxDepth)", at: i)
                }
                i += 1
                skipWhitespace()
                if i < end, buf[i] == Self.closeBrace {
                    i += 1
                    finished = .object(JSONObject())
                } else {
                    frames.append(Frame(isObject: true, valueStart: values.count, keyStart: keys.count))
                    try parseKeyAndColon(afterComma: false)
                    continue
                }
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                finished = .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                finished = .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                finished = .null
            case Self.closeBracket where frames.last.map({ !$0.isObject }) == true:
                // `[1,]` — the only way to reach ']' here is after a comma.
                throw error("trailing comma before ']'", at: i)
            default:
                throw unexpected(at: i, expected: "a value")
            }

            // --- Just finished `finished`; close containers as far as possible ---
            while true {
                guard let frame = frames.last else { return finished }
                values.push(finished)
                skipWhitespace()
                guard i < end else {
                    throw unexpected(at: i, expected: frame.isObject ? "',' or '}'" : "',' or ']'")
                }
                let c = buf[i]
                if c == Self.comma {
                    i += 1
                    skipWhitespace()
                    if frame.isObject {
                        try parseKeyAndColon(afterComma: true)
                    }
                    break  // expect the next value
                }
                if frame.isObject {
                    guard c == Self.closeBrace else { throw unexpected(at: i, expected: "',' or '}'") }
                    i += 1
                    finished = .object(makeObject(frame))
                } else {
                    guard c == Self.closeBracket else { throw unexpected(at: i, expected: "',' or ']'") }
                    i += 1
                    finished = .array(values.popArray(from: frame.valueStart))
                }
                frames.removeLast()
            }
            skipWhitespace()
        }
    }

    /// At a key's opening quote (whitespace skipped): reads the key, the colon, and the
    /// whitespace after it.
    private mutating func parseKeyAndColon(afterComma: Bool) throws(JSONSyntaxError) {
        guard i < end, buf[i] == Self.quote else {
            if afterComma, i < end, buf[i] == Self.closeBrace {
                throw error("trailing comma before '}'", at: i)
            }
            throw unexpected(at: i, expected: afterComma ? "a string key" : "a string key or '}'")
        }
        keys.push(try parseString())
        keyPrints.push(lastPrint)
        skipWhitespace()
        guard i < end, buf[i] == Self.colon else { throw unexpected(at: i, expected: "':'") }
        i += 1
        skipWhitespace()
    }

    private mutating func makeObject(_ frame: Frame) -> JSONObject {
        let n = keys.count - frame.keyStart
        var duplicate = false
        if n <= 16 {
            outer: for a in frame.keyStart..<keys.count {
                let pa = keyPrints[a]
                for b in (a + 1)..<keys.count {
                    let pb = keyPrints[b]
                    if pa != 0 && pb != 0 && pa != pb { continue }  // different ASCII keys
                    if keys[a] == keys[b] {
                        duplicate = true
                        break outer
                    }
                }
            }
        } else {
            var seen = Set<String>(minimumCapacity: n)
            for k in frame.keyStart..<keys.count where !seen.insert(keys[k]).inserted {
                duplicate = true
                break
            }
        }
        keyPrints.pop(to: frame.keyStart)
        let objectKeys = keys.popArray(from: frame.keyStart)
        let objectValues = values.popArray(from: frame.valueStart)
        if duplicate {
            return JSONObject(Array(zip(objectKeys, objectValues)))
        }
        return JSONObject(uniqueKeys: objectKeys, values: objectValues)
    }

    private mutating func expectLiteral(_ word: StaticString) throws(JSONSyntaxError) {
        let start = i
        let count = word.utf8CodeUnitCount
        let p = word.utf8Start
        for k in 0..<count {
            guard start + k < end, buf[start + k] == p[k] else {
                let text = String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
                if start + k >= end {
                    throw error("unexpected end of input in literal, expected '\(text)'", at: start + k)
                }
                throw error("invalid literal, expected '\(text)'", at: start)
            }
        }
        i = start + count
    }

    // MARK: Strings

    /// At an opening quote: parses the string and moves past the closing quote.
    private mutating func parseString() throws(JSONSyntaxError) -> String {
        let open = i
        i += 1
        var spanStart = i
        var hasEscapes = false
        var nonASCII = false

        while true {
            // Fast scan over plain ASCII, eight bytes at a time.
            #if _endian(little)
            if let base = buf.baseAddress {
                let raw = UnsafeRawPointer(base)
                while i &+ 8 <= end {
                    let v = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    let lo: UInt64 = 0x0101_0101_0101_0101
                    let hi: UInt64 = 0x8080_8080_8080_8080
                    let q = v ^ (lo &* 0x22)
                    let s = v ^ (lo &* 0x5C)
                    let mask = (((v &- lo &* 0x20) & ~v) | ((q &- lo) & ~q) | ((s &- lo) & ~s) | v) & hi
                    if mask == 0 {
                        i &+= 8
                    } else {
                        i &+= mask.trailingZeroBitCount >> 3
                        break
                    }
                }
            }
            #endif
            guard i < end else {
                throw error("unterminated string", at: open)
            }
            let b = buf[i]
            if b == Self.quote {
                let result: String
                if hasEscapes {
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buf[spanStart..<i]))
                    result = scratch.withUnsafeBufferPointer { decoded in
                        lastPrint = nonASCII ? 0 : Self.fingerprint(decoded)
                        return String(decoding: decoded, as: UTF8.self)
                    }
                } else {
                    let span = UnsafeBufferPointer(rebasing: buf[spanStart..<i])
                    lastPrint = nonASCII ? 0 : Self.fingerprint(span)
                    result = String(decoding: span, as: UTF8.self)
                }
                i += 1
                return result
            } else if b == Self.backslash {
                if !hasEscapes {
                    hasEscapes = true
                    scratch.removeAll(keepingCapacity: true)
                }
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buf[spanStart..<i]))
                if try parseEscape() { nonASCII = true }
                spanStart = i
            } else if b < 0x20 {
                let what = b == 0x0A ? "newline" : b == 0x0D ? "carriage return" : b == 0x09 ? "tab" : "control character \(hex(b))"
                throw error("unescaped \(what) in string (use an escape such as \\n)", at: i)
            } else if b >= 0x80 {
                let n = utf8SequenceLength(at: i)
                if n == 0 { throw error(invalidUTF8Message(at: i), at: i) }
                nonASCII = true
                i += n
            } else {
                i += 1
            }
        }
    }

    /// A fingerprint of ASCII bytes: equal bytes give equal fingerprints, never 0.
    @inline(__always)
    private static func fingerprint(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = bytes.count
        var a: UInt64 = 0
        var b: UInt64 = 0
        if n >= 8, let p = bytes.baseAddress {
            let raw = UnsafeRawPointer(p)
            a = raw.loadUnaligned(as: UInt64.self)
            b = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        } else {
            for byte in bytes { a = a << 8 | UInt64(byte) }
        }
        let h = (a &* 0x9E37_79B9_7F4A_7C15) ^ (b &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(n)
        return h | 1
    }

    /// At a backslash: decodes one escape into `scratch`. Returns true when the escape
    /// produced a non-ASCII character.
    @discardableResult
    private mutating func parseEscape() throws(JSONSyntaxError) -> Bool {
        let start = i
        i += 1
        guard i < end else { throw error("unterminated string", at: start) }
        let c = buf[i]
        i += 1
        switch c {
        case UInt8(ascii: "\""): scratch.append(0x22)
        case UInt8(ascii: "\\"): scratch.append(0x5C)
        case UInt8(ascii: "/"): scratch.append(0x2F)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try readHex4(escapeStart: start)
            var scalarValue = UInt32(unit)
            if (0xD800...0xDBFF).contains(unit) {
                // Needs a following low surrogate escape.
                guard i + 1 < end, buf[i] == Self.backslash, buf[i + 1] == UInt8(ascii: "u") else {
                    throw error("lone surrogate \\u\(hex4(unit)) in string (a high surrogate must be followed by a \\uDC00-\\uDFFF escape)", at: start)
                }
                let second = i
                i += 2
                let low = try readHex4(escapeStart: second)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw error("lone surrogate \\u\(hex4(unit)) in string (followed by \\u\(hex4(low)), not a low surrogate)", at: start)
                }
                scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(unit) {
                throw error("lone surrogate \\u\(hex4(unit)) in string (a low surrogate without a preceding high surrogate)", at: start)
            }
            appendUTF8(scalarValue)
            return scalarValue >= 0x80
        default:
            if c >= 0x20 && c < 0x7F {
                throw error("invalid escape sequence '\\\(Character(Unicode.Scalar(c)))' in string", at: start)
            }
            throw error("invalid escape sequence in string", at: start)
        }
        return false
    }

    private mutating func readHex4(escapeStart: Int) throws(JSONSyntaxError) -> UInt16 {
        var v: UInt16 = 0
        for _ in 0..<4 {
            guard i < end else { throw error("unterminated string", at: escapeStart) }
            let c = buf[i]
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c &- UInt8(ascii: "A") &+ 10
            default:
                throw error("invalid \\u escape in string, expected four hex digits", at: escapeStart)
            }
            v = v << 4 | UInt16(d)
            i += 1
        }
        return v
    }

    private func hex4(_ v: UInt16) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(v >> 12)], digits[Int(v >> 8 & 0xF)],
                                 digits[Int(v >> 4 & 0xF)], digits[Int(v & 0xF)]], as: UTF8.self)
    }

    private mutating func appendUTF8(_ v: UInt32) {
        switch v {
        case 0..<0x80:
            scratch.append(UInt8(v))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | v >> 6))
            scratch.append(UInt8(0x80 | v & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | v >> 12))
            scratch.append(UInt8(0x80 | v >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | v & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | v >> 18))
            scratch.append(UInt8(0x80 | v >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | v >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | v & 0x3F))
        }
    }

    // MARK: Numbers

    /// Exact powers of ten for the fast path (all exactly representable).
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    @inline(__always)
    private func isDigit(_ b: UInt8) -> Bool { b &- UInt8(ascii: "0") < 10 }

    /// At '-' or a digit: parses a number per the RFC 8259 grammar.
    private mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = i
        var negative = false
        if buf[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
            guard i < end, isDigit(buf[i]) else {
                throw error("expected a digit after '-'", at: i)
            }
        }
        // Integer part. Accumulate the magnitude as UInt64 while it fits.
        var mantissa: UInt64 = 0
        var digits = 0  // significant digits accumulated in mantissa
        var overflow = false
        if buf[i] == UInt8(ascii: "0") {
            i += 1
            if i < end, isDigit(buf[i]) {
                throw error("leading zeros are not allowed in numbers", at: start)
            }
        } else {
            while i < end, isDigit(buf[i]) {
                let d = UInt64(buf[i] &- UInt8(ascii: "0"))
                if !overflow {
                    let (m1, o1) = mantissa.multipliedReportingOverflow(by: 10)
                    let (m2, o2) = m1.addingReportingOverflow(d)
                    if o1 || o2 {
                        overflow = true
                    } else {
                        mantissa = m2
                        digits += 1
                    }
                }
                i += 1
            }
        }

        var isInteger = true
        var fractionDigits = 0
        if i < end, buf[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            guard i < end, isDigit(buf[i]) else {
                throw error("expected a digit after the decimal point", at: i)
            }
            while i < end, isDigit(buf[i]) {
                if !overflow, digits < 19 {
                    let d = UInt64(buf[i] &- UInt8(ascii: "0"))
                    mantissa = mantissa &* 10 &+ d  // < 10^19 < 2^64: no overflow
                    if mantissa != 0 { digits += 1 }
                    fractionDigits += 1
                } else {
                    overflow = true
                }
                i += 1
            }
        }
        var exponent = 0
        if i < end, buf[i] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            i += 1
            var expNegative = false
            if i < end, buf[i] == UInt8(ascii: "+") || buf[i] == UInt8(ascii: "-") {
                expNegative = buf[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < end, isDigit(buf[i]) else {
                throw error("expected a digit in the exponent", at: i)
            }
            while i < end, isDigit(buf[i]) {
                if exponent < 100_000 {
                    exponent = exponent * 10 + Int(buf[i] &- UInt8(ascii: "0"))
                }
                i += 1
            }
            if expNegative { exponent = -exponent }
        }

        if isInteger {
            if negative {
                if mantissa == 0 { return .double(-0.0) }
                if !overflow, mantissa <= UInt64(Int64.max) + 1 {
                    return .int(Int64(truncatingIfNeeded: 0 &- mantissa))
                }
            } else if !overflow, mantissa <= UInt64(Int64.max) {
                return .int(Int64(mantissa))
            }
        }

        // Clinger's fast path: mantissa and 10^|e| exact, one correctly rounded operation.
        if !overflow {
            let e10 = exponent - fractionDigits
            if mantissa == 0 {
                return .double(negative ? -0.0 : 0.0)
            }
            if mantissa <= 1 << 53, e10 >= -22, e10 <= 22 {
                var d = Double(mantissa)
                if e10 >= 0 { d *= Self.powersOfTen[e10] } else { d /= Self.powersOfTen[-e10] }
                return .double(negative ? -d : d)
            }
        }
        // Slow path: C's correctly rounded strtod on a NUL-terminated copy.
        if let d = Self.strtodExact(UnsafeBufferPointer(rebasing: buf[start..<i])) {
            return .double(d)
        }
        // strtod did not take the whole literal (only possible when a C locale with a
        // decimal comma is in force): use the standard library's locale-free conversion.
        let text = String(decoding: UnsafeBufferPointer(rebasing: buf[start..<i]), as: UTF8.self)
        guard let d = Double(text) else {
            throw error("invalid number", at: start)  // not reached for grammatical input
        }
        return .double(d)
    }

    /// `strtod` of a validated JSON number literal; nil unless it consumed all of it.
    private static func strtodExact(_ literal: UnsafeBufferPointer<UInt8>) -> Double? {
        #if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
        let n = literal.count
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { tmp in
            guard let p = tmp.baseAddress, let src = literal.baseAddress else { return nil }
            UnsafeMutableRawPointer(p).copyMemory(from: src, byteCount: n)
            p[n] = 0
            var endPointer: UnsafeMutablePointer<CChar>? = nil
            let d = strtod(p, &endPointer)
            guard endPointer == p + n else { return nil }
            return d
        }
        #else
        return nil
        #endif
    }
}

/// A stack whose top elements can be moved out into an array without copying
/// (no retain/release per element). Internal to the parser.
final class _MoveStack<Element> {
    // Accessed only by the one parse that owns the stack: skip dynamic exclusivity
    // checks, which would otherwise cost a thread-local lookup per push.
    @exclusivity(unchecked) private var base: UnsafeMutablePointer<Element>
    @exclusivity(unchecked) private(set) var count = 0
    @exclusivity(unchecked) private var capacity: Int

    init(capacity: Int = 64) {
        base = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    @inline(__always)
    func push(_ element: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    private func grow() {
        let newCapacity = capacity * 2
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    subscript(index: Int) -> Element { base[index] }

    /// Removes the elements from `start` to the top and returns them in order.
    func popArray(from start: Int) -> [Element] {
        let n = count - start
        guard n > 0 else { return [] }
        let result = [Element](unsafeUninitializedCapacity: n) { buffer, initialized in
            buffer.baseAddress!.moveInitialize(from: base + start, count: n)
            initialized = n
        }
        count = start
        return result
    }

    /// Drops the elements from `start` to the top.
    func pop(to start: Int) {
        guard count > start else { return }
        (base + start).deinitialize(count: count - start)
        count = start
    }
}
