import Foundation
import JSONSupport
import Testing
@testable import MatchCore

/// Scoring profiles, all-pairs lists, explanations and cluster matching through the binary.
@Suite("Matching from the command line", .serialized)
struct MatchingCLITests {
    /// The demo database, built once for this suite.
    static let demo: (dir: TemporaryDirectory, db: String) = {
        let dir = try! TemporaryDirectory()
        let r = try! CLI.run(["demo", "--out", dir.path("demo")])
        precondition(r.status == 0, r.stderr)
        return (dir, dir.path("demo/demo.sqlite"))
    }()

    func json(_ args: [String]) throws -> JSONValue {
        let r = try CLI.run(args + ["--db", Self.demo.db, "--format", "json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        return try JSONParser.parse(r.stdout)
    }

    /// For participants that bring only a vector, `peers` is exactly their cosine.
    /// Reasons quote texts on one line: an EEN request joins its description and the expertise
    /// it seeks with a blank line, which broke the table when a reason quoted across it.
    @Test func reasonsQuoteTextsOnOneLine() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        let people = """
            {"id": "a", "kind": "company", "name": "A", "country": "DK", "keywords": ["sheet metal"], "needs": [{"text": "Weld inspection of sheet products.\\n\\nultrasonic weld inspection"}]}
            {"id": "b", "kind": "company", "name": "B", "country": "SE", "keywords": ["inspection"], "offers": [{"text": "ultrasonic weld inspection\\tservices"}]}

            """
        #expect(try CLI.run(["import", try dir.write("p.jsonl", people), "--db", db]).status == 0)
        let r = try CLI.run(["match", "a", "--db", db, "--explain", "--format", "json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let reasons = (try JSONParser.parse(r.stdout).arrayValue?.first?["reasons"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue ?? $0.stringValue }
        #expect(reasons.contains { $0.contains("weld") }, "\(r.stdout)")
        #expect(reasons.allSatisfy { !$0.contains("\n") && !$0.contains("\t") }, "\(reasons)")
        let table = try CLI.run(["match", "a", "--db", db, "--explain"]).stdout
        #expect(!table.contains("products.\n") && table.contains("weld"), "\(table)")
    }

    @Test func peersIsTheCosineOfUserVectors() throws {
        let dir = try TemporaryDirectory()
        var rng = SplitMix64(seed: 11)
        var lines: [String] = [], vectors: [[Double]] = []
        for i in 0..<40 {
            let v = (0..<12).map { _ in Double.random(in: -1...1, using: &rng) }
            vectors.append(v)
            lines.append(JSONValue.object(JSONObject([("id", .string(String(format: "v%02d", i))), ("kind", "company"), ("name", .string("V\(i)")),
                ("country", "DK"), ("vector", .array(v.map { .double($0) }))])).serialized())
        }
        let db = dir.path("v.sqlite")
        #expect(try CLI.run(["import", try dir.write("v.jsonl", lines.joined(separator: "\n")), "--db", db]).status == 0)
        let r = try CLI.run(["match", "v00", "--profile", "peers", "--top", "39", "--db", db, "--format", "json"])
        let rows = try #require(try JSONParser.parse(r.stdout).arrayValue)
        func cosine(_ a: [Double], _ b: [Double]) -> Double {
            zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } / (a.reduce(0) { $0 + $1 * $1 }.squareRoot() * b.reduce(0) { $0 + $1 * $1 }.squareRoot())
        }
        let expected = (1..<40).map { (String(format: "v%02d", $0), cosine(vectors[0], vectors[$0])) }
            .sorted { $0.1 > $1.1 }.filter { $0.1 >= 0 }  // the profile's minimum score is 0
        #expect(rows.count == expected.count && expected.count > 10)
        #expect(rows.compactMap { $0["id"]?.stringValue } == expected.map(\.0))
        for (row, (_, c)) in zip(rows, expected) { #expect(abs((row["score"]?.doubleValue ?? 9) - c) < 1e-4) }
    }

    @Test func researchProfilePairsCompaniesWithResearch() throws {
        let rows = try #require(try json(["match", "dk-food-0001", "--profile", "research", "--top", "10"]).arrayValue)
        #expect(rows.count == 10)
        #expect(rows.allSatisfy { ["researcher", "knowledge-institution"].contains($0["kind"]?.stringValue ?? "") })
    }

    @Test func filtersRestrictTheList() throws {
        let rows = try #require(try json(["match", "dk-sound-0001", "--country", "SE,DE", "--kind", "company", "--top", "20"]).arrayValue)
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { ["SE", "DE"].contains($0["country"]?.stringValue ?? "") && $0["kind"] == "company" })
        let excluded = rows.first!["id"]!.stringValue!
        let again = try #require(try json(["match", "dk-sound-0001", "--country", "SE,DE", "--exclude", excluded]).arrayValue)
        #expect(!again.contains { $0["id"]?.stringValue == excluded })
    }

    @Test func adHocQueryFindsThePlantedPartner() throws {
        let rows = try #require(try json(["match", "--offers", "vision-guided robot picking of meat cuts", "--needs", "pork cutting line pilot", "--top", "5"]).arrayValue)
        #expect(rows.contains { $0["id"] == "dk-food-0001" || $0["id"] == "se-robotics-0001" })
    }

    @Test func explainGivesRankOrTheExcludingRule() throws {
        let list = try #require(try json(["match", "dk-sound-0001", "--top", "5"]).arrayValue)
        let third = try #require(list[2]["id"]?.stringValue)
        let e = try json(["explain", "dk-sound-0001", third])
        #expect(e["rank"] == 3)
        #expect(e["excludedBy"] == .null)
        #expect(abs((e["score"]?.doubleValue ?? 0) - (list[2]["score"]?.doubleValue ?? 1)) < 2e-4)
        let excluded = try json(["explain", "dk-sound-0001", "dk-sound-0002", "--profile", "research"])
        #expect(excluded["rank"] == .null)
        #expect(excluded["excludedBy"]?.stringValue?.contains("does not pair a company with a company") == true)
    }

    @Test func matchAllWritesTheContractRowsConsistentWithMatch() throws {
        let out = Self.demo.dir.path("all.jsonl")
        let r = try CLI.run(["match-all", "--top", "5", "--out", out, "--db", Self.demo.db])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(!r.stderr.contains("["))  // no progress bar when stderr is not a terminal
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count >= 500 * 5)
        let first = try JSONParser.parse(String(lines[0]))
        #expect(first.objectValue?.keys == ["participant", "rank", "partner", "score", "forward", "backward", "reasons"])
        let mine = try lines.map { try JSONParser.parse(String($0)) }.filter { $0["participant"] == "dk-energy-0001" }
        let single = try #require(try json(["match", "dk-energy-0001", "--top", "5"]).arrayValue)
        #expect(mine.compactMap { $0["partner"]?.stringValue } == single.compactMap { $0["id"]?.stringValue })
        let csv = Self.demo.dir.path("all.csv")
        #expect(try CLI.run(["match-all", "--top", "2", "--out", csv, "--db", Self.demo.db]).status == 0)
        #expect(try String(contentsOfFile: csv, encoding: .utf8).hasPrefix("participant,rank,partner,score,forward,backward,reasons\r\n"))
    }

    /// The bfloat16 prefilter and the float32 (sgemm) path give the same file, byte for
    /// byte, for every profile: both end in the same exact re-score.
    @Test func matchAllIsTheSameWithEitherKernel() throws {
        for profile in ["brokerage", "peers", "research"] {
            var files: [String] = []
            for kernel in ["float32", "bfloat16"] {
                let out = Self.demo.dir.path("kernel-\(profile)-\(kernel).jsonl")
                let r = try CLI.run(["match-all", "--top", "10", "--profile", profile, "--out", out, "--db", Self.demo.db],
                                    environment: ["CLUSTERMATCH_ALLPAIRS_KERNEL": kernel])
                #expect(r.status == 0, "stderr: \(r.stderr)")
                files.append(try String(contentsOfFile: out, encoding: .utf8))
            }
            #expect(files[0].count > 10_000)
            #expect(files[0] == files[1], "profile \(profile)")
        }
        let doctor = try CLI.run(["doctor", "--db", Self.demo.db, "--format", "json"], environment: ["CLUSTERMATCH_ALLPAIRS_KERNEL": "float32"])
        #expect(try JSONParser.parse(doctor.stdout)["allPairsKernel"] == "float32")
    }

    @Test func clustersAreListedAndMatchedAbroad() throws {
        let list = try #require(try json(["clusters", "list"]).arrayValue)
        #expect(list.count >= 8)
        let food = try #require(list.first { $0["id"] == "dk-food" })
        #expect((food["members"]?.intValue ?? 0) >= 40)
        let rows = try #require(try json(["clusters", "match", "dk-food", "--top", "3"]).arrayValue)
        #expect(rows.count == 3)
        #expect(rows.allSatisfy { $0["country"] != "DK" })
        #expect(rows[0]["id"] == "nl-agrifood")
        let pairs = try #require(rows[0]["memberPairs"]?.arrayValue)
        #expect(pairs.count == 3)
        #expect(pairs.allSatisfy { ($0["member"]?.stringValue ?? "").hasPrefix("dk-") && ($0["partnerMember"]?.stringValue ?? "").hasPrefix("nl-agrifood") })
        let domestic = try #require(try json(["clusters", "match", "dk-food", "--same-country", "--top", "9"]).arrayValue)
        #expect(domestic.contains { $0["country"] == "DK" })
    }

    @Test func optedOutParticipantsAreNeverSuggested() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        let file = try dir.write("p.jsonl", """
            {"id": "a", "kind": "company", "name": "A", "country": "DK", "keywords": ["wind blades"]}
            {"id": "b", "kind": "company", "name": "B", "country": "DK", "keywords": ["wind blades"], "optOut": true}
            {"id": "c", "kind": "company", "name": "C", "country": "DK", "keywords": ["wind"]}
            """)
        #expect(try CLI.run(["import", file, "--db", db]).status == 0)
        let forA = try JSONParser.parse(try CLI.run(["match", "a", "--db", db, "--format", "json"]).stdout)
        #expect(forA.arrayValue?.compactMap { $0["id"]?.stringValue } == ["c"])
        let forB = try JSONParser.parse(try CLI.run(["match", "b", "--db", db, "--format", "json"]).stdout)
        #expect(forB.arrayValue?.first?["id"] == "a")  // b still gets its own list
        let why = try JSONParser.parse(try CLI.run(["explain", "a", "b", "--db", db, "--format", "json"]).stdout)
        #expect(why["excludedBy"] == "b has opted out of being suggested")
    }
}
