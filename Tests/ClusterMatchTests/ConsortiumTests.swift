import ClusterMatchApp
import Consortia
import Foundation
import Testing
@testable import MatchCore
import JSONSupport

/// `consortium build` and `consortium.build` on a real database: a planted consortium
/// among look-alikes, the lead, infeasible calls, and the same answer from both doors.
@Suite("consortium builder", .serialized)
struct ConsortiumTests {
    static let phrases = ["laser welding", "battery recycling", "hydrogen storage", "drone inspection", "soil sensors"]
    static let countries = ["DK", "SE", "DE", "NL", "FI"]

    /// Five planted participants each offer exactly one of the call's needs and need what
    /// the other four offer (they complement each other); thirty look-alikes offer two
    /// needs' words mixed with others ("laser cutting", "drone delivery") and need nothing
    /// the others offer.
    static func landscape(_ dir: TemporaryDirectory) throws -> String {
        var lines: [String] = []
        func json(_ o: [String: Any]) -> String {
            String(decoding: try! JSONSerialization.data(withJSONObject: o, options: [.sortedKeys]), as: UTF8.self)
        }
        for (i, phrase) in phrases.enumerated() {
            lines.append(json(["id": "planted-\(i)", "kind": i == 1 ? "knowledge-institution" : "company", "name": "Planted \(i)",
                               "country": countries[i], "organisation": "Planted \(i)",
                               "offers": [["keywords": [phrase]]], "needs": [["keywords": phrases.filter { $0 != phrase }]]]))
        }
        let others = ["cutting", "delivery", "mapping", "printing", "coatings", "logistics"]
        var rng = SplitMix64(seed: 11)
        for i in 0..<30 {
            let a = Int(rng.next() % 5), b = (a + 1 + Int(rng.next() % 4)) % 5
            let wordA = phrases[a].split(separator: " ")[Int(rng.next() % 2)], wordB = phrases[b].split(separator: " ")[Int(rng.next() % 2)]
            let offers = ["\(wordA) \(others[Int(rng.next() % 6)])", "\(wordB) \(others[Int(rng.next() % 6)])"]
            lines.append(json(["id": "lookalike-\(String(format: "%02d", i))", "kind": ["company", "knowledge-institution", "researcher"][i % 3],
                               "name": "Look-alike \(i)", "country": countries[i % 5], "organisation": "Look-alike \(i)",
                               "offers": [["keywords": offers]], "needs": [["keywords": ["\(others[i % 6]) services"]]]]))
        }
        let file = try dir.write("landscape.jsonl", lines.joined(separator: "\n") + "\n")
        let db = dir.path("consortium.sqlite")
        let r = try CLI.run(["import", file, "--db", db])
        #expect(r.status == 0, "\(r.stderr)")
        return db
    }

    static func call(minCountries: Int = 3, extra: String = "", extraNeed: String = "") -> String {
        let needs = phrases.enumerated().map { i, p in #"{"id": "need-\#(i)", "title": "\#(p)", "keywords": ["\#(p)"], "required": \#(i == 0)}"# }
            + (extraNeed.isEmpty ? [] : [extraNeed])
        return #"""
            {"id": "CALL-1", "title": "Planted call", "needs": [\#(needs.joined(separator: ", "))],
             "rules": {"minPartners": 3, "maxPartners": 6, "minCountries": \#(minCountries), "eligibleCountries": "horizon-europe",
                       "minFromMemberStates": 1, "kinds": {"company": {"min": 1}}, "excludeSameOrganisation": true\#(extra)}}
            """#
    }

    @Test func thePlantedConsortiumComesFirstAndEveryProposalMeetsTheRules() throws {
        let dir = try TemporaryDirectory()
        let app = try ClusterMatch.open(path: try Self.landscape(dir), semantic: .off)
        let result = try app.buildConsortia(ConsortiumRequest(call: try Call.parse(try JSONParser.parse(Self.call())), top: 5))
        #expect(!result.exact)
        let first = try #require(result.proposals.first)
        #expect(first.members.map(\.participant.id) == (0..<5).map { "planted-\($0)" })
        #expect(first.members.map(\.covers) == (0..<5).map { ["need-\($0)"] })
        #expect(first.members.allSatisfy { m in m.reasons.contains { $0.direction == .theyOffer && $0.theirs == [Self.phrases[Int(m.participant.id.suffix(1))!]] } })
        #expect(result.proposals.count == 5)
        for (r, p) in result.proposals.enumerated() {
            let ids = p.members.map(\.participant.id)
            let indices = ids.map { id in result.problem.candidates.firstIndex { $0.id == id }! }
            #expect(result.problem.brokenRule(indices) == nil)
            #expect(Set(p.members.map(\.participant.country)).count >= 3)
            for prior in result.proposals[..<r] {
                #expect(ids.filter { id in !prior.members.contains { $0.participant.id == id } }.count >= 2)
            }
        }
    }

    @Test func withALeadEveryProposalContainsIt() throws {
        let dir = try TemporaryDirectory()
        let db = try Self.landscape(dir)
        let file = try dir.write("call.json", Self.call())
        let r = try CLI.run(["consortium", "build", file, "--lead", "lookalike-07", "--format", "json", "--db", db])
        #expect(r.status == 0, "\(r.stderr)")
        let consortia = try #require(try JSONParser.parse(r.stdout)["consortia"]?.arrayValue)
        #expect(consortia.count == 5)
        for c in consortia {
            #expect(c["members"]?.arrayValue?.contains { $0["id"] == "lookalike-07" } == true)
        }
        // lookalike-05 is in DK.
        let abroad = try dir.write("abroad.json", Self.call().replacingOccurrences(of: #""horizon-europe""#, with: #"["SE", "DE", "NL", "FI"]"#))
        let refused = try CLI.run(["consortium", "build", abroad, "--lead", "lookalike-05", "--db", db])
        #expect(refused.status == 65)
        #expect(refused.stderr == "error: rules.eligibleCountries: the lead lookalike-05 is in DK, which the call does not admit\n")
        let unknown = try CLI.run(["consortium", "build", file, "--lead", "nobody", "--db", db])
        #expect(unknown.status == 66)
    }

    @Test func theCLIAndTheServiceGiveTheSameProposals() throws {
        let dir = try TemporaryDirectory()
        let db = try Self.landscape(dir)
        let file = try dir.write("call.json", Self.call())
        let printed = try CLI.run(["consortium", "build", file, "--top", "3", "--format", "json", "--db", db])
        #expect(printed.status == 0, "\(printed.stderr)")
        let again = try CLI.run(["consortium", "build", file, "--top", "3", "--format", "json", "--db", db])
        #expect(again.stdout == printed.stdout, "the same input gives byte-identical output")
        let serve = try ServeProcess(["--db", db])
        let inline = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 1, "method": "consortium.build", "params": {"call": \#(try JSONParser.parse(Self.call()).serialized()), "top": 3}}"#))
        let byFile = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 2, "method": "consortium.build", "params": {"callFile": \#(JSONValue.string(file).serialized()), "top": 3}}"#))
        let expected = try JSONParser.parse(printed.stdout)
        #expect(inline["result"] == expected)
        #expect(byFile["result"] == expected)
        #expect(expected["call"] == "CALL-1")
        let member = try #require(expected["consortia"]?[0]?["members"]?[0]?.objectValue)
        #expect(member.keys == ["id", "name", "kind", "country", "covers", "reasons"])
        #expect(expected["consortia"]?[0]?["components"]?.objectValue?.keys == ["coverage", "complementarity", "history"])
        let reason = try #require(member["reasons"]?[0]?.objectValue)
        #expect(reason.keys == ["direction", "term", "yours", "theirs", "text"])
    }

    @Test func anInfeasibleCallNamesTheFailingRuleWithExit65AndTheSameServiceError() throws {
        let dir = try TemporaryDirectory()
        let db = try Self.landscape(dir)
        let cases: [(call: String, message: String)] = [
            (Self.call(minCountries: 6), "rules.minCountries: only 5 eligible countries have participants (DE, DK, FI, NL, SE); the call needs 6"),
            (Self.call(extraNeed: #"{"id": "gravimetry", "keywords": ["quantum gravimetry", "soil"], "required": true}"#),
             "needs[5].required: no eligible participant's offers cover need \"gravimetry\" at 0.10 or more (the best, planted-4, covers it 0.04)"),
            (Self.call().replacingOccurrences(of: #""horizon-europe""#, with: #"["DK"]"#),
             "rules.minCountries: only 1 eligible country has participants (DK); the call needs 3"),
        ]
        let serve = try ServeProcess(["--db", db])
        for (i, c) in cases.enumerated() {
            let file = try dir.write("call-\(i).json", c.call)
            let r = try CLI.run(["consortium", "build", file, "--db", db])
            #expect(r.status == 65)
            #expect(r.stdout.isEmpty)
            #expect(r.stderr == "error: \(c.message)\n")
            let answer = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 1, "method": "consortium.build", "params": {"call": \#(try JSONParser.parse(c.call).serialized())}}"#))
            #expect(answer["error"]?["code"] == .int(1001))
            #expect(answer["error"]?["message"] == .string(c.message))
        }
    }

    @Test func aBadCallFileIsNamedByFileAndField() throws {
        let dir = try TemporaryDirectory()
        let db = try Self.landscape(dir)
        let file = try dir.write("bad.json", #"{"id": "x", "needs": [{"id": "a", "title": "t", "weight": -1}], "rules": {"minCountrys": 3}}"#)
        let r = try CLI.run(["consortium", "build", file, "--db", db])
        #expect(r.status == 65)
        #expect(r.stderr == """
            error: \(file): needs[0].weight: expected a number ≥ 0, found -1
            \(file): rules.minCountrys: unknown field (known: eligibleCountries, exclude, excludeSameOrganisation, kinds, maxPartners, minCountries, minFromMemberStates, minPartners)

            """)
        let serve = try ServeProcess(["--db", db])
        let answer = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 1, "method": "consortium.build", "params": {"callFile": \#(JSONValue.string(file).serialized()), "call": {}}}"#))
        #expect(answer["error"]?["code"] == .int(-32602))
    }

    @Test func outWritesTheJSONTheCSVAndTheHTMLOfTheSameProposals() throws {
        let dir = try TemporaryDirectory()
        let db = try Self.landscape(dir)
        let file = try dir.write("call.json", Self.call())
        let json = try CLI.run(["consortium", "build", file, "--top", "2", "--format", "json", "--db", db])
        let out = try CLI.run(["consortium", "build", file, "--top", "2", "--out", dir.path("out"), "--db", db])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.hasPrefix("Consortia for Planted call (CALL-1)"))
        #expect(try String(contentsOfFile: dir.path("out/consortia.json"), encoding: .utf8) == json.stdout)
        let csv = try String(contentsOfFile: dir.path("out/consortia.csv"), encoding: .utf8).components(separatedBy: "\r\n").dropLast()
        let members = try JSONParser.parse(json.stdout)["consortia"]!.arrayValue!.map { $0["members"]!.arrayValue!.count }.reduce(0, +)
        #expect(csv.first == "rank,value,id,name,kind,country,covers,reasons")
        #expect(csv.count == 1 + members)
        #expect(csv[1].hasPrefix("1,0.") && csv[1].contains(",planted-0,Planted 0,company,DK,need-0,"))
        let html = try String(contentsOfFile: dir.path("out/consortia.html"), encoding: .utf8)
        #expect(html.contains("<h2>1. Value ") && html.contains("they offer &quot;laser welding&quot;, which you need"))
    }
}
