import Testing
@testable import MatchCore

/// A directory read from a vector store (entries decoded on demand) takes rows written in
/// place without decoding the others, and the `targetedCountries` term is patched for those
/// rows: both must equal what the entries as they now are give.
@Suite("directory entries written in place")
struct DirectoryWritesTests {
    typealias Entry = ParticipantDirectory.Entry

    static let countries = ["DE", "FR", "IT", "ES", "PL"]

    static func entry(_ rng: inout SplitMix64) -> Entry {
        let targets = (0..<Int(rng.next() % 3)).map { _ in countries[Int(rng.next() % 5)] }
        let een = rng.next() % 2 == 0 ? EENPartnering(type: "Commercial agreement", targetedCountries: targets) : nil
        return Entry(kind: .company, country: countries[Int(rng.next() % 5)], organisation: "O\(rng.next() % 7)", employees: nil,
                     clusters: [], optOut: false, een: een)
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func writtenRowsReadAsAnArrayOfTheEntriesWould(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let n = 40
        let original = (0..<n).map { _ in Self.entry(&rng) }
        var decoded = ParticipantDirectory(count: n) { original[$0] }
        var array = ParticipantDirectory(entries: original)
        #expect(decoded.rowsSetInPlace == [])
        #expect(array.rowsSetInPlace == nil)
        var written = Set<Int>()
        for _ in 0..<6 {
            let row = rng.next() % 4 == 0 ? decoded.count : Int(rng.next() % UInt64(decoded.count))  // some appended
            let e = Self.entry(&rng)
            decoded.set(e, row: row)
            array.set(e, row: row)
            written.insert(row)
        }
        #expect(decoded.count == array.count)
        #expect(decoded.rowsSetInPlace == written)
        #expect(decoded.entries == array.entries)
        #expect((0..<decoded.count).allSatisfy { decoded[$0] == array[$0] })

        // The stored term patched for the written rows equals the term of the entries now, on every pair.
        let base = TargetedCountries.term(original)
        let patched = TargetedCountries.term(base: base, changed: written) { [decoded] in decoded[$0] }
        let full = TargetedCountries.term(array.entries)
        #expect((patched == nil) == (full == nil))
        if let patched, let full {
            for i in 0..<array.count { for j in 0..<array.count { #expect(patched.value(i, j) == full.value(i, j), "\(i), \(j)") } }
        }
    }

    /// No row targeted a country before, and a written row now does: the term appears; it
    /// disappears from the patch only when no row targets one.
    @Test func aFirstTargetingRowMakesTheTerm() {
        let plain = Entry(kind: .company, country: "DE", organisation: nil, employees: nil, clusters: [], optOut: false, een: nil)
        var directory = ParticipantDirectory(count: 3) { _ in plain }
        let none = TargetedCountries.term(base: nil, changed: []) { [directory] in directory[$0] }
        #expect(none == nil)
        var targeting = plain
        targeting.country = "FR"
        targeting.een = EENPartnering(type: nil, targetedCountries: ["DE"])
        directory.set(targeting, row: 1)
        let term = TargetedCountries.term(base: nil, changed: [1]) { [directory] in directory[$0] }
        #expect(term?.value(1, 0) == 0.5 && term?.value(0, 1) == 0.5 && term?.value(0, 2) == 0)
    }
}
