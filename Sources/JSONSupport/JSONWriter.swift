// Deterministic JSON serialisation.

extension JSONValue {
    /// Compact JSON, object keys in stored order, no spaces: `{"a":1,"b":[true,null]}`.
    ///
    /// Numbers:
    /// - `.int` is written as its digits.
    /// - A finite `.double` that is integral with magnitude below 2^53 is written without
    ///   a fraction (`3.0` → `3`, `-0.0` → `-0`); it re-parses as `.int` (or, for `-0`, as
    ///   `.double(-0.0)`), which is numerically the same value.
    /// - Any other finite `.double` is written in its shortest round-trip form
    ///   (`0.1`, `1e-07`, `1.2345678901234568e+17`), which re-parses to the identical
    ///   `Double`.
    /// - Non-finite doubles (±infinity, NaN) have no JSON form and are written as `null`.
    ///
    /// Strings escape `"`, `\`, control characters (`\n` `\r` `\t` `\b` `\f`, otherwise
    /// `\u00XX`) and U+2028/U+2029 (as `\u2028`/`\u2029`); other characters are written
    /// as UTF-8.
    public func serialized() -> String {
        var out = JSONOutput()
        out.write(self, pretty: false, indent: 0)
        return out.string
    }

    /// Like `serialized()`; when `pretty`, arrays and objects with members put each
    /// member on its own line indented by two spaces per level, objects as
    /// `"key": value`, and empty containers as `[]` / `{}`. No trailing newline.
    public func serialized(pretty: Bool) -> String {
        var out = JSONOutput()
        out.write(self, pretty: pretty, indent: 0)
        return out.string
    }

    /// Appends the compact serialisation (`serialized()`) to `bytes`, as UTF-8.
    public func append(to bytes: inout [UInt8]) {
        var out = JSONOutput(taking: &bytes)
        out.write(self, pretty: false, indent: 0)
        swap(&bytes, &out.bytes)
    }

    /// Appends UTF-8 text as a JSON string literal (as `quoted` writes it) to `bytes`:
    /// for text kept as bytes, with no `String` made.
    public static func appendQuoted(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        var out = JSONOutput(taking: &bytes)
        out.writeString(utf8: utf8)
        swap(&bytes, &out.bytes)
    }

    /// `s` as a JSON string literal, quotes included, escaped as in `serialized()`.
    public static func quoted(_ s: String) -> String {
        var out = JSONOutput()
        out.writeString(s)
        return out.string
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact serialisation.
    public var description: String { serialized() }
}

extension JSONObject: CustomStringConvertible {
    /// The compact serialisation.
    public var description: String { JSONValue.object(self).serialized() }
}

/// Byte buffer the writer fills.
struct JSONOutput {
    var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(64)
    }

    /// A writer that appends to `other`'s bytes (left empty until they are swapped back).
    init(taking other: inout [UInt8]) {
        swap(&bytes, &other)
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    @inline(__always)
    mutating func ascii(_ s: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    mutating func newline(_ indent: Int) {
        bytes.append(0x0A)
        for _ in 0..<indent { bytes.append(0x20); bytes.append(0x20) }
    }

    mutating func write(_ value: JSONValue, pretty: Bool, indent: Int) {
        switch value {
        case .null:
            ascii("null")
        case .bool(let b):
            if b { ascii("true") } else { ascii("false") }
        case .int(let i):
            writeInt(i)
        case .double(let d):
            writeDouble(d)
        case .string(let s):
            writeString(s)
        case .array(let a):
            if a.isEmpty {
                ascii("[]")
                return
            }
            bytes.append(UInt8(ascii: "["))
            for (n, element) in a.enumerated() {
                if n > 0 { bytes.append(UInt8(ascii: ",")) }
                if pretty { newline(indent + 1) }
                write(element, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(indent) }
            bytes.append(UInt8(ascii: "]"))
        case .object(let o):
            if o.isEmpty {
                ascii("{}")
                return
            }
            bytes.append(UInt8(ascii: "{"))
            for n in 0..<o._keys.count {
                if n > 0 { bytes.append(UInt8(ascii: ",")) }
                if pretty { newline(indent + 1) }
                writeString(o._keys[n])
                if pretty { ascii(": ") } else { bytes.append(UInt8(ascii: ":")) }
                write(o._values[n], pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(indent) }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    mutating func writeInt(_ i: Int64) {
        if i < 0 { bytes.append(UInt8(ascii: "-")) }
        var m = i.magnitude
        if m == 0 {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes, enough for 20 digits
        withUnsafeMutableBytes(of: &tmp) { raw in
            var p = raw.count
            while m > 0 {
                p -= 1
                raw[p] = UInt8(truncatingIfNeeded: m % 10) &+ UInt8(ascii: "0")
                m /= 10
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[p...]))
        }
    }

    mutating func writeDouble(_ d: Double) {
        guard d.isFinite else {
            ascii("null")
            return
        }
        if d.magnitude < 9_007_199_254_740_992.0, Double(Int64(d)) == d {
            if d == 0 {
                if d.sign == .minus { ascii("-0") } else { ascii("0") }
            } else {
                writeInt(Int64(d))
            }
            return
        }
        // Swift's description is the shortest round-trip form: "0.1", "1e-07",
        // "1.2345678901234568e+17"; all valid JSON numbers.
        bytes.append(contentsOf: d.description.utf8)
    }

    mutating func writeString(_ s: String) {
        var s = s
        s.withUTF8 { writeString(utf8: $0) }
    }

    mutating func writeString(utf8 u: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        do {
            var spanStart = 0
            var k = 0
            let n = u.count
            while k < n {
                let b = u[k]
                var escape: StaticString? = nil
                var length = 1
                if b < 0x20 {
                    switch b {
                    case 0x0A: escape = "\\n"
                    case 0x0D: escape = "\\r"
                    case 0x09: escape = "\\t"
                    case 0x08: escape = "\\b"
                    case 0x0C: escape = "\\f"
                    default: escape = ""  // \u00XX below
                    }
                } else if b == 0x22 {
                    escape = "\\\""
                } else if b == 0x5C {
                    escape = "\\\\"
                } else if b == 0xE2, k + 2 < n, u[k + 1] == 0x80, u[k + 2] == 0xA8 || u[k + 2] == 0xA9 {
                    escape = u[k + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    length = 3
                }
                guard let escape else {
                    k += 1
                    continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[spanStart..<k]))
                if escape.utf8CodeUnitCount == 0 {
                    let digits: StaticString = "0123456789abcdef"
                    ascii("\\u00")
                    bytes.append(digits.utf8Start[Int(b >> 4)])
                    bytes.append(digits.utf8Start[Int(b & 0xF)])
                } else {
                    ascii(escape)
                }
                k += length
                spanStart = k
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[spanStart..<n]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
