import Testing
import MatchCore
@testable import ClusterMatchApp

/// Which first collaborations `profiles tune` learns from: large consortia are left out of the
/// outcomes (as in the CORDIS benchmark) but still make a pair known before the period.
@Suite("tune: first collaborations as outcomes")
struct TuneOutcomesTests {
    static func group(_ key: String, _ members: [String], _ date: String) -> Collaboration {
        Collaboration(key: key, kind: .project, date: date, source: "test", members: members)
    }

    /// Pairs as "a|b" with a < b, counted once, worked out by hand from the records.
    static func pairs(_ outcomes: [String: Set<String>]) -> [String] {
        outcomes.flatMap { a, bs in bs.filter { a < $0 }.map { "\(a)|\($0)" } }.sorted()
    }

    @Test func largeConsortiaAreNoOutcomesButMakePairsKnown() {
        let small = (1...10).map { "s\($0)" }               // 10 members: 45 pairs, all outcomes
        let large = (1...11).map { "l\($0)" }               // 11 members: none
        let records = [
            Self.group("old-large", ["x", "y", "z", "s1", "l1", "a", "b", "c", "d", "e", "f"], "2019-05-01"),  // before: known
            Self.group("small", small, "2020-03-01"),
            Self.group("large", large, "2020-04-01"),
            Self.group("known-again", ["x", "y"], "2020-06-01"),  // x–y met in old-large: not new
            Self.group("later-small", ["l1", "l2"], "2020-09-01"),  // first in a large group, then a pair: an outcome
        ]
        let everyone = Set(records.flatMap(\.members))
        let positive = Set(records.map(\.key))
        let got = Self.pairs(ClusterMatch.firstCollaborations(records, positive: positive, among: everyone, from: "2020-01-01", until: nil))
        var expected = ["l1|l2"]
        for (i, a) in small.enumerated() { for b in small.dropFirst(i + 1) { expected.append(a < b ? "\(a)|\(b)" : "\(b)|\(a)") } }
        #expect(got == expected.sorted())
        #expect(got.count == 46)

        // Without a limit the large group's 55 pairs are outcomes too (l1–l2 first met there).
        let all = ClusterMatch.firstCollaborations(records, positive: positive, among: everyone, from: "2020-01-01", until: nil, maxConsortium: .max)
        #expect(Self.pairs(all).count == 45 + 55)
        // A limit of 11 takes the large group in; the window ends before later-small.
        let window = ClusterMatch.firstCollaborations(records, positive: positive, among: everyone, from: "2020-01-01", until: "2020-05-01", maxConsortium: 11)
        #expect(Self.pairs(window).count == 45 + 55)
        #expect(!Self.pairs(window).contains("x|y"))
    }

    /// A shared membership or a round table is no first collaboration: neither an outcome
    /// nor a first contact that would hide a later project.
    @Test func membershipsAndMeetingsOfManyAreNoOutcomes() {
        let records = [
            Collaboration(key: "m", kind: .membership, date: "2019-01-01", source: "t", members: ["a", "b"]),
            Collaboration(key: "r", kind: .meeting, date: "2020-02-01", source: "t", members: ["c", "d", "e"]),
            Collaboration(key: "m2", kind: .membership, date: "2020-03-01", source: "t", members: ["f", "g"]),
            Collaboration.pair("a", "b", kind: .project, date: "2020-04-01", source: "t"),
            Collaboration.pair("c", "d", kind: .meeting, date: "2020-05-01", source: "t"),
        ]
        let got = Self.pairs(ClusterMatch.firstCollaborations(records, positive: Set(records.map(\.key)), among: Set(records.flatMap(\.members)),
                                                              from: "2020-01-01", until: nil))
        #expect(got == ["a|b", "c|d"])
    }
}
