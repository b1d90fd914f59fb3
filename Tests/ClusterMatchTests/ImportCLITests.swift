import Foundation
import JSONSupport
import Testing
@testable import MatchCore

/// `clustermatch import` with the organisers' formats, end to end.
@Suite("import: registration CSVs", .serialized)
struct ImportCLITests {
    static let registrations = "\u{FEFF}Email;First name;Last name;Organisation;Country;Organization type;Areas of activities\r\n"
        + "anna@example.dk;Anna;Berg;Example Acoustics ApS;Denmark;SME;\"acoustic sensors; MEMS\"\r\n"
        + "lars@uni.example;Lars;Holm;Aarhus University;DK;University;\"room acoustics\r\npsychoacoustics\"\r\n"
        + "eva@robot.example;Eva;Lund;Robot AB;Sweden;Large company;grippers\r\n"

    @Test func autoDetectsReportsAndReimportChangesNothing() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        let file = try dir.write("registrations.csv", Self.registrations)
        let first = try CLI.run(["import", file, "--db", db, "--format", "json"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        #expect(first.stderr.contains("read as registration-csv"))
        let report = try JSONParser.parse(first.stdout)
        #expect(report["files"]?[0]?["added"] == 3)
        #expect(report["files"]?[0]?["format"] == "registration-csv")

        let again = try CLI.run(["import", file, "--db", db])
        #expect(again.status == 0)
        #expect(again.stdout.contains("Nothing changed."))
        #expect(try CLI.run(["import", file, "--db", db, "--format", "csv"]).stdout.hasSuffix(",registration-csv,0,0,3,0\r\n"))

        // A corrected export updates instead of duplicating.
        let corrected = try dir.write("registrations.csv", Self.registrations.replacingOccurrences(of: "grippers", with: "\"grippers;vision\""))
        let update = try CLI.run(["import", corrected, "--db", db, "--format", "csv"])
        #expect(update.stdout.contains("registration-csv,0,1,2,0"), "stdout: \(update.stdout) stderr: \(update.stderr)")
        let list = try JSONParser.parse(try CLI.run(["participants", "list", "--db", db, "--format", "json"]).stdout)
        #expect(list.arrayValue?.count == 3)
    }

    /// Fields outside the participant format are ignored, and said: a note on stderr names
    /// them with how many records have them. A misspelt known field refuses the record.
    @Test func ignoredFieldsAreNamedAndMisspeltOnesRefused() throws {
        let dir = try TemporaryDirectory()
        let ok = """
            {"id": "x1", "kind": "company", "name": "X1", "country": "DK", "keywords": ["acoustic sensors"], "website": "x", "colour": "red"}
            {"id": "x2", "kind": "company", "name": "X2", "country": "DK", "keywords": ["acoustic sensors"], "website": "y"}

            """
        let r = try CLI.run(["import", try dir.write("ok.jsonl", ok), "--db", dir.path("x.sqlite")])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("ignored fields, not in the participant format (keep your own data in attributes): colour (1 record), website (2 records)"), "\(r.stderr)")
        let typo = #"{"id": "x3", "kind": "company", "name": "X3", "country": "DK", "Keywords": ["acoustic sensors"], "descripton": "we make mics"}"# + "\n"
        let bad = try CLI.run(["import", try dir.write("bad.jsonl", typo), "--db", dir.path("x.sqlite")])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("bad.jsonl:1: record 'x3': field 'Keywords'") && bad.stderr.contains("did you mean keywords?"), "\(bad.stderr)")
        #expect(bad.stderr.contains("field 'descripton'") && bad.stderr.contains("did you mean description?"))
    }

    /// UTF-16 without a byte-order mark (a spreadsheet's "Unicode text") is valid UTF-8 byte
    /// for byte; it is refused as UTF-16, not read as garbled fields at lines the file lacks.
    @Test func utf16WithoutAByteOrderMarkIsNamed() throws {
        let dir = try TemporaryDirectory()
        let text = "Name\tCountry\r\nKlang ApS\tDK\r\n"
        let units: [UInt16] = Array(text.utf16)
        let le: [UInt8] = units.flatMap { (u: UInt16) -> [UInt8] in [UInt8(u & 0xFF), UInt8(u >> 8)] }
        let be: [UInt8] = units.flatMap { (u: UInt16) -> [UInt8] in [UInt8(u >> 8), UInt8(u & 0xFF)] }
        for (name, bytes) in [("le.txt", le), ("be.txt", be)] {
            let file = dir.path(name)
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            let r = try CLI.run(["import", file, "--db", dir.path("x.sqlite")])
            #expect(r.status == 65, "\(name): \(r.stderr)")
            #expect(r.stderr.contains("\(file):1: the file looks like UTF-16 without a byte-order mark"), "\(r.stderr)")
            #expect(!r.stderr.contains("u0000"))
        }
        // A UTF-8 file of the same text imports.
        #expect(try CLI.run(["import", try dir.write("u8.txt", text), "--db", dir.path("x.sqlite")]).status == 0)
    }

    @Test func dryRunStoresNothing() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        let file = try dir.write("r.csv", Self.registrations)
        let r = try CLI.run(["import", file, "--db", db, "--dry-run", "--as", "registration-csv"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("Dry run: nothing was stored."))
        #expect(!r.stderr.contains("read as"))  // --as given: nothing to detect
        let list = try JSONParser.parse(try CLI.run(["participants", "list", "--db", db, "--format", "json"]).stdout)
        #expect(list == .array([]))
    }

    @Test func strictFailsWithMaskedPersonalValuesAndSkipInvalidWritesRejects() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        let file = try dir.write("r.csv", Self.registrations
            + "not-an-address;Secret;Person;Nowhere Ltd;Atlantis;SME;x\r\n"
            + "ANNA@example.dk;Anna;Berg;Example Acoustics ApS;DK;SME;duplicate\r\n")
        let strict = try CLI.run(["import", file, "--db", db])
        #expect(strict.status == 65)
        #expect(strict.stderr.contains("r.csv:6: field 'Email' value \"***\": is not an e-mail address"), "stderr: \(strict.stderr)")
        #expect(strict.stderr.contains("r.csv:6: field 'Country' value \"Atlantis\""))
        #expect(strict.stderr.contains("r.csv:7:"))
        #expect(strict.stderr.contains("the same e-mail address as line 2"))
        for secret in ["not-an-address", "anna@example.dk", "ANNA@example.dk", "Secret"] { #expect(!strict.stderr.contains(secret)) }
        #expect(strict.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir.path("r.rejects.csv")))

        let skipped = try CLI.run(["import", file, "--db", db, "--skip-invalid"])
        #expect(skipped.status == 0)
        #expect(skipped.stdout.contains("registration-csv      3        0          0         2"), "stdout: \(skipped.stdout)")
        #expect(skipped.stderr.contains("rejected records written to \(dir.path("r.rejects.csv"))"))
        let rejects = try String(contentsOfFile: dir.path("r.rejects.csv"), encoding: .utf8)
        #expect(rejects.hasPrefix("line,id,field,value,reason\r\n"))
        #expect(rejects.contains("6,,Email,***,is not an e-mail address"))
        #expect(rejects.contains("6,,Country,Atlantis,"))
        #expect(!rejects.contains("not-an-address"))
    }

    @Test func mappingFileFromTheCommandLine() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        let file = try dir.write("de.csv", "E-Mail-Adresse\tName\tFirma\tArt\na@hs.example\tProf. A\tHS Bremen\tHochschule\n")
        let mapping = try dir.write("map.json", #"{"columns": {"E-Mail-Adresse": "email", "Firma": "organisation", "Art": "organisationType"}, "kinds": {"Hochschule": "researcher"}, "defaults": {"country": "DE"}}"#)
        let r = try CLI.run(["import", file, "--mapping", mapping, "--db", db, "--as", "registration-csv"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let p = try JSONParser.parse(try CLI.run(["participants", "list", "--db", db, "--format", "json"]).stdout)
        #expect(p[0]?["kind"] == "researcher")
        #expect(p[0]?["country"] == "DE")
        let bad = try dir.write("bad.json", #"{"columns": {"Firma": "company"}}"#)
        let usage = try CLI.run(["import", file, "--mapping", bad, "--db", db])
        #expect(usage.status == 64)
        #expect(usage.stderr.contains("\"company\" is not a field"))
    }

    @Test func unknownContentAsksForAFormat() throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("notes.txt", "just some notes\n")
        let r = try CLI.run(["import", file, "--db", dir.path("x.sqlite")])
        #expect(r.status == 65)
        #expect(r.stderr.contains("cannot tell the format"))
        let usage = try CLI.run(["import", file, "--as", "excel", "--db", dir.path("x.sqlite")])
        #expect(usage.status == 64)
    }
}
