import Foundation
import Testing
import JSONSupport

/// The `targetedCountries` component: an EEN profile that targets a partner's country
/// ranks that partner higher, by the profile's weight for the component, in single
/// queries and in all-pairs lists alike; profiles that target nothing keep their scores.
@Suite("score component: EEN targeted countries")
struct TargetedCountriesTests {
    /// An offer from DK that targets DE, and two identical requests, one from SE and one
    /// from DE. Without the component they tie (the SE one first, by id).
    static func landscape(_ dir: TemporaryDirectory) throws -> String {
        let need = #"[{"title": "Licence for ultrasonic weld inspection", "text": "We seek a licence for ultrasonic inspection of welds in pipelines."}]"#
        let een = #""typesOfPartnership": ["License agreement"]"#
        let lines = [
            #"{"id": "to-dk", "kind": "company", "name": "Weld Scan ApS", "country": "DK", "keywords": ["ultrasonic testing"], "offers": [{"title": "Ultrasonic weld inspection licence", "text": "We license ultrasonic inspection of welds in pipelines."}], "attributes": {"een": {"type": "TO", \#(een), "targetedCountries": ["DE"]}}}"#,
            #"{"id": "tr-a-se", "kind": "company", "name": "Rör AB", "country": "SE", "keywords": ["ultrasonic testing"], "needs": \#(need), "attributes": {"een": {"type": "TR", \#(een)}}}"#,
            #"{"id": "tr-b-de", "kind": "company", "name": "Rohr GmbH", "country": "DE", "keywords": ["ultrasonic testing"], "needs": \#(need), "attributes": {"een": {"type": "TR", \#(een)}}}"#,
        ]
        let file = dir.path("een.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let db = dir.path("x.sqlite")
        let r = try CLI.run(["import", file, "--db", db])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        return db
    }

    static func list(_ args: [String]) throws -> [(id: String, score: Double)] {
        let r = try CLI.run(args + ["--format", "json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let rows = try JSONParser.parse(r.stdout).arrayValue ?? []
        return rows.compactMap { row in row["id"]?.stringValue.map { ($0, row["score"]?.doubleValue ?? .nan) } }
    }

    @Test func aTargetedCountryRanksHigherByTheComponentsWeight() throws {
        let dir = try TemporaryDirectory()
        let db = try Self.landscape(dir)
        // brokerage weighs the component 0.05; one side targets the other: half of it.
        let ranked = try Self.list(["match", "to-dk", "--db", db])
        #expect(ranked.map(\.id) == ["tr-b-de", "tr-a-se"])
        #expect(ranked.count == 2 && abs((ranked[0].score - ranked[1].score) - 0.025) < 0.0002)
        // The requests see the same bonus (the term is symmetric), and the all-pairs path agrees.
        let de = try Self.list(["match", "tr-b-de", "--db", db]), se = try Self.list(["match", "tr-a-se", "--db", db])
        #expect(abs((de.first?.score ?? 0) - ranked[0].score) < 1e-9 && abs((se.first?.score ?? 0) - ranked[1].score) < 1e-9)
        let out = dir.path("all.jsonl")
        #expect(try CLI.run(["match-all", "--db", db, "--top", "2", "--out", out]).status == 0)
        let first = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
            .compactMap { try? JSONParser.parse(String($0)) }.first { $0["participant"] == "to-dk" }
        #expect(first?["rank"] == 1 && first?["partner"] == "tr-b-de")

        // A profile that does not weigh the component: the two requests tie again.
        let profile = dir.path("no-targets.json")
        try #"{"name": "no-targets", "weights": {"complementarity": 0.9, "similarity": 0.1}, "rules": {"eenPartnership": true}}"#
            .write(toFile: profile, atomically: true, encoding: .utf8)
        let plain = try Self.list(["match", "to-dk", "--db", db, "--profile", profile])
        #expect(plain.map(\.id) == ["tr-a-se", "tr-b-de"])
        #expect(plain.count == 2 && plain[0].score == plain[1].score)
        #expect(abs(ranked[1].score - plain[1].score) < 1e-9)  // nobody else's score moves
    }
}
