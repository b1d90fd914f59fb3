import Foundation

/// Scores as every output writes them: rounded to four decimals, so that files and answers
/// are byte-identical across runs and machines. The one definition for text (tables, CSV,
/// schedule reports) and for the rounded numbers in JSON.
package enum Format {
    /// `x` rounded to four decimals, half away from zero.
    package static func rounded(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }

    /// A score with four decimals: "0.1234", "-0.5000"; never "-0.0000".
    package static func score(_ x: Double) -> String {
        var text = String(format: "%.4f", rounded(x))
        if text == "-0.0000" { text = "0.0000" }
        return text
    }

    /// A score with four decimals.
    package static func score(_ x: Float) -> String { score(Double(x)) }
}
