import Foundation

/// Scores as every output writes them: rounded to four decimals, so that files and answers
/// are byte-identical across runs and machines. The one definition for text (tables, CSV,
/// schedule reports) and for the rounded numbers in JSON.
package enum Format {
    /// `x` rounded to four decimals, half away from zero.
    package static func rounded(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }

    /// A score with four decimals: "0.1234", "-0.5000"; never "-0.0000".
    ///
    /// The digits are those of the integer `(x · 10⁴).rounded()`, which is what
    /// `String(format: "%.4f", rounded(x))` prints (k/10⁴ as a double lies far closer to
    /// k/10⁴ than to a rounding boundary), written without Foundation's formatter: a
    /// match-all writes millions of scores. Values too large for that (or not finite) take
    /// the formatter.
    package static func score(_ x: Double) -> String {
        let k = (x * 10_000).rounded()
        guard k.magnitude < 1e15 else {
            var text = String(format: "%.4f", rounded(x))
            if text == "-0.0000" { text = "0.0000" }
            return text
        }
        let units = UInt64(k.magnitude), whole = units / 10_000
        var wholeDigits = 1
        var rest = whole / 10
        while rest > 0 { wholeDigits += 1; rest /= 10 }
        let sign = k < 0 ? 1 : 0, count = sign + wholeDigits + 5
        return String(unsafeUninitializedCapacity: count) { buffer in
            // Right to left: four decimals, the point, the whole part, the sign.
            var value = units, at = count
            for place in 0..<(wholeDigits + 4) {
                if place == 4 { at -= 1; buffer[at] = UInt8(ascii: ".") }
                at -= 1
                buffer[at] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
            if sign == 1 { buffer[0] = UInt8(ascii: "-") }
            return count
        }
    }

    /// A score with four decimals.
    package static func score(_ x: Float) -> String { score(Double(x)) }
}
