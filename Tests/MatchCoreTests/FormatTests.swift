import Foundation
import Testing
@testable import MatchCore

@Suite("Score text: four decimals, as C's printf writes them")
struct FormatTests {
    /// The reference: what `Format.score` wrote before it formatted digits itself.
    static func printf(_ x: Double) -> String {
        var text = String(format: "%.4f", Format.rounded(x))
        if text == "-0.0000" { text = "0.0000" }
        return text
    }

    @Test func handPickedValues() {
        #expect(Format.score(0.12344) == "0.1234")
        #expect(Format.score(0.12345) == "0.1235")  // half away from zero (as rounded(_:))
        #expect(Format.score(-0.5) == "-0.5000")
        #expect(Format.score(-0.00004) == "0.0000")
        #expect(Format.score(-0.0) == "0.0000")
        #expect(Format.score(-0.00005) == "-0.0001")
        #expect(Format.score(12.3456) == "12.3456")
        #expect(Format.score(Double(1)) == "1.0000")
        #expect(Format.score(Float(0.7071068)) == "0.7071")
    }

    @Test func equalsPrintfOnManyValues() {
        var rng = SplitMix64(seed: 11)
        var values: [Double] = [0, -0.0, 0.00005, -0.00005, 0.99995, 9.99995, 123_456_789.123_45, 1e14, -1e14, 1e15, 1e20,
                                .infinity, -.infinity, .nan, Double(Float.greatestFiniteMagnitude)]
        for _ in 0..<50_000 {
            let scale = pow(10, Double.random(in: -6...6, using: &rng))
            values.append(Double.random(in: -1...1, using: &rng) * scale)
            // Floats near a half of the fourth decimal, as scores are.
            values.append(Double(Float(Double(Int.random(in: -200_000...200_000, using: &rng)) / 20_000)))
        }
        for x in values {
            #expect(Format.score(x) == Self.printf(x), "x = \(x)")
            #expect(Format.score(Float(x)) == Self.printf(Double(Float(x))), "x = \(Float(x))")
        }
    }
}
