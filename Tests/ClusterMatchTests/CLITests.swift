import Foundation
import GRDB
import JSONSupport
import Testing
@testable import MatchCore

/// The built binary, end to end, on temporary databases.
@Suite("clustermatch command line", .serialized)
struct CLITests {
    static let sample = """
        {"id": "dk-sound-0001", "kind": "company", "name": "Example Acoustics ApS", "country": "DK", "keywords": ["acoustic sensors"], "offers": [{"title": "Acoustic sensors", "keywords": ["acoustic sensors"]}], "needs": [{"keywords": ["machine learning"]}]}
        {"id": "dk-ai-0001", "kind": "company", "name": "Audio AI ApS", "country": "DK", "keywords": ["machine learning"], "offers": [{"keywords": ["machine learning for audio"]}], "needs": [{"keywords": ["sensors for hearing aids"]}]}
        {"id": "se-robot-0001", "kind": "company", "name": "Robot AB", "country": "SE", "keywords": ["grippers"]}
        {"id": "dk-uni-0001", "kind": "researcher", "name": "Dr. A", "country": "DK", "keywords": ["room acoustics", "learning analytics"]}

        """

    @Test func demoBuildsADatabaseAndMatchLists() throws {
        let dir = try TemporaryDirectory()
        let r = try CLI.run(["demo", "--out", dir.path("demo")])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("ClusterMatch demo:"))
        #expect(r.stdout.contains("should meet:"))
        #expect(r.stdout.contains("Try next:"))
        let csv = try String(contentsOfFile: dir.path("demo/match-lists.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("participant,rank,partner,score,forward,backward,reasons\r\n"))
        let rows = csv.split(separator: "\r\n").count - 1
        #expect(rows >= 400 * 10 - 100)

        // The landscape is as big as promised.
        let doctor = try CLI.run(["doctor", "--db", dir.path("demo/demo.sqlite"), "--format", "json"])
        let info = try JSONParser.parse(doctor.stdout)
        #expect(info["participantsByKind"]?["cluster"]?.intValue ?? 0 >= 8)
        #expect(info["participants"]?.intValue ?? 0 >= 408)

        // Same input → same bytes.
        let again = try CLI.run(["demo", "--out", dir.path("demo2")])
        #expect(again.status == 0)
        #expect(try String(contentsOfFile: dir.path("demo2/match-lists.csv"), encoding: .utf8) == csv)
        #expect(again.stdout.replacingOccurrences(of: "demo2", with: "demo") == r.stdout)
    }

    @Test func importMatchAndJSONOutput() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        let file = try dir.write("people.jsonl", Self.sample)
        let imported = try CLI.run(["import", file, "--db", db])
        #expect(imported.status == 0, "stderr: \(imported.stderr)")
        #expect(imported.stdout.contains("4"))

        let r = try CLI.run(["match", "dk-sound-0001", "--db", db, "--format", "json", "--explain"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let rows = try #require(try JSONParser.parse(r.stdout).arrayValue)
        #expect(rows.count == 3)
        #expect(rows[0]["id"] == "dk-ai-0001")  // the reciprocal partner comes first
        #expect(rows[0]["rank"] == 1)
        for key in ["rank", "id", "name", "kind", "country", "score"] { #expect(rows[0][key] != nil) }
        let reasons = rows[0]["reasons"]?.arrayValue?.compactMap { $0["text"]?.stringValue } ?? []
        #expect(reasons.contains { $0.contains("acoustic sensors") && $0.contains("sensors for hearing aids") })
        let scores = rows.compactMap { $0["score"]?.doubleValue }
        #expect(scores == scores.sorted(by: >))

        let table = try CLI.run(["match", "dk-sound-0001", "--db", db, "--top", "1"])
        #expect(table.stdout.contains("dk-ai-0001"))
        #expect(!table.stdout.contains("se-robot-0001"))

        let csv = try CLI.run(["match", "dk-sound-0001", "--db", db, "--format", "csv"])
        #expect(csv.stdout.hasPrefix("rank,id,name,kind,country,score"))
    }

    @Test func exportThenImportIsLossless() throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("people.jsonl", Self.sample)
        try CLI.run(["import", file, "--db", dir.path("a.sqlite")])
        let exported = try CLI.run(["participants", "export", "--db", dir.path("a.sqlite")])
        #expect(exported.status == 0)
        #expect(exported.stdout.split(separator: "\n").count == 4)
        let again = try dir.write("again.jsonl", exported.stdout)
        let r = try CLI.run(["import", again, "--db", dir.path("b.sqlite")])
        #expect(r.status == 0)
        let second = try CLI.run(["participants", "export", "--db", dir.path("b.sqlite")])
        #expect(second.stdout == exported.stdout)
        // Re-importing into the first database changes nothing.
        let same = try CLI.run(["import", again, "--db", dir.path("a.sqlite")])
        #expect(same.stdout.contains("Nothing changed."))
    }

    /// A terminal escape, a NUL or a bell in a name or keyword is refused, from every format
    /// (the check is the admission's): listed, they would recolour or cut the user's terminal
    /// and spreadsheet. Tabs and line breaks in a description stay.
    @Test func controlCharactersInTextsAreRefused() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        let jsonl = try dir.write("ctl.jsonl", #"""
            {"id": "ok-1", "kind": "company", "name": "Fine", "country": "DK", "description": "two\tcolumns\r\nand lines", "keywords": ["x"]}
            {"id": "evil-1", "kind": "company", "name": "Evil\u001b[31mRED", "country": "DK", "keywords": ["a\u0007bell", "fine"]}
            {"id": "nul-1", "kind": "company", "name": "Nul", "country": "DK", "offers": [{"title": "t\u0000x"}], "contact": {"person": "P\u007f"}, "description": "it\u0092s fine"}

            """#)
        let r = try CLI.run(["import", jsonl, "--db", db])
        #expect(r.status == 65)
        #expect(r.stderr.contains(#"\#(jsonl):2: record 'evil-1': field 'name' value "Evil\u001b[31mRED": contains the control character U+001B"#), "\(r.stderr)")
        #expect(r.stderr.contains(#"field 'keywords[0]' value "a\u0007bell": contains the control character U+0007"#), "\(r.stderr)")
        #expect(r.stderr.contains(#"\#(jsonl):3: record 'nul-1': field 'offers[0].title'"#) && r.stderr.contains("U+0000"), "\(r.stderr)")
        #expect(r.stderr.contains(#"field 'contact.person' value "***": contains the control character U+007F"#), "personal values stay masked: \(r.stderr)")
        // C1 characters (cp1252 read as Latin-1: U+0092 for ’) pass.
        #expect(!r.stderr.contains("'description'"), "\(r.stderr)")
        #expect(!r.stderr.contains("\u{1B}"), "the message itself holds no escape")
        #expect(!r.stderr.contains("ok-1"))
        // --skip-invalid writes the rejected values JSON-quoted where they hold a control character.
        let skipped = try CLI.run(["import", jsonl, "--db", dir.path("skip.sqlite"), "--skip-invalid"])
        #expect(skipped.status == 0, "\(skipped.stderr)")
        let rejects = try String(contentsOfFile: jsonl.replacingOccurrences(of: ".jsonl", with: ".rejects.csv"), encoding: .utf8)
        #expect(!rejects.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0 }, "\(rejects)")
        #expect(rejects.contains(#"\u001b[31mRED"#), "\(rejects)")
        // The same from a registration CSV.
        let csv = try dir.write("reg.csv", "name,country,keywords\r\nBell\u{7} Firm,DK,robots\r\n")
        let c = try CLI.run(["import", csv, "--db", db])
        #expect(c.status == 65 && c.stderr.contains("field 'name'") && c.stderr.contains("U+0007"), "\(c.stderr)")
        // The good record alone is stored with its tab and line breaks.
        let good = try dir.write("good.jsonl", String(try String(contentsOfFile: jsonl, encoding: .utf8).split(separator: "\n")[0]) + "\n")
        #expect(try CLI.run(["import", good, "--db", db]).status == 0)
        let shown = try JSONParser.parse(try CLI.run(["participants", "show", "ok-1", "--db", db, "--format", "json"]).stdout)
        #expect(shown["description"] == "two\tcolumns\r\nand lines")
        // A database written before imports refused them still opens, and its tables print the
        // name on one line, without the escape.
        try DatabaseQueue(path: db).write { d in
            try d.execute(sql: "UPDATE participant SET name = ?, document = replace(document, '\"Fine\"', ?) WHERE id = 'ok-1'",
                          arguments: ["Fi\u{1B}[31mne\r\nX", #""Fi\u001b[31mne\r\nX""#])
        }
        let table = try CLI.run(["participants", "list", "--db", db])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("Fi [31mne X") && !table.stdout.contains("\u{1B}") && !table.stdout.contains("\r"), "\(table.stdout)")
        #expect(try CLI.run(["participants", "show", "ok-1", "--db", db]).status == 0)
    }

    @Test func badInputNamesFileLineFieldAndValueAndStoresNothing() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        let good = try dir.write("good.jsonl", Self.sample)
        let bad = try dir.write("bad.jsonl", """
            {"id": "ok-1", "kind": "company", "name": "Fine", "country": "DK", "keywords": ["x"]}
            {"id": "bad-1", "kind": "company", "name": "Bad country", "country": "XX"}
            {"id": "ok-1", "kind": "company", "name": "Duplicate", "country": "DK"}
            {"id": "bad-2", "kind": "startup", "name": "Bad kind", "country": "DK"
            """)
        let r = try CLI.run(["import", good, bad, "--db", db])
        #expect(r.status == 65)
        #expect(r.stderr.contains("\(bad):2: record 'bad-1': field 'country' value \"XX\""))
        #expect(r.stderr.contains("\(bad):3: record 'ok-1': field 'id'"))
        #expect(r.stderr.contains("duplicate id"))
        #expect(r.stderr.contains("\(bad):4:"))
        #expect(r.stderr.contains("nothing was stored"))
        #expect(r.stdout.isEmpty)
        let list = try CLI.run(["participants", "list", "--db", db, "--format", "json"])
        #expect(try JSONParser.parse(list.stdout) == .array([]))  // the good file was not stored either

        let skipped = try CLI.run(["import", good, bad, "--db", db, "--skip-invalid"])
        #expect(skipped.status == 0)
        #expect(skipped.stderr.contains("rejected: \(bad):2"))
        let after = try JSONParser.parse(try CLI.run(["participants", "list", "--db", db, "--format", "json"]).stdout)
        #expect(after.arrayValue?.compactMap { $0["id"]?.stringValue } == ["dk-ai-0001", "dk-sound-0001", "dk-uni-0001", "ok-1", "se-robot-0001"])
    }

    @Test func vectorsOfDifferentLengthsAreRejected() throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("v.jsonl", """
            {"id": "a", "kind": "company", "name": "A", "country": "DK", "vector": [1, 0, 0]}
            {"id": "b", "kind": "company", "name": "B", "country": "DK", "vector": [1, 0]}
            """)
        let r = try CLI.run(["import", file, "--db", dir.path("x.sqlite")])
        #expect(r.status == 65)
        #expect(r.stderr.contains("\(file):2: record 'b': field 'vector'"))
    }

    @Test func unknownCodesAreErrorsOnceATaxonomyIsLoaded() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        let taxonomy = EENTaxonomyPath.technology
        let t = try CLI.run(["taxonomy", "import", taxonomy, "--db", db])
        #expect(t.status == 0, "stderr: \(t.stderr)")
        #expect(t.stdout.contains("een-tech"))
        #expect(t.stdout.contains("575"))
        let file = try dir.write("p.jsonl", """
            {"id": "a", "kind": "company", "name": "A", "country": "DK", "competences": [{"code": "03007", "weight": 1}]}
            {"id": "b", "kind": "company", "name": "B", "country": "DK", "competences": [{"code": "77777"}]}
            """)
        let r = try CLI.run(["import", file, "--db", db])
        #expect(r.status == 65)
        #expect(r.stderr.contains("field 'competences[0].code' value \"77777\": code 77777 is in no loaded taxonomy"))

        let show = try CLI.run(["taxonomy", "show", "005001", "--db", db])
        #expect(show.stdout.contains("een-tech:005001  Astronomy"))
        #expect(show.stdout.contains("PHYSICAL AND EXACT SCIENCES"))
        let list = try CLI.run(["taxonomy", "list", "--db", db, "--format", "csv"])
        #expect(list.stdout.contains("een-tech,575,taxonomy-technology-full.csv"))
    }

    @Test(arguments: [
        (["match", "nobody"], Int32(66), "no participant with id 'nobody'"),
        (["participants", "show", "nobody"], Int32(66), "no participant"),
        (["participants", "delete", "nobody"], Int32(66), "no participant"),
        (["import", "/nonexistent/file.jsonl"], Int32(66), "/nonexistent/file.jsonl: no such file"),
        (["match", "x", "--top", "0"], Int32(64), "--top"),
        (["frobnicate"], Int32(64), "Error:"),
        (["match", "x", "--format", "xml"], Int32(64), "xml"),
    ])
    func errorsHaveDocumentedExitCodes(arguments: [String], status: Int32, message: String) throws {
        let dir = try TemporaryDirectory()
        try CLI.run(["import", try dir.write("p.jsonl", Self.sample), "--db", dir.path("x.sqlite")])
        let r = try CLI.run(arguments + ["--db", dir.path("x.sqlite")])
        #expect(r.status == status, "stderr: \(r.stderr)")
        #expect(r.stderr.contains(message), "stderr: \(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func participantsCanBeListedShownAndDeleted() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        try CLI.run(["import", try dir.write("p.jsonl", Self.sample), "--db", db])
        let page = try CLI.run(["participants", "list", "--db", db, "--limit", "2", "--offset", "1", "--format", "csv"])
        #expect(page.stdout.split(separator: "\r\n").map { $0.split(separator: ",").first.map(String.init) ?? "" }
                == ["id", "dk-sound-0001", "dk-uni-0001"])
        let show = try CLI.run(["participants", "show", "dk-ai-0001", "--db", db])
        #expect(show.stdout.contains("Audio AI ApS"))
        #expect(try CLI.run(["participants", "delete", "dk-ai-0001", "--db", db]).status == 0)
        let r = try CLI.run(["match", "dk-sound-0001", "--db", db, "--format", "json"])
        #expect(!r.stdout.contains("dk-ai-0001"))
    }

    @Test func databaseComesFromTheEnvironmentWhenNotGiven() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("env.sqlite")
        try CLI.run(["import", try dir.write("p.jsonl", Self.sample)], environment: ["CLUSTERMATCH_DB": db])
        #expect(FileManager.default.fileExists(atPath: db))
        let fromEnv = try CLI.run(["participants", "list", "--format", "csv"], environment: ["CLUSTERMATCH_DB": db])
        #expect(fromEnv.stdout.contains("dk-sound-0001"))
        // Without either, ./clustermatch.sqlite; a command that only reads does not create it.
        let r = try CLI.run(["participants", "list"], directory: dir.url)
        #expect(r.status == 66)
        #expect(r.stderr.contains("no database at clustermatch.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: dir.path("clustermatch.sqlite")))
        #expect(try CLI.run(["import", dir.path("p.jsonl")], directory: dir.url).status == 0)
        #expect(FileManager.default.fileExists(atPath: dir.path("clustermatch.sqlite")))
    }

    @Test func demoNeverReplacesADatabaseItDidNotMake() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("mine.sqlite")
        try CLI.run(["import", try dir.write("p.jsonl", Self.sample), "--db", db])
        let r = try CLI.run(["demo", "--out", dir.path("demo"), "--db", db])
        #expect(r.status == 64)
        #expect(r.stderr.contains("is not a demo database"))
        let list = try CLI.run(["participants", "list", "--db", db, "--format", "csv"])
        #expect(list.stdout.split(separator: "\r\n").count == 5)  // header + the 4 records, untouched
    }

    /// `--out /dev/null` (or a pipe) is written in place: the write-then-rename that keeps a
    /// file whole would replace the device itself (as root, /dev/null became a regular file).
    @Test func outputToADeviceIsWrittenInPlace() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        try CLI.run(["import", try dir.write("p.jsonl", Self.sample), "--db", db])
        func isDevice() -> Bool {
            var info = stat()
            return stat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR
        }
        #expect(isDevice())
        for command in [["match-all", "--out", "/dev/null"], ["participants", "export", "--out", "/dev/null"],
                        ["participants", "personal-data", "dk-ai-0001", "--out", "/dev/null"]] {
            let r = try CLI.run(command + ["--db", db])
            #expect(r.status == 0, "\(command): \(r.stderr)")
            #expect(isDevice(), "\(command) replaced /dev/null")
        }
        #expect(!((try? FileManager.default.contentsOfDirectory(atPath: "/dev")) ?? []).contains { $0.hasPrefix("null.") && $0.hasSuffix(".tmp") })
    }

    @Test func doctorNamesTheLoadedBLAS() throws {
        let dir = try TemporaryDirectory()
        let r = try CLI.run(["doctor", "--db", dir.path("x.sqlite")])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Database      \(dir.path("x.sqlite")) (does not exist yet"), "\(r.stdout)")
        #expect(!FileManager.default.fileExists(atPath: dir.path("x.sqlite")), "doctor only looks: it creates no database")
        #expect(r.stdout.contains("SQLite        3."))
        #expect(r.stdout.contains("BLAS          "))
        let info = try JSONParser.parse(try CLI.run(["doctor", "--db", dir.path("x.sqlite"), "--format", "json"]).stdout)
        #expect(info["database"]?.stringValue == dir.path("x.sqlite") && info["databaseExists"] == false, "\(info)")
        let blas = info["blas"]?.stringValue ?? ""
        #expect(["OpenBLAS", "reference BLAS", "BLIS", "ATLAS", "MKL"].contains(blas), "blas: \(blas)")
        if blas == "reference BLAS" { #expect(r.stderr.contains("WARNING")) }
    }

    @Test func participantWithoutProfileGetsAWarningNotNaN() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        try CLI.run(["import", try dir.write("p.jsonl", Self.sample + """
            {"id": "empty", "kind": "other", "name": "Nothing Yet", "country": "DK"}
            """), "--db", db])
        let r = try CLI.run(["match", "empty", "--db", db, "--format", "json"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("warning: empty has no competences"))
        #expect(try JSONParser.parse(r.stdout) == .array([]))
        let other = try CLI.run(["match", "dk-sound-0001", "--db", db, "--format", "json"])
        #expect(!other.stdout.contains("\"empty\""))
        #expect(!other.stdout.lowercased().contains("nan"))
    }
}

/// The EEN taxonomies the repository ships in Profiles/taxonomy/een/ (its README names the source).
enum EENTaxonomyPath {
    static var technology: String {
        CLI.repositoryRoot.appendingPathComponent("Profiles/taxonomy/een/taxonomy-technology-full.csv").path
    }
    static var sdg: String {
        CLI.repositoryRoot.appendingPathComponent("Profiles/taxonomy/een/taxonomy-sdg.csv").path
    }
}

@Suite("vector dimension")
struct VectorDimensionTests {
    @Test func dimensionCanBeChangedAndMatchingFollows() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        try CLI.run(["import", try dir.write("p.jsonl", CLITests.sample), "--db", db])
        #expect(try CLI.run(["vectors", "--db", db]).stdout == "vector dimension 256\n")
        #expect(try CLI.run(["vectors", "--dimension", "1024", "--db", db]).stdout == "vector dimension 1024\n")
        let doctor = try JSONParser.parse(try CLI.run(["doctor", "--db", db, "--format", "json"]).stdout)
        #expect(doctor["vectorDimension"] == 1024)
        let r = try CLI.run(["match", "dk-sound-0001", "--db", db, "--format", "json"])
        #expect(try JSONParser.parse(r.stdout)[0]?["id"] == "dk-ai-0001")
        #expect(try CLI.run(["vectors", "--dimension", "3", "--db", db]).status == 64)
    }
}

@Suite("finding Profiles/")
struct ProfilesLookupTests {
    /// Called through PATH (argv[0] is a bare name), the binary still finds Profiles/ above itself.
    @Test func binaryOnThePathFindsItsProfiles() throws {
        let dir = try TemporaryDirectory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["clustermatch", "demo", "--out", dir.path("demo")]
        var env = ProcessInfo.processInfo.environment
        env["CLUSTERMATCH_PROFILES"] = nil
        env["CLUSTERMATCH_DB"] = nil
        env["PATH"] = CLI.executable.deletingLastPathComponent().path + ":" + (env["PATH"] ?? "/usr/bin")
        process.environment = env
        process.currentDirectoryURL = dir.url
        process.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        process.standardError = err
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "stderr: \(message)")
        #expect(FileManager.default.fileExists(atPath: dir.path("demo/match-lists.csv")))
    }
}
