import Foundation
import JSONSupport
import Testing

/// "Who offers what I need?": an ad-hoc query that states needs and no offers is scored on
/// the one direction that exists (their offers against its needs), as an EEN request is.
/// Before, the harmonic mean with its empty side gave every partner 0, and a query of needs
/// alone (no profile) found no one.
@Suite("matching: ad-hoc queries that state one side", .serialized)
struct AdHocSidesTests {
    /// The rows of a `match --format json` answer.
    static func rows(_ stdout: String) throws -> [JSONValue] { try JSONParser.parse(stdout).arrayValue ?? [] }

    static func number(_ v: JSONValue?) -> Double { v?.doubleValue ?? .nan }

    @Test func needsAloneFindWhoOffersThem() throws {
        let dir = try TemporaryDirectory()
        #expect(try CLI.run(["demo", "--out", dir.path("demo")]).status == 0)
        let db = dir.path("demo/demo.sqlite")
        let needs = try CLI.run(["match", "--needs", "machine learning", "--format", "json", "--explain", "--db", db])
        #expect(needs.status == 0, "\(needs.stderr)")
        let found = try Self.rows(needs.stdout)
        #expect(found.count == 10, "\(needs.stdout)")
        // brokerage, lexical: complementarity 0.9 and similarity 0.1 of the dense weights.
        for row in found {
            #expect(Self.number(row["forward"]) == 0 && Self.number(row["similarity"]) == 0, "\(row)")
            #expect(Self.number(row["backward"]) > 0)
            #expect(abs(Self.number(row["score"]) - 0.9 * Self.number(row["backward"])) <= 1.5e-4, "\(row)")
            #expect(row["reasons"]?.arrayValue?.contains { $0["direction"] == "they-offer" } == true, "\(row)")
        }
        let scores = found.map { Self.number($0["score"]) }
        #expect(scores == scores.sorted(by: >))

        // Offers alone: the forward direction only, with the profile they make.
        let offers = try CLI.run(["match", "--offers", "acoustic sensors", "--format", "json", "--db", db])
        let offered = try Self.rows(offers.stdout)
        #expect(!offered.isEmpty, "\(offers.stderr)")
        for row in offered {
            #expect(Self.number(row["backward"]) == 0, "\(row)")
            let expected = 0.9 * Self.number(row["forward"]) + 0.1 * Self.number(row["similarity"])
            #expect(abs(Self.number(row["score"]) - expected) <= 1.5e-4, "\(row)")
        }
        #expect(offered.contains { Self.number($0["forward"]) > 0 })

        // Both sides: the harmonic mean, as before (a partner with one direction at 0 scores its similarity only).
        let both = try CLI.run(["match", "--offers", "acoustic sensors", "--needs", "machine learning", "--format", "json", "--top", "50", "--db", db])
        for row in try Self.rows(both.stdout) {
            let (f, b) = (Self.number(row["forward"]), Self.number(row["backward"]))
            let harmonic = f + b > 0 ? 2 * f * b / (f + b) : 0
            #expect(abs(Self.number(row["score"]) - (0.9 * harmonic + 0.1 * Self.number(row["similarity"]))) <= 3e-4, "\(row)")
        }

        // Keywords with the needs describe the asker; they are not offers made, so the
        // query stays one-sided: every listed partner still scores its backward direction.
        let described = try Self.rows(try CLI.run(["match", "--needs", "machine learning", "--keywords", "hearing aids", "--format", "json",
                                                   "--explain", "--db", db]).stdout)
        #expect(!described.isEmpty)
        for row in described {
            let expected = 0.9 * Self.number(row["backward"]) + 0.1 * Self.number(row["similarity"])
            #expect(Self.number(row["forward"]) == 0 && abs(Self.number(row["score"]) - expected) <= 1.5e-4, "\(row)")
            // Nor are they shown as offered.
            #expect(row["reasons"]?.arrayValue?.contains { $0["direction"] == "you-offer" } == false, "\(row)")
        }
        // A query that states neither side (keywords alone) keeps the harmonic mean.
        for row in try Self.rows(try CLI.run(["match", "--keywords", "hearing aids", "--format", "json", "--top", "30", "--db", db]).stdout) {
            let (f, b) = (Self.number(row["forward"]), Self.number(row["backward"]))
            let harmonic = f + b > 0 ? 2 * f * b / (f + b) : 0
            #expect(abs(Self.number(row["score"]) - (0.9 * harmonic + 0.1 * Self.number(row["similarity"]))) <= 3e-4, "\(row)")
        }
        // Words no one has find no one (not everyone at 0); a blank need is no query; an
        // ad-hoc query has no history to leave out.
        let nothing = try CLI.run(["match", "--needs", "zzzqqq", "--format", "json", "--db", db])
        #expect(try nothing.status == 0 && Self.rows(nothing.stdout).isEmpty, "\(nothing.stdout)")
        #expect(try CLI.run(["match", "--needs", "  ", "--db", db]).status == 64)
        let newOnly = try CLI.run(["match", "--needs", "machine learning", "--new-only", "--db", db])
        #expect(newOnly.status == 64 && newOnly.stderr.contains("--new-only applies to a participant's list"), "\(newOnly.stderr)")

        // The service answers the same use case the same way.
        let serve = try ServeProcess(["--db", db])
        let answer = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 1, "method": "match.query", "params": {"query": {"needs": ["machine learning"]}}}"#))
        let ids = answer["result"]?["matches"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
        #expect(ids == found.compactMap { $0["id"]?.stringValue })
        let refused = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 2, "method": "match.query", "params": {"query": {"needs": ["machine learning"]}, "newOnly": true}}"#))
        #expect(refused["error"]?["code"] == -32602, "\(refused)")
        #expect(try serve.finish().status == 0)
    }
}
