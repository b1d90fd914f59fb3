import Testing
@testable import EventPlanner
import MatchCore
import JSONSupport

/// `Schedule.erasing(participant:)`, the typed erasure the store applies to stored schedules,
/// checked against the shape-agnostic erasure of the schedule's JSON document (what the
/// store did before, and still does to the organiser's event file).
@Suite("erasure")
struct ErasureTests {
    /// A plan and its re-plan (revision 2: cancellations, changes, reasons that name participants).
    static func schedules() throws -> [Schedule] {
        let one = ReplanTests.event(robo: ["s01", "s02", "s03"])
        let plan1 = Planner.plan(one, candidates: ReplanTests.candidates)
        let plan2 = Planner.replan(ReplanTests.event(robo: ["s02", "s03"]), candidates: ReplanTests.candidates, previous: plan1)
        #expect(plan2.revision == 2 && !plan2.changes.isEmpty)
        return [plan1, plan2]
    }

    @Test func aScheduleReadBackIsWrittenTheSame() throws {
        for s in try Self.schedules() {
            let text = s.json.serialized()
            #expect(try Schedule.decode(JSONParser.parse(text)).json.serialized() == text)
        }
    }

    @Test(arguments: ["acme", "robo", "c1", "c3", "nobody"])
    func typedErasureEqualsTheErasureOfTheDocument(id: String) throws {
        for s in try Self.schedules() {
            let erased = s.erasing(participant: id)
            // The same records and texts; the typed erasure also counts the statistics again.
            func withoutStats(_ v: JSONValue) -> JSONValue {
                var o = v.objectValue!
                o.removeValue(forKey: "stats")
                return .object(o)
            }
            #expect(withoutStats(erased.json) == withoutStats(Erasure.erasing(eventDocument: s.json, participant: id)))
            let left = erased.meetings
            #expect(erased.stats.meetings == left.count && erased.stats.byOrigin.values.reduce(0, +) == left.count)
            #expect(abs(erased.stats.totalScore - left.reduce(0) { $0 + $1.score }) < 1e-9)
            #expect(erased.stats.tableUse.map(\.used).reduce(0, +) == left.count)
            if erased.meetings.count == s.meetings.count { #expect(erased.stats == s.stats) }
            #expect(erased.names(id) == false)
            #expect(s.names(id) == (id != "nobody"))
            #expect(!erased.json.serialized().contains("\"\(id)\""))
        }
    }

    @Test func mentionsInTextAreReplacedWholeWordsOnly() {
        #expect(Erasure.replacingMentions(of: "acme", in: "accepted request acme–robo") == "accepted request an erased participant–robo")
        #expect(Erasure.replacingMentions(of: "acme", in: "acme-2 and acmes stay") == "acme-2 and acmes stay")
    }
}

/// What a redaction takes out of text, worked by hand.
@Suite("erasure: redaction")
struct RedactionTests {
    @Test func namesGoAsWholeWordsAndLongerNamesStay() {
        let r = Erasure.Redaction(id: "acme", names: ["Acme", "Mette Hansen", "mh@acme.dk", "AB"], keep: ["Acme Labs", "Zeta"])
        #expect(r.names == ["Mette Hansen", "mh@acme.dk", "Acme"], "longest first; two letters are too short to search for")
        #expect(r.keep == ["Acme Labs"], "only the names that contain an erased one are kept whole")
        #expect(r.apply("you both worked with Acme (2021) and Acme Labs (2020)") == "you both worked with an erased participant (2021) and Acme Labs (2020)")
        #expect(r.apply("Mette Hansen <mh@acme.dk> of acme said so") == "an erased participant <an erased participant> of an erased participant said so")
        #expect(r.apply("Acmes and AcmeX stay, AB stays") == "Acmes and AcmeX stay, AB stays")
        #expect(r.apply("METTE HANSEN and ACME LABS") == "an erased participant and ACME LABS", "any case")
        #expect(r.apply("ask Mette Hansen-Berg") == "ask Mette Hansen-Berg", "a hyphen joins words: another person")
        // The id keeps longer names whole too; placeholders and bare short numbers are no names.
        let dtu = Erasure.Redaction(id: "DTU", names: ["N/A", "12345", "+45 12 34 56 78"], keep: ["DTU Wind"])
        #expect(dtu.names == ["+45 12 34 56 78"])
        #expect(dtu.apply("DTU Wind and DTU, call +45 12 34 56 78, N/A") == "DTU Wind and an erased participant, call an erased participant, N/A")
    }
}

/// Names of participants erased before a text was read, found by their digests.
@Suite("erasure: names in text read later")
struct ErasedNamesTests {
    @Test func runsOfWholeWordsWhoseDigestIsKeptGo() {
        let digests = Set(["Lydbro Hearing ApS", "Mette Ravnsbjerg"].map(Erasure.nameDigest))
        #expect(Erasure.redactingNames(in: "EEN Brokerage — Lydbro Hearing ApS hosts", digests: digests) == "EEN Brokerage — an erased participant hosts")
        #expect(Erasure.redactingNames(in: "ask (lydbro  hearing APS), or Mette Ravnsbjerg.", digests: digests) == "ask (an erased participant), or an erased participant.")
        #expect(Erasure.redactingNames(in: "Mette Ravnsbjerg-Nielsen and Lydbro Hearing stay", digests: digests) == "Mette Ravnsbjerg-Nielsen and Lydbro Hearing stay")
        #expect(Erasure.redactingNames(in: "nothing here", digests: []) == "nothing here")
        // A longer name registered now stays whole.
        #expect(Erasure.redactingNames(in: "Lydbro Hearing ApS Nord, and Lydbro Hearing ApS", digests: digests, keep: ["lydbro hearing aps nord"])
                == "Lydbro Hearing ApS Nord, and an erased participant")
    }
}
