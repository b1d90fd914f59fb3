import Foundation
import JSONSupport
import Testing
@testable import MatchCore

/// `"candidates": "auto"` against a real database: the meetings come from the engine's
/// match lists with the named scoring profile, and carry its reasons.
@Suite("event candidates from the engine", .serialized)
struct EventAutoCandidatesTests {
    static func event(_ candidates: String) -> String {
        """
        {"id": "auto-2026", "name": "Auto", "timezone": "Europe/Copenhagen",
         "slots": [{"id": "s01", "start": "2026-03-10T09:00:00+01:00", "minutes": 20},
                   {"id": "s02", "start": "2026-03-10T09:20:00+01:00", "minutes": 20},
                   {"id": "s03", "start": "2026-03-10T09:40:00+01:00", "minutes": 20}],
         "tables": 2,
         "participants": [{"id": "dk-sound-0001"}, {"id": "dk-ai-0001"}, {"id": "se-robot-0001"}, {"id": "dk-uni-0001"}],
         "candidates": \(candidates),
         "options": {"fairness": 1.0, "seed": 1, "stamp": "2026-03-01T12:00:00Z"}}
        """
    }

    /// Each participant's match list as `clustermatch match` gives it: partner → score.
    static func lists(_ db: String, profile: String, top: Int) throws -> [String: [String: Double]] {
        var out: [String: [String: Double]] = [:]
        for id in ["dk-sound-0001", "dk-ai-0001", "se-robot-0001", "dk-uni-0001"] {
            let r = try CLI.run(["match", id, "--db", db, "--format", "json", "--profile", profile, "--top", String(top)])
            for row in try JSONParser.parse(r.stdout).arrayValue ?? [] where (row["score"]?.doubleValue ?? 0) > 0 {
                out[id, default: [:]][row["id"]!.stringValue!] = row["score"]!.doubleValue!
            }
        }
        return out
    }

    @Test(arguments: [("\"auto\"", "brokerage", 15), ("{\"profile\": \"brokerage\", \"top\": 2}", "brokerage", 2),
                      ("{\"profile\": \"research\", \"top\": 3}", "research", 3), ("{\"profile\": \"peers\"}", "peers", 15)])
    func meetingsComeFromTheProfilesMatchLists(candidates: String, profile: String, top: Int) throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        #expect(try CLI.run(["import", try dir.write("p.jsonl", CLITests.sample), "--db", db]).status == 0)
        let file = try dir.write("event.json", Self.event(candidates))
        let r = try CLI.run(["event", "plan", file, "--db", db, "--out", dir.path("out")])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let schedule = try JSONParser.parse(String(contentsOfFile: dir.path("out/schedule.json"), encoding: .utf8))
        let meetings = try #require(schedule["meetings"]?.arrayValue)
        #expect(!meetings.isEmpty)
        let lists = try Self.lists(db, profile: profile, top: top)
        for m in meetings {
            let a = m["a"]!.stringValue!, b = m["b"]!.stringValue!
            let scores = [lists[a]?[b], lists[b]?[a]].compactMap { $0 }
            #expect(!scores.isEmpty, "\(a)–\(b) is in neither match list of profile \(profile)")
            #expect(abs(m["score"]!.doubleValue! - (scores.max() ?? -1)) < 1e-4, "\(m)")
            #expect(m["origin"] == "suggested")
        }
        // Every pair in some list got a meeting: there is room for all of them.
        let pairs = Set(lists.flatMap { id, l in l.keys.map { [id, $0].sorted().joined(separator: "|") } })
        #expect(Set(meetings.map { "\($0["a"]!.stringValue!)|\($0["b"]!.stringValue!)" }) == pairs)
        #expect(meetings.contains { !($0["reasons"]?.arrayValue ?? []).isEmpty })
    }

    @Test func agendasReadTheReasonsFromEachSide() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        #expect(try CLI.run(["import", try dir.write("p.jsonl", CLITests.sample), "--db", db]).status == 0)
        let file = try dir.write("event.json", Self.event("{\"profile\": \"brokerage\", \"top\": 1}"))
        #expect(try CLI.run(["event", "plan", file, "--db", db, "--out", dir.path("plan")]).status == 0)
        let schedule = try JSONParser.parse(String(contentsOfFile: dir.path("plan/schedule.json"), encoding: .utf8))
        let m = try #require(schedule["meetings"]?.arrayValue?.first { $0["a"] == "dk-ai-0001" && $0["b"] == "dk-sound-0001" })
        let reasons = (m["reasons"]?.arrayValue ?? []).compactMap { $0.stringValue }
        // Stored as a (dk-ai-0001) reads them; dk-sound-0001 reads them the other way round.
        let offer = try #require(reasons.first { $0.hasPrefix("you offer") || $0.hasPrefix("they offer") })
        #expect(try CLI.run(["event", "export", dir.path("plan/schedule.json"), "--format", "html", "--out", dir.path("out")]).status == 0)
        #expect(try CLI.run(["event", "export", dir.path("plan/schedule.json"), "--format", "ics", "--out", dir.path("out")]).status == 0)
        let forA = try String(contentsOfFile: dir.path("out/agenda/dk-ai-0001.html"), encoding: .utf8)
        let forB = try String(contentsOfFile: dir.path("out/agenda/dk-sound-0001.html"), encoding: .utf8)
        let swapped = Reason.swappedSummary(offer)
        #expect(swapped != offer)
        func html(_ s: String) -> String { s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;") }
        #expect(forA.contains(html(offer)) && !forA.contains(html(swapped)))
        #expect(forB.contains(html(swapped)) && !forB.contains(html(offer)))
        let icsB = try String(contentsOfFile: dir.path("out/ics/dk-sound-0001.ics"), encoding: .utf8)
            .replacingOccurrences(of: "\r\n ", with: "")
        #expect(icsB.contains(swapped.replacingOccurrences(of: ",", with: "\\,")))
    }

    @Test func anUnknownProfileIsABadEventFile() throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("event.json", Self.event("{\"profile\": \"speed-dating\"}"))
        let r = try CLI.run(["event", "plan", file, "--db", dir.path("x.sqlite")])
        #expect(r.status == 65)
        #expect(r.stderr.contains("candidates.profile"), "stderr: \(r.stderr)")
    }
}
