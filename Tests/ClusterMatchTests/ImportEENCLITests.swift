import Foundation
import JSONSupport
import Testing
@testable import MatchCore

enum Fixtures {
    static func path(_ name: String) -> String {
        CLI.repositoryRoot.appendingPathComponent("Tests/Fixtures/imports").appendingPathComponent(name).path
    }
}

@Suite("import: EEN profiles, clusters, taxonomies", .serialized)
struct ImportEENCLITests {
    @Test func severalTaxonomiesEachInItsOwnNamespace() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        let r = try CLI.run(["taxonomy", "import", EENTaxonomyPath.technology, Fixtures.path("taxonomy-market.csv"),
                             Fixtures.path("taxonomy-nace.csv"), EENTaxonomyPath.sdg, "--db", db, "--format", "csv"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("een-tech,575,575,0,0,"))
        #expect(r.stdout.contains("een-market,10,10,0,0,"))
        #expect(r.stdout.contains("nace,7,7,0,0,"))
        #expect(r.stdout.contains("sdg,18,18,0,0,"))
        // The same code in two taxonomies never collides: a bare code is ambiguous, a qualified one is not.
        let bare = try CLI.run(["taxonomy", "show", "01003003", "--db", db])
        #expect(bare.status == 66)
        #expect(bare.stderr.contains("een-market:01003003 or een-tech:01003003"))
        let market = try CLI.run(["taxonomy", "show", "een-market:01003003", "--db", db])
        #expect(market.stdout.contains("Artificial intelligence related software"))
        let sdg = try CLI.run(["taxonomy", "list", "--namespace", "sdg", "--db", db, "--format", "csv"])
        #expect(sdg.stdout.contains("sdg:013,1,GOAL 13: Climate Action"))
        let twice = try CLI.run(["taxonomy", "import", Fixtures.path("taxonomy-nace.csv"), Fixtures.path("taxonomy-nace.csv"), "--db", db])
        #expect(twice.status == 64)
    }

    @Test func eenProfilesWithTaxonomiesExpiryAndMatching() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        try CLI.run(["taxonomy", "import", EENTaxonomyPath.technology, Fixtures.path("taxonomy-market.csv"),
                     Fixtures.path("taxonomy-nace.csv"), "--db", db])
        let r = try CLI.run(["import", Fixtures.path("een-profiles.xml"), Fixtures.path("een-profiles.json"), "--db", db, "--format", "csv"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("een-profiles.xml: read as een-xml"))
        #expect(r.stderr.contains("een-profiles.json: read as een-json"))
        #expect(r.stderr.contains("expired profile"))
        #expect(r.stdout.contains(",een-xml,4,0,0,0"))
        #expect(r.stdout.contains(",een-json,3,0,0,0"))
        #expect(!r.stderr.contains("no loaded taxonomy"))  // every code resolved

        let show = try JSONParser.parse(try CLI.run(["participants", "show", "TOFR20231010001", "--db", db, "--format", "json"]).stdout)
        #expect(show["offers"]?[0]?["codes"] == ["een-tech:01003003", "een-tech:04005", "een-market:01003003", "nace:C.26.4"])

        // Expired profiles are stored but left out of matching unless asked. Under `peers`
        // (rules.eenPartnership off) a request also meets a business request.
        let m = try JSONParser.parse(try CLI.run(["match", "TRDE20240301007", "--db", db, "--format", "json", "--top", "20", "--profile", "peers"]).stdout)
        let ids = m.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(ids.contains("BRSE20250115004"))
        for expired in ["RDRUK20190507003", "TOIT20240620011", "RDRES20260201002"] { #expect(!ids.contains(expired)) }
        let own = try CLI.run(["match", "RDRUK20190507003", "--db", db])
        #expect(own.stderr.contains("left out of matching"))
        let asked = try JSONParser.parse(try CLI.run(["match", "TRDE20240301007", "--db", db, "--format", "json", "--top", "20", "--include-expired", "--profile", "peers"]).stdout)
        let askedIDs = asked.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(askedIDs.count > ids.count)  // the expired profiles are back in play
        #expect(askedIDs.contains { ["RDRUK20190507003", "TOIT20240620011", "RDRES20260201002"].contains($0) })

        let again = try CLI.run(["import", Fixtures.path("een-profiles.xml"), Fixtures.path("een-profiles.json"), "--db", db])
        #expect(again.stdout.contains("Nothing changed."))
    }

    @Test func eenCodesOfTaxonomiesNotLoadedAreKeptAsKeywords() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        try CLI.run(["taxonomy", "import", EENTaxonomyPath.technology, "--db", db])
        let r = try CLI.run(["import", Fixtures.path("een-profiles.xml"), "--db", db])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("3 keyword codes are in no loaded taxonomy"))
    }

    @Test func badEENFileIsRejectedWholeWithEveryProblem() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        let r = try CLI.run(["import", Fixtures.path("een-profiles-bad.xml"), "--db", db])
        #expect(r.status == 65)
        #expect(r.stderr.contains("duplicate reference"))
        #expect(r.stderr.contains("BOXX20231310001"))
        #expect(r.stderr.contains("field 'content/title': is required"))
    }

    @Test func xmlWithADoctypeIsRefusedQuickly() throws {
        let dir = try TemporaryDirectory()
        var bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE pod [\n <!ENTITY a0 \"aaaaaaaaaa\">\n"
        for i in 1...12 { bomb += " <!ENTITY a\(i) \"" + String(repeating: "&a\(i - 1);", count: 10) + "\">\n" }
        bomb += "]>\n<pod><profile><content><title>&a12;</title></content></profile></pod>\n"
        let file = try dir.write("bomb.xml", bomb)
        let start = Date()
        let r = try CLI.run(["import", file, "--db", dir.path("x.sqlite")])
        #expect(r.status == 65)
        #expect(r.stderr.contains("bomb.xml:2: the XML has a document type declaration"))
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test func clusterProfiles() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        // A copy, so that the rejects file is written in the temporary folder, not among the fixtures.
        let csv = dir.path("clusters.csv")
        try FileManager.default.copyItem(atPath: Fixtures.path("clusters.csv"), toPath: csv)
        let r = try CLI.run(["import", Fixtures.path("clusters.json"), csv, "--db", db, "--skip-invalid", "--format", "csv"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("clusters.json,clusters,2,0,0,0"))
        #expect(r.stdout.contains("clusters.csv,clusters,1,0,0,1"))
        #expect(r.stderr.contains("read as clusters"))
        let c = try JSONParser.parse(try CLI.run(["participants", "show", "dk-sound", "--db", db, "--format", "json"]).stdout)
        #expect(c["kind"] == "cluster")
        #expect(c["attributes"]?["cluster"]?["label"]?["level"] == "Gold")
        #expect(FileManager.default.fileExists(atPath: dir.path("clusters.rejects.csv")))
    }
}
