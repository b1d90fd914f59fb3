import Foundation
import Testing
@testable import MatchCore

@Suite("collaboration network")
struct CollaborationNetworkTests {
    /// A–Z (2019-03-01), group {B, Y, Z} (2021-05-01), A–Y meeting (2020-01-01).
    static let records: [Collaboration] = [
        .pair("A", "Z", kind: .project, date: "2019-03-01", source: "t"),
        Collaboration(key: "P1", kind: .project, date: "2021-05-01", source: "t", members: ["B", "Z", "Y"]),
        .pair("Y", "A", kind: .meeting, date: "2020-01-01", source: "t"),
    ]

    @Test func adamicAdarOverDecayedTiesMatchesAHandWorkedValue() {
        let n = CollaborationNetwork(Self.records)
        #expect(n.asOf == "2021-05-01")
        // Ages to 2021-05-01: 792 days (A–Z), 486 days (A–Y, a meeting: ¼); the group of three
        // gives each pair 2/3.
        let wAZ = pow(2, -(792 / 365.25) / 4), wAY = 0.25 * pow(2, -(486 / 365.25) / 4), wGroup = 2.0 / 3
        // Z and Y each have three partners.
        let expected = ((wAZ * wGroup).squareRoot() + (wAY * wGroup).squareRoot()) / log(M_E + 3)
        #expect(abs(n.adamicAdar("A", "B") - expected) < 1e-12)
        #expect(n.networkValue("A", "B") == Float(1 - exp(-expected)))
        #expect(n.networkValue("B", "A") == n.networkValue("A", "B"))
        // Nothing in common, or not in the history.
        #expect(n.networkValue("A", "nobody") == 0)
        #expect(n.collaborated("A", "Z") && n.collaborated("Z", "A") && !n.collaborated("A", "B"))
    }

    @Test func decayCountsFromAsOfAndLeavesOutLaterRecords() {
        let n = CollaborationNetwork(Self.records, asOf: "2020-06-01")
        // The 2021 group had not happened yet: B is unknown, A and Z no longer share Y's group.
        #expect(!n.ids.contains("B"))
        let wAZ = pow(2, -(458 / 365.25) / 4), wAY = 0.25 * pow(2, -(152 / 365.25) / 4)
        // Z and Y share A (degree 2): √(wAZ · wAY) / ln(e + 2).
        #expect(abs(n.adamicAdar("Z", "Y") - (wAZ * wAY).squareRoot() / log(M_E + 2)) < 1e-12)
    }

    @Test func explanationNamesTheStrongestCommonPartnersWithTheirYears() {
        let n = CollaborationNetwork(Self.records)
        let names = ["Z": "Acme", "Y": "Fraunhofer IDMT"]
        // A only met Y, B worked with it: "know" ("met" would understate B's work). Y's newest
        // date with either side is 2021.
        #expect(n.explanation("A", "B") { names[$0] } == "you both worked with Acme (2021); you both know Fraunhofer IDMT (2021)")
        #expect(n.explanation("A", "Z") { names[$0] } == "you both know Fraunhofer IDMT (2021)")
        #expect(n.explanation("B", "nobody") { names[$0] } == nil)
    }

    @Test func explanationSaysWhatBothDidWithEachPartner() {
        // a and b both: worked with P (a project and a partnership), met M (two meetings),
        // share a membership with G, H, I and J (a club of six), and know W (a worked with it,
        // b only met it).
        let n = CollaborationNetwork([
            .pair("a", "P", kind: .project, date: "2024-01-01", source: "t"),
            .pair("b", "P", kind: .partnership, date: "2023-01-01", source: "t"),
            .pair("a", "M", kind: .meeting, date: "2025-03-01", source: "t"),
            .pair("b", "M", kind: .meeting, date: "2025-03-01", source: "t"),
            .pair("a", "W", kind: .project, date: "2022-01-01", source: "t"),
            .pair("b", "W", kind: .meeting, date: "2025-03-01", source: "t"),
            .pair("a", "W", kind: .meeting, date: "2021-01-01", source: "t"),
            .group("club", members: ["a", "b", "G", "H", "I", "J"], kind: .membership, date: "2020-01-01", source: "t"),
        ])
        #expect(n.ties("a", "W")?.relation == .workedWith && n.ties("b", "W")?.relation == .met)
        #expect(n.ties("a", "b")?.relation == .sharedMembership && n.ties("a", "b")?.together == nil)
        // The three strongest: P (1 and 1, decayed), W (1 decayed, ¼), M (¼, ¼), each in its
        // clause. Seven partners, three shown.
        let text = n.explanation("a", "b") { $0 }
        let shares = Dictionary(uniqueKeysWithValues: n.commonPartners("a", "b").map { ($0.id, $0.share) })
        #expect(shares["W"]! > shares["M"]! && shares["P"]! > shares["W"]!)
        #expect(shares["G"]! < shares["M"]!, "a club of six gives each pair 2/6, decayed over 5 years: \(shares)")
        #expect(text == "you both worked with P (2024); you both met M (2025); you both know W (2025) (7 common partners in all)")
        // A membership shown on its own.
        let m = CollaborationNetwork([.group("club", members: ["a", "b", "G"], kind: .membership, date: "2020-01-01", source: "t")])
        #expect(m.explanation("a", "b") { $0 } == "you both share a membership with G (2020)")
        // Ties that do not nest: a worked with Z, b shares a membership with it: "know". And the
        // year is the named relation's: both worked with P in 2019; a's later meeting with P
        // does not make it "worked with P (2025)".
        let mixed = CollaborationNetwork([
            .pair("a", "Z", kind: .project, date: "2020-01-01", source: "t"),
            .group("club", members: ["b", "Z", "Q"], kind: .membership, date: "2021-01-01", source: "t"),
            .pair("a", "P", kind: .project, date: "2019-01-01", source: "t"),
            .pair("b", "P", kind: .project, date: "2019-06-01", source: "t"),
            .pair("a", "P", kind: .meeting, date: "2025-01-01", source: "t"),
        ])
        #expect(mixed.explanation("a", "b") { $0 } == "you both worked with P (2019); you both know Z (2021)")
    }

    @Test(arguments: [1, 2, 3])
    func indexedSumsMatchABruteForceOverRandomGraphs(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let people = (0..<30).map { "p\($0)" }
        var records: [Collaboration] = []
        for g in 0..<40 {
            let size = 2 + Int(rng.next() % 5)
            let members = (0..<size).map { _ in people[Int(rng.next() % 30)] }
            guard Set(members).count >= 2 else { continue }
            records.append(Collaboration(key: "g\(g)", kind: g % 4 == 0 ? .meeting : .project, date: "201\(rng.next() % 10)-0\(1 + rng.next() % 9)-15", source: "r", members: members))
        }
        let n = CollaborationNetwork(records)
        // Brute force: tie strengths and degrees straight from the records.
        let day = { (s: String) in Double(CalendarDay.number(s)!) }
        var w: [String: [String: Double]] = [:]
        for r in records where r.members.count >= 2 {
            let share = r.weight * (r.kind == .meeting ? 0.25 : 1) * pow(2, -((day(n.asOf) - day(r.date)) / 365.25) / 4)
                * (r.members.count == 2 ? 1 : 2 / Double(r.members.count))
            for a in r.members { for b in r.members where a != b { w[a, default: [:]][b, default: 0] += share } }
        }
        for a in people { for b in people where a != b {
            var sum = 0.0
            for z in people.sorted() where z != a && z != b {
                if let x = w[a]?[z], let y = w[b]?[z] { sum += (x * y).squareRoot() / log(M_E + Double(w[z]!.count)) }
            }
            #expect(abs(n.adamicAdar(a, b) - sum) < 1e-9 * max(1, sum))
            #expect(n.networkValue(a, b) == n.networkValue(b, a))
            // The notes' one-pass top 3 is the sorted list's first three, with its count.
            let all = n.commonPartners(a, b), (top, count) = n.strongestCommonPartners(a, b, limit: 3)
            #expect(count == all.count)
            #expect(top.map(\.id) == all.prefix(3).map(\.id) && top.map(\.newest) == all.prefix(3).map(\.newest))
        } }
    }

    @Test func termsAreSymmetricBoundedAndAbsentWithoutHistoryRows() {
        let n = CollaborationNetwork(Self.records)
        #expect(n.terms(rows: ["X1", "X2"]).isEmpty)
        let rows = ["A", "B", "Y", "Z", "X"]
        for term in n.terms(rows: rows) {
            for i in rows.indices { for j in rows.indices {
                #expect(term.value(i, j) == term.value(j, i))
                #expect(term.range.contains(term.value(i, j)))
            } }
        }
    }

    /// The terms as matching reads them, against a brute force from the records: `network`
    /// is 0 outside partners of partners, `activity` is `√(a·b)` for pairs with one of the
    /// `activityHubs` most active rows and 0 elsewhere, and no supported term differs from
    /// its lower bound outside its support (what keeps the all-pairs prefilter exact).
    @Test(arguments: [4, 5, 6])
    func termsMatchABruteForceAndStayInsideTheirSupports(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let people = (0..<30).map { "p\($0)" }
        var records: [Collaboration] = []
        for g in 0..<25 {
            let size = 2 + Int(rng.next() % 4)
            let members = (0..<size).map { _ in people[Int(rng.next() % 30)] }
            guard Set(members).count >= 2 else { continue }
            records.append(Collaboration(key: "g\(g)", kind: g % 4 == 0 ? .meeting : .project, date: "201\(rng.next() % 10)-0\(1 + rng.next() % 9)-15", source: "r", members: members))
        }
        let n = CollaborationNetwork(records)
        let day = { (s: String) in Double(CalendarDay.number(s)!) }
        var strength: [String: Double] = [:]
        for r in records where r.members.count >= 2 {
            let share = (r.kind == .meeting ? 0.25 : 1) * pow(2, -((day(n.asOf) - day(r.date)) / 365.25) / 4)
                * (r.members.count == 2 ? 1 : 2 / Double(r.members.count))
            for a in r.members { strength[a, default: 0] += share * Double(r.members.count - 1) }
        }
        // Rows: the people (some never collaborated) and one outsider, in a shuffled order.
        let rows = (people + ["outsider"]).sorted { $0.reversed().lexicographicallyPrecedes($1.reversed()) }
        let activity = rows.map { Float((strength[$0] ?? 0) / ((strength[$0] ?? 0) + 10)) }
        let hubCount = 5
        let ranked = rows.indices.filter { activity[$0] > 0 }.sorted { activity[$0] != activity[$1] ? activity[$0] > activity[$1] : $0 < $1 }
        // The most active: those above the first row past the count (a tie at the cut is none).
        let cut = ranked.count > hubCount ? activity[ranked[hubCount]] : 0
        let hubs = Set(ranked.prefix(hubCount).filter { activity[$0] > cut })
        #expect(hubs.count == hubCount, "random dates leave no tie at the cut")
        let terms = n.terms(rows: rows, activityHubs: hubCount)
        let network = terms.first { $0.name == .network }!, active = terms.first { $0.name == .activity }!
        for i in rows.indices { for j in rows.indices where i != j {
            #expect(network.value(i, j) == n.networkValue(rows[i], rows[j]))
            let expected = hubs.contains(i) || hubs.contains(j) ? (activity[i] * activity[j]).squareRoot() : 0
            #expect(abs(active.value(i, j) - expected) < 1e-6)
            #expect(active.range.contains(active.value(i, j)))
        } }
        var supportedPairs = 0
        for term in terms {
            let support = term.support!
            for i in rows.indices {
                let s = support(i)
                #expect(s == s.sorted())
                for j in rows.indices where i != j && !s.contains(j) { #expect(term.value(i, j) == term.range.lowerBound) }
                supportedPairs += s.count
            }
        }
        #expect(supportedPairs < 2 * rows.count * rows.count, "a support that lists everything keeps nothing sparse")
    }

    /// In a small landscape only a share of the rows are "most active" (1 in 32), so that
    /// activity does not reorder every list by itself.
    @Test func theMostActiveAreAShareOfThoseWhoCollaborated() {
        #expect(CollaborationNetwork.hubCount(active: 1) == 1)
        #expect(CollaborationNetwork.hubCount(active: 40) == 2)
        #expect(CollaborationNetwork.hubCount(active: 9_000) == 282)
        #expect(CollaborationNetwork.hubCount(active: 100_000) == CollaborationNetwork.activityHubs)
        // 40 members in a chain of projects: everyone collaborated, two may count as hubs. m39 is
        // in five projects of three; m1–m4 in two each, equally active: a tie at the cut, so
        // none of them is one (the first id would be an arbitrary choice).
        let people = (0..<40).map { "m\($0)" }
        var records: [Collaboration] = []
        for k in 0..<39 {
            let members: [String] = k < 5 ? [people[k], people[k + 1], people[39]] : [people[k], people[k + 1]]
            records.append(Collaboration(key: "g\(k)", kind: .project, date: "2020-01-01", source: "r", members: members))
        }
        let terms: [PairTerm] = CollaborationNetwork(records).terms(rows: people)
        let active: PairTerm = terms.first { $0.name == ScoreComponent.Name.activity }!
        // A hub scores activity with everyone; the others only with the hubs.
        var hubs: [Int] = []
        for i in people.indices where people.indices.allSatisfy({ j in j == i || active.value(i, j) > 0 }) { hubs.append(i) }
        #expect(hubs == [39], "m39 is in the most projects, m1–m4 tie for second: \(hubs)")
    }

    /// After one event where everyone held as many meetings, no one is more active than the
    /// rest, and activity adds nothing; one who held a meeting more is the most active.
    @Test func equallyActiveParticipantsAreNoHubs() {
        let people = (0..<64).map { String(format: "p%02d", $0) }
        // A ring: everyone meets the next two, four meetings each.
        var records: [Collaboration] = people.indices.flatMap { i in
            [1, 2].map { d in Collaboration.pair(people[i], people[(i + d) % 64], kind: .meeting, date: "2026-03-10", source: "e") }
        }
        let ring = CollaborationNetwork(records).terms(rows: people).first { $0.name == .activity }!
        #expect(people.indices.allSatisfy { i in people.indices.allSatisfy { ring.value(i, $0) == 0 } })
        records.append(.pair("p40", "p10", kind: .meeting, date: "2026-03-10", source: "e"))
        let more = CollaborationNetwork(records).terms(rows: people).first { $0.name == .activity }!
        // 64 with history: 2 hubs at most; p10 and p40 held five meetings, the rest four.
        let hubs = people.indices.filter { i in people.indices.allSatisfy { j in j == i || more.value(i, j) > 0 } }
        #expect(hubs == [10, 40])
    }

    /// What a record is without an erased member: each pair left keeps its share; a pair
    /// record, a group of one, and a meeting of three left with two say nothing any more.
    @Test func aRecordWithoutAMemberKeepsWhatItSaidOfTheOthers() throws {
        let project = Collaboration(key: "P", kind: .project, date: "2020-01-01", weight: 1.5, source: "t", members: ["a", "b", "c", "d"])
        let left = try #require(project.without { $0 == "d" })
        #expect(left.members == ["a", "b", "c"] && left.weight == 1.5 * 3 / 4)
        // Each pair's share: weight · 2/n, before and after.
        #expect(abs(left.weight * 2 / 3 - project.weight * 2 / 4) < 1e-15)
        #expect(project.without { _ in false } == project)
        #expect(project.without { $0 != "a" } == nil)
        #expect(Collaboration.pair("a", "b", kind: .project, date: "2020-01-01", source: "t").without { $0 == "b" } == nil)
        let roundTable = Collaboration(key: "T", kind: .meeting, date: "2020-01-01", source: "t", members: ["a", "b", "c"])
        #expect(roundTable.without { $0 == "c" } == nil, "a and b were at a round table, not in a meeting of two")
        let bigTable = Collaboration(key: "T", kind: .meeting, date: "2020-01-01", source: "t", members: ["a", "b", "c", "d"])
        #expect(bigTable.without { $0 == "d" }?.members == ["a", "b", "c"])
    }

    /// The most active: at most `count`, none tied with the first row past it; with no more
    /// rows than `count`, every active row; with `count` 0, none.
    @Test func hubsAtTheEdges() {
        #expect(CollaborationNetwork.hubs([0.3, 0, 0.2], count: 5) == [true, false, true])
        #expect(CollaborationNetwork.hubs([0.3, 0.1, 0.2], count: 0) == [false, false, false])
        #expect(CollaborationNetwork.hubs([0.3, 0.2, 0.2], count: 2) == [true, false, false])
        #expect(CollaborationNetwork.hubs([0.3, 0.2, 0.1], count: 2) == [true, true, false])
    }

    @Test func datesAreCheckedAsCalendarDates() {
        #expect(CollaborationNetwork.isDate("2020-02-29"))
        #expect(!CollaborationNetwork.isDate("2021-02-29"))
        #expect(!CollaborationNetwork.isDate("2021-13-01"))
        #expect(!CollaborationNetwork.isDate("2021-1-01"))
        #expect(CalendarDay.number("2021-05-01")! - CalendarDay.number("2019-03-01")! == 792)
    }
}
