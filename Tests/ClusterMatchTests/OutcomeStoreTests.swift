import EventPlanner
import Foundation
import Testing
@testable import ClusterMatchApp
@testable import MatchStore
import MatchCore

/// Outcomes in the SQLite store: round trip, idempotent saves, what the planner reads,
/// erasure.
@Suite("SQLite store: meeting outcomes")
struct OutcomeStoreTests {
    static func outcome(_ event: String, _ a: String, _ b: String, start: Int64, _ x: OutcomeSide, _ y: OutcomeSide) -> MeetingOutcome {
        MeetingOutcome(event: event, uid: Meeting.uid(event: event, a: a, b: b), a: a, b: b, slot: "s1", start: start,
                       date: EventTime.date(start, zone: TimeZone(identifier: "UTC")!), score: 0.25, sides: [x, y])
    }

    static let sample: [MeetingOutcome] = [
        outcome("e1", "a", "b", start: 100, OutcomeSide(participant: "a", attended: true, rating: 4, followUp: true, comment: "ok, \"good\""),
                OutcomeSide(participant: "b", attended: true)),
        outcome("e1", "a", "c", start: 200, OutcomeSide(participant: "a", attended: false), OutcomeSide(participant: "c", attended: true, rating: 1)),
        outcome("e2", "b", "c", start: 90_000, OutcomeSide(participant: "b", attended: nil), OutcomeSide(participant: "c", attended: nil)),
    ]

    @Test func outcomesRoundTripAndSavingAgainChangesNothing() throws {
        let store = try MatchStore.inMemory()
        #expect(try store.save(outcomes: Self.sample) == OutcomeImportCounts(added: 6, changed: 0, unchanged: 0))
        #expect(try store.outcomes() == Self.sample)
        #expect(try store.outcomes(event: "e2") == [Self.sample[2]])
        #expect(try store.save(outcomes: Self.sample) == OutcomeImportCounts(added: 0, changed: 0, unchanged: 6))
        var corrected = Self.sample[0]
        corrected.sides[1].rating = 3
        #expect(try store.save(outcomes: [corrected]) == OutcomeImportCounts(added: 0, changed: 1, unchanged: 1))
        #expect(try store.outcomes(event: "e1").first == corrected)
        #expect(try store.eventsWithOutcomes() == ["e1", "e2"])
    }

    /// A write filtered with the erasures read before another process erased someone stores
    /// nothing and says to run it again: it would bring the erased participant back.
    @Test func anErasureDuringAnImportStopsItsWrite() throws {
        let store = try MatchStore.inMemory()
        _ = try store.save(outcomes: Self.sample)
        let seen = try store.erasedFromOutcomes(event: "e1").union(store.erasedMembers())
        #expect(seen.isEmpty)
        #expect(try store.delete("c"))  // another process, between the read and the write
        #expect(try store.erasedMembers().count == 1 && store.erasedFromOutcomes(event: "e1").count == 1)
        #expect(throws: StoreError.self) { try store.save(outcomes: [Self.sample[1]], erasedSeen: seen) }
        #expect(try store.outcomes(event: "e1") == [Self.sample[0]], "nothing was stored")
        let record = Collaboration.pair("c", "d", kind: .project, date: "2020-01-01", source: "t")
        do {
            _ = try store.importHistory(participants: [], records: [record], names: [:], erasedSeen: seen)
            Issue.record("the history import stored records read before the erasure")
        } catch let error as StoreError {
            #expect(error.code == .changedMeanwhile && error.description.contains("run the import again"))
        }
        #expect(try store.collaborations().isEmpty)
        // With the erasures read now, the same writes go through (the outcome filtered out first).
        let now = try store.erasedFromOutcomes(event: "e1").union(store.erasedMembers())
        #expect(try store.save(outcomes: [Self.sample[0]], erasedSeen: now).unchanged == 2)
    }

    @Test func thePlannerReadsOnlyOtherEventsBeforeTheFirstSlot() throws {
        let store = try MatchStore.inMemory()
        _ = try store.save(outcomes: Self.sample)
        #expect(try store.outcomes(before: 90_000, excluding: "e3") == Array(Self.sample.prefix(2)))
        #expect(try store.outcomes(before: 100_000, excluding: "e1") == [Self.sample[2]])
        #expect(try store.outcomes(before: 100, excluding: "e3") == [])
    }

    @Test func heldMeetingsAreTheHistoryTheStoreGivesOut() throws {
        let store = try MatchStore.inMemory()
        _ = try store.save(outcomes: Self.sample)
        // Only a–b was held (a stayed away from a–c; b–c was cancelled).
        #expect(try ClusterMatch(store: store).meetingHistory()
                == [HistoryPairRecord(a: "a", b: "b", kind: "meeting", date: "1970-01-01", weight: 1, source: "e1")])
    }

    @Test func erasingAParticipantErasesBothRowsOfTheirMeetings() throws {
        let store = try MatchStore.inMemory()
        _ = try store.save(outcomes: Self.sample)
        #expect(try store.delete("a"))
        #expect(try store.outcomes() == [Self.sample[2]])
        #expect(try store.delete("zz") == false)
    }
}
