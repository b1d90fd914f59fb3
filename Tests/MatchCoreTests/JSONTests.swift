import Foundation
import JSONSupport
import Testing

@testable import MatchCore

// MARK: - Helpers


private func parse(_ text: String, maxDepth: Int = 512) throws -> JSONValue {
    try JSONParser.parse(text, maxDepth: maxDepth)
}

private func parseError(_ bytes: [UInt8], maxDepth: Int = 512) -> JSONSyntaxError? {
    do {
        _ = try JSONParser.parse(bytes, maxDepth: maxDepth)
        return nil
    } catch {
        return error
    }
}

private func parseError(_ text: String, maxDepth: Int = 512) -> JSONSyntaxError? {
    parseError(Array(text.utf8), maxDepth: maxDepth)
}

// MARK: - Basic parsing

@Suite("JSON parsing")
struct JSONParsingTests {
    @Test func scalars() throws {
        #expect(try parse("null") == .null)
        #expect(try parse("true") == .bool(true))
        #expect(try parse("false") == .bool(false))
        #expect(try parse("0") == .int(0))
        #expect(try parse("-12") == .int(-12))
        #expect(try parse("1.5") == .double(1.5))
        #expect(try parse("1.0") == .double(1.0))
        #expect(try parse("1E2") == .double(100))
        #expect(try parse("1e+2") == .double(100))
        #expect(try parse("25e-1") == .double(2.5))
        #expect(try parse("\"hi\"") == .string("hi"))
        #expect(try parse(" \t\r\n [ ] \n") == .array([]))
        #expect(try parse("{}") == .object(JSONObject()))
    }

    @Test func nested() throws {
        let v = try parse(#"{"a": [1, {"b": null}, "c"], "d": {"e": {"f": [[]]}}}"#)
        #expect(v["a"]?[0] == .int(1))
        #expect(v["a"]?[1]?["b"] == .null)
        #expect(v["a"]?[2]?.stringValue == "c")
        #expect(v["d"]?["e"]?["f"] == .array([.array([])]))
        #expect(v.objectValue?.keys == ["a", "d"])
    }

    @Test func integerLimits() throws {
        #expect(try parse("9223372036854775807") == .int(.max))
        #expect(try parse("-9223372036854775808") == .int(.min))
        #expect(try parse("9223372036854775808") == .double(9_223_372_036_854_775_808.0))
        #expect(try parse("-9223372036854775809") == .double(-9_223_372_036_854_775_809.0))
        #expect(try parse("18446744073709551616") == .double(18_446_744_073_709_551_616.0))
    }

    @Test func bigIntegerBecomesDouble() throws {
        let v = try parse("123456789012345678901234")
        #expect(v == .double(123_456_789_012_345_678_901_234.0))
    }

    @Test func hugeExponentIsInfinity() throws {
        #expect(try parse("1e999") == .double(.infinity))
        #expect(try parse("-1e999") == .double(-.infinity))
        #expect(try parse("[1E+99999999999999999999]") == .array([.double(.infinity)]))
        #expect(try parse("1e-999") == .double(0))
    }

    @Test func negativeZeroIsDouble() throws {
        let v = try parse("-0")
        guard case .double(let d) = v else {
            Issue.record("expected .double, got \(v)")
            return
        }
        #expect(d == 0 && d.sign == .minus)
        let w = try parse("-0.0")
        #expect(w.doubleValue?.sign == .minus)
        #expect(try parse("0") == .int(0))
        #expect(try parse("0.0").doubleValue?.sign == .plus)
    }

    @Test(arguments: [
        "0.1", "0.3", "3.141592653589793", "2.2250738585072014e-308", "2.2250738585072011e-308",
        "4.9e-324", "5e-324", "2.4703282292062328e-324", "1.7976931348623157e308",
        "1.7976931348623158e308", "9007199254740993.0", "9007199254740993e0",
        "3.14159265358979323846264338327950288419716939937510", "0.000000000000000000001",
        "123456789.123456789e-5", "1e22", "1e23", "-8.5e-15", "7.0e-10",
        "0.00000000000000000000000000000000000000000000000000000000000000000000000001",
        "100000000000000000000000000000000000000000000000000000000000000000000.5",
    ])
    func doublesAreCorrectlyRounded(literal: String) throws {
        let v = try parse(literal)
        let expected = try #require(Double(literal))
        guard case .double(let d) = v else {
            Issue.record("\(literal) parsed as \(v)")
            return
        }
        #expect(d.bitPattern == expected.bitPattern, "\(literal): \(d) vs \(expected)")
    }

    @Test func stringEscapes() throws {
        let v = try parse(#""\" \\ \/ \b \f \n \r \t \u0041 \u00e9 \u20AC \ud83d\ude00 \u0000""#)
        #expect(v == .string("\" \\ / \u{8} \u{C} \n \r \t A é € 😀 \u{0}"))
        #expect(try parse("\"é😀 raw\"") == .string("é😀 raw"))
        #expect(try parse(#""\uDBFF\uDFFF""#) == .string("\u{10FFFF}"))
    }

    @Test func longStrings() throws {
        // Exercise the eight-bytes-at-a-time scan across every alignment.
        for length in 0..<40 {
            for special in ["", "\\n", "é", "\\\"", "😀"] {
                let plain = String(repeating: "a", count: length)
                let text = "\"" + plain + special + plain + "\""
                let expected = plain + (special == "\\n" ? "\n" : special == "\\\"" ? "\"" : special) + plain
                #expect(try parse(text) == .string(expected))
            }
        }
    }

    @Test func duplicateKeysLastWins() throws {
        let v = try parse(#"{"a": 1, "b": 2, "a": 3}"#)
        let o = try #require(v.objectValue)
        #expect(o["a"] == .int(3))
        #expect(o.keys == ["a", "b"])  // first position kept
        #expect(o.count == 2)

        // Many keys (takes the hashing path).
        var text = "{"
        for k in 0..<100 { text += "\"k\(k)\": \(k), " }
        text += "\"k5\": \"last\"}"
        let big = try #require(try parse(text).objectValue)
        #expect(big.count == 100)
        #expect(big["k5"] == .string("last"))
        #expect(big.keys[5] == "k5")
    }

    @Test func canonicallyEquivalentKeysAreTheSameKey() throws {
        // Keys compare like Swift strings, so both spellings of "é" are one key.
        let o = try #require(try parse(#"{"\u00e9": 1, "e\u0301": 2, "\u212a": 3, "K": 4}"#).objectValue)
        #expect(o.count == 2)
        #expect(o["é"] == 2)
        #expect(o["K"] == 4)
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("[1, 2]".utf8)
        #expect(try JSONParser.parse(bytes) == .array([.int(1), .int(2)]))
        #expect(try parse("\u{FEFF}{\"a\":true}") == .object(["a": true]))
        // Only one, and only at the start.
        #expect(parseError("\u{FEFF}\u{FEFF}1") != nil)
        #expect(parseError("1\u{FEFF}") != nil)
    }

    @Test func inputKinds() throws {
        let text = #"{"x": [1, "y"]}"#
        let expected: JSONValue = ["x": [1, "y"]]
        #expect(try JSONParser.parse(text) == expected)
        #expect(try JSONParser.parse(Array(text.utf8)) == expected)
        #expect(try JSONParser.parse(Array(text.utf8)[...]) == expected)
        #expect(try JSONParser.parse(text.utf8) == expected)
        // A collection without contiguous storage.
        #expect(try JSONParser.parse(Array(text.utf8).lazy.map { $0 }) == expected)
        #expect(try JSONParser.parse(Data(text.utf8)) == expected)
    }
}

// MARK: - Strictness

struct MalformedCase: Sendable, CustomTestStringConvertible {
    var bytes: [UInt8]
    var why: String
    init(_ text: String, _ why: String) {
        bytes = Array(text.utf8)
        self.why = why
    }
    init(bytes: [UInt8], _ why: String) {
        self.bytes = bytes
        self.why = why
    }
    var testDescription: String { why }
}

private let malformed: [MalformedCase] = [
    // Empty / incomplete
    .init("", "empty input"),
    .init("   \n ", "whitespace only"),
    .init("[", "unclosed array"),
    .init("{", "unclosed object"),
    .init("[1", "array missing ]"),
    .init(#"{"a":1"#, "object missing }"),
    .init(#"{"a""#, "object missing colon"),
    .init(#"{"a":"#, "object missing value"),
    .init("]", "stray ]"),
    .init("}", "stray }"),
    // Non-standard numbers
    .init("NaN", "NaN"),
    .init("[NaN]", "NaN in array"),
    .init("Infinity", "Infinity"),
    .init("-Infinity", "-Infinity"),
    .init("01", "leading zero"),
    .init("-01", "negative leading zero"),
    .init("00", "double zero"),
    .init("[012]", "leading zero in array"),
    .init("+1", "leading plus"),
    .init(".5", "leading dot"),
    .init("1.", "trailing dot"),
    .init("1.e3", "dot without fraction digits"),
    .init("1e", "exponent without digits"),
    .init("1e+", "exponent sign without digits"),
    .init("-", "lone minus"),
    .init("--1", "double minus"),
    .init("0x10", "hex number"),
    .init("1_000", "digit separator"),
    .init("1 2", "two numbers"),
    // Commas
    .init("[1,]", "trailing comma in array"),
    .init(#"{"a":1,}"#, "trailing comma in object"),
    .init("[,1]", "leading comma"),
    .init("[1,,2]", "double comma"),
    .init("{,}", "comma in empty object"),
    .init("[1 2]", "missing comma in array"),
    .init(#"{"a":1 "b":2}"#, "missing comma in object"),
    // Quotes and keys
    .init("'a'", "single-quoted string"),
    .init("['a']", "single-quoted string in array"),
    .init("{'a':1}", "single-quoted key"),
    .init("{a:1}", "unquoted key"),
    .init("{1:2}", "number key"),
    .init(#"{"a" 1}"#, "missing colon"),
    .init(#"{"a"::1}"#, "double colon"),
    // Comments
    .init("// c\n1", "line comment"),
    .init("/* c */ 1", "block comment"),
    .init("[1 /* c */]", "block comment inside"),
    .init("# c\n1", "hash comment"),
    // Literals
    .init("nul", "truncated null"),
    .init("tru", "truncated true"),
    .init("truee", "true with extra letter"),
    .init("True", "capitalised True"),
    .init("NULL", "upper-case NULL"),
    .init("undefined", "undefined"),
    // Control characters and whitespace
    .init("\"a\tb\"", "raw tab in string"),
    .init("\"a\nb\"", "raw newline in string"),
    .init("\"\u{01}\"", "raw U+0001 in string"),
    .init("\"\u{1F}\"", "raw U+001F in string"),
    .init("\"\u{0}\"", "raw NUL in string"),
    .init("\u{0C}1", "form feed is not JSON whitespace"),
    .init("\u{0B}1", "vertical tab is not JSON whitespace"),
    .init("\u{A0}1", "no-break space is not JSON whitespace"),
    .init("[1]\u{0}", "NUL after the value"),
    // Escapes and surrogates
    .init(#""\x41""#, "invalid escape \\x"),
    .init(#""\'""#, "invalid escape \\'"),
    .init(#""\U0041""#, "upper-case \\U"),
    .init(#""\u12""#, "short \\u escape"),
    .init(#""\u12g4""#, "non-hex \\u escape"),
    .init(#""\ud800""#, "lone high surrogate"),
    .init(#""\udc00""#, "lone low surrogate"),
    .init(#""\ud800x""#, "high surrogate followed by text"),
    .init(#""\ud800\u0041""#, "high surrogate followed by non-surrogate escape"),
    .init(#""\ud800\ud800""#, "two high surrogates"),
    .init(#""\ude00\ud83d""#, "surrogates in the wrong order"),
    // Unterminated
    .init("\"abc", "unterminated string"),
    .init("[\"abc", "unterminated string in array"),
    .init("\"abc\\", "unterminated escape"),
    .init("\"\\u00", "unterminated \\u escape"),
    // Invalid UTF-8
    .init(bytes: [0x22, 0xFF, 0x22], "byte 0xFF in string"),
    .init(bytes: [0x22, 0xC0, 0x80, 0x22], "overlong NUL"),
    .init(bytes: [0x22, 0xC1, 0xBF, 0x22], "overlong two-byte"),
    .init(bytes: [0x22, 0xE0, 0x80, 0xAF, 0x22], "overlong three-byte"),
    .init(bytes: [0x22, 0xF0, 0x80, 0x80, 0xAF, 0x22], "overlong four-byte"),
    .init(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], "UTF-8 encoded surrogate"),
    .init(bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], "code point above U+10FFFF"),
    .init(bytes: [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], "lead byte 0xF5"),
    .init(bytes: [0x22, 0xE2, 0x82, 0x22], "truncated sequence"),
    .init(bytes: [0x22, 0xE2, 0x82], "truncated sequence at end"),
    .init(bytes: [0x22, 0x80, 0x22], "lone continuation byte"),
    .init(bytes: [0x22, 0xC3, 0x28, 0x22], "bad continuation byte"),
    .init(bytes: [0xFF], "byte 0xFF at top level"),
    .init(bytes: Array("[1]".utf8) + [0xFE], "byte 0xFE after the value"),
    .init(bytes: [0xFE, 0xFF, 0x00, 0x31], "UTF-16 BOM"),
    .init(bytes: Array(#"{"a":1,"#.utf8) + [0xC3], "invalid byte where a key is expected"),
    // Trailing content
    .init("{} {}", "two objects"),
    .init("[1]]", "extra ]"),
    .init("[1] x", "garbage after value"),
    .init("\"a\" \"b\"", "two strings"),
]

@Suite("JSON strictness")
struct JSONStrictnessTests {
    @Test(arguments: malformed)
    func rejects(_ c: MalformedCase) {
        let error = parseError(c.bytes)
        #expect(error != nil, "accepted: \(c.why)")
        if let error {
            #expect(error.line >= 1 && error.column >= 1)
            #expect(!error.message.isEmpty)
        }
    }

    @Test func exactLocationsAndMessages() throws {
        let e1 = try #require(parseError("[1,\n 2,\n x]"))
        #expect(e1.line == 3 && e1.column == 2)
        #expect(e1.description == "unexpected character 'x' at line 3, column 2, expected a value")

        let e2 = try #require(parseError("{\n  \"a\": 1\n  \"b\": 2\n}"))
        #expect(e2.line == 3 && e2.column == 3)
        #expect(e2.message == "unexpected character '\"', expected ',' or '}'")
        #expect(e2.description == "unexpected character '\"' at line 3, column 3, expected ',' or '}'")

        let e3 = try #require(parseError("  \"abc"))
        #expect(e3.line == 1 && e3.column == 3)
        #expect(e3.message == "unterminated string")
        #expect(e3.description == "unterminated string at line 1, column 3")

        let e4 = try #require(parseError("[1,\r\n2,]"))
        #expect(e4.line == 2 && e4.column == 3)
        #expect(e4.message.contains("trailing comma"))

        let e5 = try #require(parseError([0x5B, 0x0A, 0x22, 0x61, 0xFF, 0x22, 0x5D]))
        #expect(e5.line == 2 && e5.column == 3)
        #expect(e5.message == "invalid UTF-8 byte 0xFF")

        let e6 = try #require(parseError("[1, 2]\n\n{"))
        #expect(e6.line == 3 && e6.column == 1)
        #expect(e6.message == "unexpected character '{', expected end of input")

        let e7 = try #require(parseError(#"{"a": 01}"#))
        #expect(e7.message.contains("leading zero"))
        #expect(e7.column == 7)

        let e8 = try #require(parseError(#"["\ud800"]"#))
        #expect(e8.message.contains("lone surrogate"))
        #expect(e8.column == 3)

        let e9 = try #require(parseError("\u{FEFF}x"))
        #expect(e9.line == 1 && e9.column == 1)

        let e10 = try #require(parseError("[1,\n2\n"))
        #expect(e10.line == 3 && e10.column == 1)
        #expect(e10.message == "unexpected end of input, expected ',' or ']'")

        let e11 = try #require(parseError("// hi\n1"))
        #expect(e11.message.contains("comments are not allowed"))
        let e12 = try #require(parseError("'x'"))
        #expect(e12.message.contains("single-quoted"))
        let e13 = try #require(parseError("\"a\u{1}\""))
        #expect(e13.message.contains("control character 0x01"))
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let clock = ContinuousClock()
        let start = clock.now
        for opener in ["[", "{\"a\":"] {
            let text = String(repeating: opener, count: 100_000)
            let error = try #require(parseError(text))
            #expect(error.message == "nesting deeper than 512")
        }
        #expect(clock.now - start < .seconds(2))
    }

    @Test func depthLimitIsExact() throws {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(throws: Never.self) { try parse(ok) }
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(parseError(tooDeep)?.message == "nesting deeper than 512")
        #expect(parseError("[[[1]]]", maxDepth: 2)?.message == "nesting deeper than 2")
        #expect(try parse("[[[1]]]", maxDepth: 3) == [[[1]]])
        #expect(try parse("1", maxDepth: 0) == 1)
        #expect(parseError("{}", maxDepth: 0) != nil)
    }

    @Test func mutatedInputNeverCrashes() throws {
        var rng = SplitMix64(seed: 0xBAD_1DEA)
        let seeds = [
            #"{"id": "p1", "name": "Ünïcødé 😀", "n": [1, -2.5e3, true, null, {"x": "\n\u00e9"}]}"#,
            #"[[[]], {}, "a\\b", 0, -0, 1e999, 12345678901234567890]"#,
        ]
        let alphabet = Array(#"{}[]",:\ u0123456789eE+-.tfnrsal"#.utf8) + [0x00, 0x0A, 0x80, 0xC3, 0xED, 0xF0, 0xFF]
        var parsed = 0
        for _ in 0..<3000 {
            var bytes = Array(seeds[Int(rng.next() % UInt64(seeds.count))].utf8)
            for _ in 0..<Int(1 + rng.next() % 4) {
                let at = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 3 {
                case 0: bytes[at] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                case 1: bytes.remove(at: at)
                default: bytes.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: at)
                }
                if bytes.isEmpty { bytes = [0x30] }
            }
            if let value = try? JSONParser.parse(bytes) {
                parsed += 1
                // Whatever is accepted must survive a round trip.
                let again = try JSONParser.parse(value.serialized())
                #expect(again.serialized() == value.serialized())
            }
        }
        #expect(parsed > 0)
    }
}

// MARK: - Array elements with lines

@Suite("JSON array elements with lines")
struct JSONLineTests {
    @Test func elementLines() throws {
        let text = """
            [
              {"id": 1},
              {"id": 2,
               "x": [1,
                     2]},

              3, "four",
              [5
              ]
            , 6]
            """
        let elements = try JSONParser.parseArrayElementsWithLines(Array(text.utf8))
        #expect(elements.map(\.line) == [2, 3, 7, 7, 8, 10])
        #expect(elements.map(\.value) == [["id": 1], ["id": 2, "x": [1, 2]], 3, "four", [5], 6])
    }

    @Test func crlfAndBOM() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("[1,\r\n2,\r\n\r\n3,\r4]".utf8)
        let elements = try JSONParser.parseArrayElementsWithLines(bytes)
        #expect(elements.map(\.line) == [1, 2, 4, 5])
        #expect(elements.map(\.value) == [1, 2, 3, 4])
    }

    @Test func singleLineAndEmpty() throws {
        #expect(try JSONParser.parseArrayElementsWithLines(Array("[]".utf8)).isEmpty)
        #expect(try JSONParser.parseArrayElementsWithLines(Array("\n\n [ ] ".utf8)).isEmpty)
        let one = try JSONParser.parseArrayElementsWithLines(Array("\n\n[\"a\", \"b\"]".utf8))
        #expect(one.map(\.line) == [3, 3])
    }

    @Test func topLevelMustBeAnArray() throws {
        for text in ["{}", "1", "\"[\"", ""] {
            #expect(throws: JSONSyntaxError.self) {
                try JSONParser.parseArrayElementsWithLines(Array(text.utf8))
            }
        }
        do {
            _ = try JSONParser.parseArrayElementsWithLines(Array("[\n1,\n{\"a\" 2}]".utf8))
            Issue.record("accepted")
        } catch {
            #expect(error.line == 3 && error.column == 6)
        }
    }

    @Test func manyLines() throws {
        var text = "[\n"
        for k in 0..<10_000 {
            text += "  {\"id\": \"p\(k)\", \"n\": \(k)}" + (k < 9_999 ? ",\n" : "\n")
        }
        text += "]\n"
        let elements = try JSONParser.parseArrayElementsWithLines(Array(text.utf8))
        #expect(elements.count == 10_000)
        for (k, e) in elements.enumerated() {
            #expect(e.line == k + 2)
            #expect(e.value["n"]?.intValue == Int64(k))
        }
    }
}

// MARK: - Writer

@Suite("JSON writing")
struct JSONWriterTests {
    @Test func compactAndPretty() {
        let v: JSONValue = ["a": 1, "b": [true, nil], "c": [:], "d": [], "e": ["f": "g"]]
        #expect(v.serialized() == #"{"a":1,"b":[true,null],"c":{},"d":[],"e":{"f":"g"}}"#)
        #expect(v.serialized(pretty: false) == v.serialized())
        #expect(
            v.serialized(pretty: true) == """
                {
                  "a": 1,
                  "b": [
                    true,
                    null
                  ],
                  "c": {},
                  "d": [],
                  "e": {
                    "f": "g"
                  }
                }
                """)
        #expect(JSONValue.string("x").serialized(pretty: true) == "\"x\"")
        #expect("\(v)" == v.serialized())
    }

    @Test func stringEscaping() {
        #expect(JSONValue.quoted("plain") == "\"plain\"")
        #expect(JSONValue.quoted("a\"b\\c/d") == #""a\"b\\c/d""#)
        #expect(JSONValue.quoted("\n\r\t\u{8}\u{C}") == #""\n\r\t\b\f""#)
        #expect(JSONValue.quoted("\u{0}\u{1}\u{1F}\u{7F}") == "\"\\u0000\\u0001\\u001f\u{7F}\"")
        #expect(JSONValue.quoted("\u{2028}x\u{2029}") == #""\u2028x\u2029""#)
        #expect(JSONValue.quoted("é€😀") == "\"é€😀\"")
        #expect(JSONValue.quoted("") == "\"\"")
    }

    @Test(arguments: [
        (JSONValue.int(0), "0"), (.int(-7), "-7"), (.int(.max), "9223372036854775807"),
        (.int(.min), "-9223372036854775808"), (.double(0.1), "0.1"), (.double(-2.5), "-2.5"),
        (.double(1e-7), "1e-07"), (.double(1e300), "1e+300"), (.double(3.0), "3"),
        (.double(-0.0), "-0"), (.double(0.0), "0"), (.double(1e15), "1000000000000000"),
        (.double(9_007_199_254_740_992.0), "9007199254740992.0"), (.double(1e16), "1e+16"),
        (.double(.infinity), "null"), (.double(-.infinity), "null"), (.double(.nan), "null"),
        (.double(.leastNonzeroMagnitude), "5e-324"), (.double(1.7976931348623157e308), "1.7976931348623157e+308"),
    ])
    func numbers(value: JSONValue, text: String) {
        #expect(value.serialized() == text)
    }

    @Test func finiteDoublesRoundTripBitExactly() throws {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<2000 {
            let d = Double(bitPattern: rng.next())
            guard d.isFinite else { continue }
            let text = JSONValue.double(d).serialized()
            let back = try parse(text)
            let e = try #require(back.doubleValue)
            #expect(e == d, "\(d) → \(text) → \(back)")
            if d == 0 { #expect(e.sign == d.sign) }
        }
    }
}

// MARK: - Round trips

@Suite("JSON round trips")
struct JSONRoundTripTests {
    static let values: [JSONValue] = [
        .null, true, false, 0, -1, .int(.max), .int(.min), 0.5, -1.5e-300, 1.7976931348623157e308,
        .double(.leastNonzeroMagnitude), 123456.789, 1e100, "", "hello", "ünïcødé ☃ 😀 e\u{301}", "tab\there\nnewline\r",
        "quote \" backslash \\ slash /", "\u{0}\u{1}\u{1F}\u{7F}", "\u{2028}\u{2029}", "\u{10FFFF}\u{FFFD}",
        [], [:], [1, [2, [3, [4, []]]]],
        ["key with \"quotes\"": "v", "": "empty key", "ключ": ["日本語": [true, nil, 1.25]]],
        ["z": 1, "a": 2, "m": ["nested": ["deeper": ["deepest": "x"]]]],
        .array((0..<100).map { .int(Int64($0 * $0)) }),
    ]

    @Test(arguments: values)
    func roundTrip(value: JSONValue) throws {
        #expect(try parse(value.serialized()) == value)
        #expect(try parse(value.serialized(pretty: true)) == value)
        // Serialising is deterministic.
        #expect(try parse(value.serialized()).serialized() == value.serialized())
    }

    @Test func integralDoublesComeBackAsInts() throws {
        #expect(try parse(JSONValue.double(3).serialized()) == .int(3))
        let z = try parse(JSONValue.double(-0.0).serialized())
        #expect(z.doubleValue?.sign == .minus)
    }

    @Test func randomValuesRoundTrip() throws {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let v = randomValue(&rng, depth: 0)
            let expected = normalised(v)
            #expect(try parse(v.serialized()) == expected)
            #expect(try parse(v.serialized(pretty: true)) == expected)
        }
    }
}

private func randomString(_ rng: inout SplitMix64) -> String {
    let pieces = ["a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1B}", "é", "€", "😀", "\u{2028}", "ß", "id", "name"]
    var s = ""
    for _ in 0..<Int(rng.next() % 12) { s += pieces[Int(rng.next() % UInt64(pieces.count))] }
    return s
}

/// What a value becomes after a write/read cycle: integral doubles below 2^53 are
/// written without a fraction and come back as `.int` (except `-0`).
private func normalised(_ v: JSONValue) -> JSONValue {
    switch v {
    case .double(let d) where d != 0 && d.magnitude < 9_007_199_254_740_992 && d == d.rounded():
        return .int(Int64(d))
    case .array(let a):
        return .array(a.map(normalised))
    case .object(let o):
        return .object(JSONObject(o.map { ($0.key, normalised($0.value)) }))
    default:
        return v
    }
}

/// A random value (its doubles may be integral: compare with `normalised`).
private func randomValue(_ rng: inout SplitMix64, depth: Int) -> JSONValue {
    let kind = depth >= 4 ? rng.next() % 5 : rng.next() % 7
    switch kind {
    case 0: return .null
    case 1: return .bool(rng.next() & 1 == 0)
    case 2: return .int(Int64(bitPattern: rng.next()) >> (rng.next() % 64))
    case 3:
        let d = Double(Int64(bitPattern: rng.next()) >> 20) / 1024 + 0.5
        return .double(d * pow(10, Double(Int(rng.next() % 40) - 20)))
    case 4: return .string(randomString(&rng))
    case 5: return .array((0..<Int(rng.next() % 6)).map { _ in randomValue(&rng, depth: depth + 1) })
    default:
        var o = JSONObject()
        for _ in 0..<Int(rng.next() % 6) { o[randomString(&rng)] = randomValue(&rng, depth: depth + 1) }
        return .object(o)
    }
}

// MARK: - Differential test against Foundation

@Suite("JSON vs JSONSerialization")
struct JSONDifferentialTests {
    /// Generates JSON text directly (random whitespace, escapes, number spellings).
    fileprivate struct TextGenerator {
        var rng: SplitMix64

        mutating func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        mutating func ws() -> String { pick(["", "", " ", "\n", "  ", "\r\n\t", "\t"]) }

        mutating func string() -> String {
            var s = "\""
            for _ in 0..<Int(rng.next() % 10) {
                s += pick([
                    "a", "b", "xyz", " ", "é", "日本", "😀", "\\n", "\\t", "\\\"", "\\\\", "\\/",
                    "\\u0041", "\\u00e9", "\\u20ac", "\\ud83d\\ude00", "\\u0001", "\\b", "\\f", "\\r",
                ])
            }
            return s + "\""
        }

        mutating func number() -> String {
            switch rng.next() % 6 {
            case 0: return String(Int64(bitPattern: rng.next()) >> (rng.next() % 64))
            case 1: return String(Int(rng.next() % 1000) - 500)
            case 2:
                let d = Double(bitPattern: rng.next())
                return d.isFinite ? JSONValue.double(d).serialized() : "0.25"
            case 3: return "\(Int(rng.next() % 2000) - 1000).\(rng.next() % 100_000)"
            case 4:
                return "\(rng.next() % 100)\(pick(["e", "E"]))\(pick(["", "+", "-"]))\(rng.next() % 300)"
            default: return "-\(rng.next() % 10).\(rng.next() % 1000)e-\(rng.next() % 20)"
            }
        }

        mutating func value(depth: Int) -> String {
            switch depth >= 5 ? rng.next() % 5 : rng.next() % 8 {
            case 0: return pick(["null", "true", "false"])
            case 1, 2: return number()
            case 3, 4: return string()
            case 5, 6: return object(depth: depth)
            default: return array(depth: depth)
            }
        }

        mutating func array(depth: Int) -> String {
            let n = Int(rng.next() % 6)
            let items = (0..<n).map { _ in ws() + value(depth: depth + 1) + ws() }
            return "[" + (n == 0 ? ws() : items.joined(separator: ",")) + "]"
        }

        mutating func object(depth: Int) -> String {
            let n = Int(rng.next() % 6)
            var members: [String] = []
            for k in 0..<n {
                // The "_k" suffix keeps decoded keys unique (pieces never contain '_').
                let key = String(string().dropLast()) + "_\(k)\""
                members.append(ws() + key + ws() + ":" + ws() + value(depth: depth + 1) + ws())
            }
            return "{" + (n == 0 ? ws() : members.joined(separator: ",")) + "}"
        }
    }

    static func matches(_ ours: JSONValue, _ theirs: Any, path: String = "$") -> String? {
        switch ours {
        case .null:
            return theirs is NSNull ? nil : "\(path): expected null, got \(theirs)"
        case .bool(let b):
            guard let n = theirs as? NSNumber, String(cString: n.objCType) == "c", n.boolValue == b else {
                return "\(path): expected \(b), got \(theirs)"
            }
            return nil
        case .int(let i):
            guard let n = theirs as? NSNumber, String(cString: n.objCType) != "c", n.int64Value == i else {
                return "\(path): expected \(i), got \(theirs)"
            }
            return nil
        case .double(let d):
            guard let n = theirs as? NSNumber, String(cString: n.objCType) != "c" else {
                return "\(path): expected \(d), got \(theirs)"
            }
            // JSONSerialization returns some numbers as NSDecimalNumber, whose
            // `doubleValue` is not correctly rounded; its decimal text is exact.
            if n.doubleValue == d || Double(n.description) == d { return nil }
            return "\(path): expected \(d), got \(theirs)"
        case .string(let s):
            return (theirs as? String) == s ? nil : "\(path): expected \(s.debugDescription), got \(theirs)"
        case .array(let a):
            guard let b = theirs as? [Any], a.count == b.count else {
                return "\(path): array mismatch"
            }
            for (k, (x, y)) in zip(a, b).enumerated() {
                if let m = matches(x, y, path: "\(path)[\(k)]") { return m }
            }
            return nil
        case .object(let o):
            guard let b = theirs as? [String: Any], o.count == b.count else {
                return "\(path): object mismatch"
            }
            for (key, value) in o {
                guard let other = b[key] else { return "\(path): missing key \(key.debugDescription)" }
                if let m = matches(value, other, path: "\(path).\(key)") { return m }
            }
            return nil
        }
    }

    @Test func agreesWithJSONSerialization() throws {
        var generator = TextGenerator(rng: SplitMix64(seed: 0x5EED))
        for n in 0..<200 {
            let text = generator.ws() + (n % 2 == 0 ? generator.object(depth: 0) : generator.array(depth: 0))
                + generator.ws()
            let ours = try parse(text)
            let theirs = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [])
            if let mismatch = Self.matches(ours, theirs) {
                Issue.record("document \(n): \(mismatch)\n\(text)")
            }
        }
    }
}

// MARK: - Model

@Suite("JSON model")
struct JSONModelTests {
    @Test func objectSemantics() {
        var o = JSONObject()
        #expect(o.isEmpty)
        o["b"] = 1
        o["a"] = 2
        o["b"] = 3  // replaced in place
        #expect(o.keys == ["b", "a"])
        #expect(o["b"] == 3)
        o["c"] = nil  // absent: no-op
        #expect(o.count == 2)
        o["b"] = nil  // removes
        #expect(o.keys == ["a"])
        #expect(o.removeValue(forKey: "a") == 2)
        #expect(o.isEmpty)

        let p = JSONObject([("x", 1), ("y", 2), ("x", 3)])
        #expect(p.keys == ["x", "y"])
        #expect(p["x"] == 3)
        #expect(Array(p.map(\.key)) == ["x", "y"])
        #expect(Array(p.map(\.value)) == [3, 2])

        let literal: JSONValue = ["z": 1, "a": 2, "m": 3]
        #expect(literal.objectValue?.keys == ["z", "a", "m"])
        // Order-sensitive equality.
        #expect(JSONValue.object(["a": 1, "b": 2]) != JSONValue.object(["b": 2, "a": 1]))
        #expect(JSONValue.object(["a": 1, "b": 2]) == JSONValue.object(["a": 1, "b": 2]))
        let set: Set<JSONValue> = [["a": 1], ["a": 1], [1, 2], "x"]
        #expect(set.count == 3)
    }

    @Test func accessors() {
        #expect(JSONValue.int(3).intValue == 3)
        #expect(JSONValue.double(2.0).intValue == 2)
        #expect(JSONValue.double(-0.0).intValue == 0)
        #expect(JSONValue.double(2.5).intValue == nil)
        #expect(JSONValue.double(1e300).intValue == nil)
        #expect(JSONValue.double(9_223_372_036_854_775_808.0).intValue == nil)
        #expect(JSONValue.double(-9_223_372_036_854_775_808.0).intValue == .min)
        #expect(JSONValue.double(.infinity).intValue == nil)
        #expect(JSONValue.double(.nan).intValue == nil)
        #expect(JSONValue.string("3").intValue == nil)
        #expect(JSONValue.int(3).doubleValue == 3.0)
        #expect(JSONValue.double(0.5).doubleValue == 0.5)
        #expect(JSONValue.bool(true).doubleValue == nil)
        #expect(JSONValue.bool(true).boolValue == true)
        #expect(JSONValue.int(1).boolValue == nil)
        #expect(JSONValue.string("s").stringValue == "s")
        #expect(JSONValue.null.isNull)
        #expect(!JSONValue.int(0).isNull)
        #expect(JSONValue.array([1]).arrayValue == [1])
        #expect(JSONValue.object(["a": 1]).objectValue?["a"] == 1)
        #expect(JSONValue.object(["a": 1])["a"] == 1)
        #expect(JSONValue.object(["a": 1])["b"] == nil)
        #expect(JSONValue.array([1])["a"] == nil)
        #expect(JSONValue.array([1])[0] == 1)
        #expect(JSONValue.array([1])[1] == nil)
        #expect(JSONValue.array([1])[-1] == nil)
    }

    @Test func literals() {
        let v: JSONValue = ["s": "x", "i": 1, "d": 1.5, "b": true, "n": nil, "a": [1, "2"]]
        #expect(v["s"] == .string("x"))
        #expect(v["i"] == .int(1))
        #expect(v["d"] == .double(1.5))
        #expect(v["b"] == .bool(true))
        #expect(v["n"] == .null)
        #expect(v["a"] == .array([.int(1), .string("2")]))
    }
}
