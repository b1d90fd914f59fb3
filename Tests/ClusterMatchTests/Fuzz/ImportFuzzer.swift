import Foundation
import Importers
import MatchCore

/// A seeded mutation fuzzer for every import format, run in-process through the same
/// readers the CLI's `import` and `taxonomy import` use (after the same format detection).
///
/// Each input is a seed file of the format (a fixture or an inline example) with one to four
/// mutations: bit flips, random bytes, inserted tokens that parsers trip on (invalid UTF-8
/// such as `0xFD` inside an element name, `<!DOCTYPE`, entities, `"N/A"`, quotes, brackets,
/// huge numbers), deleted, repeated or truncated ranges, deep nesting, and splices of another
/// seed. An input must give data or an `ImportFileError` (the CLI's exit 65 with file and
/// line); a crash ends the process, and an input that takes longer than `hangSeconds`
/// counts as a hang (six times as long ends the process, naming the input). The same seed
/// gives the same inputs, so a crash is reproduced by running the seed again.
struct ImportFuzzer {
    enum Format: String, CaseIterable, Sendable {
        case participants, registrationCSV = "registration-csv", eenXML = "een-xml", eenJSON = "een-json", clusters, taxonomyCSV = "taxonomy-csv"
    }

    /// What one run found.
    struct Report: CustomStringConvertible {
        var format: Format
        var inputs = 0
        var data = 0
        var errors = 0
        /// Errors that did not name the file.
        var unnamedErrors: [String] = []
        var hangs: [Int] = []
        var slowest: Double = 0
        var seconds: Double = 0

        var description: String {
            "\(format.rawValue): \(inputs) inputs, \(data) data, \(errors) errors, \(hangs.count) hangs, 0 crashes, slowest \(String(format: "%.3f", slowest)) s, \(String(format: "%.1f", seconds)) s in all"
        }
    }

    var seed: UInt64
    var hangSeconds = 5.0
    /// When set, each input is written to `DIR/FORMAT.last` before it is read: after a crash,
    /// that file is the input that crashed.
    var traceDirectory: String?
    let file = "fuzz-input"

    /// Runs `count` mutated inputs of one format.
    func run(_ format: Format, count: Int) -> Report {
        var rng = SplitMix64(seed: seed ^ UInt64(format.rawValue.utf8.reduce(5381) { ($0 &* 33) &+ Int($1) }.magnitude))
        let seeds = Self.seeds(format)
        var report = Report(format: format)
        let start = Date()
        for n in 0..<count {
            var bytes = seeds[Int(rng.next() % UInt64(seeds.count))]
            let rounds = 1 + Int(rng.next() % 4)
            for _ in 0..<rounds { Self.mutate(&bytes, seeds: seeds, rng: &rng) }
            Watchdog.shared.begin(format.rawValue, "\(format.rawValue) seed \(seed) input \(n)", limit: hangSeconds * 6)
            if let traceDirectory { _ = FileManager.default.createFile(atPath: "\(traceDirectory)/\(format.rawValue).last", contents: Data(bytes)) }
            let t0 = Date()
            let outcome = Self.read(format, bytes, file: file)
            let took = Date().timeIntervalSince(t0)
            Watchdog.shared.end(format.rawValue)
            report.inputs += 1
            report.slowest = max(report.slowest, took)
            if took > hangSeconds { report.hangs.append(n) }
            switch outcome {
            case .data: report.data += 1
            case .error(let message):
                report.errors += 1
                if !message.contains(file), report.unnamedErrors.count < 5 { report.unnamedErrors.append(message) }
            }
        }
        report.seconds = Date().timeIntervalSince(start)
        return report
    }

    enum Outcome { case data(Int), error(String) }

    /// One input through the format's reader, as the CLI would (detection first, as `auto`).
    static func read(_ format: Format, _ bytes: [UInt8], file: String) -> Outcome {
        _ = ImportFormat.detect(bytes)
        do {
            switch format {
            case .participants:
                // Reported per record, not thrown: a rejected record is the error outcome.
                let c = ParticipantFile.read(bytes, file: file)
                if let first = c.rejected.first { return .error(first.description) }
                return .data(c.records.count)
            case .registrationCSV:
                let text: String
                do { text = try InputText.decode(bytes) } catch { return .error("\(file):\(error.line): \(error.message)") }
                return .data(try RegistrationCSV.read(text, file: file).records.count)
            case .eenXML: return .data(try EENXML.read(bytes, file: file, asOf: "2026-01-01").records.count)
            case .eenJSON: return .data(try EENJSON.read(bytes, file: file, asOf: "2026-01-01").records.count)
            case .clusters: return .data(try ClusterProfiles.read(bytes, file: file, asOf: "2026-01-01").records.count)
            case .taxonomyCSV:
                let text: String
                do { text = try InputText.decode(bytes) } catch { return .error("\(file):\(error.line): \(error.message)") }
                do { return .data(try EENTaxonomyCSV.parse(text, file: file, namespace: "fuzz").count) } catch { return .error(error.description) }
            }
        } catch {
            return .error(error.description)
        }
    }

    // MARK: Mutations

    static let tokens: [[UInt8]] = [
        [0xFD], [0xFF], [0xFE], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x00], [0xEF, 0xBB, 0xBF],
        Array("\n".utf8), Array("\r".utf8), Array("\"".utf8), Array("'".utf8), Array("<".utf8), Array(">".utf8), Array("&".utf8),
        Array("&#0;".utf8), Array("&#xD800;".utf8), Array("&amp".utf8), Array("&unknown;".utf8), Array("]]>".utf8), Array("<![CDATA[".utf8),
        Array("<!DOCTYPE x [<!ENTITY a \"b\">]>".utf8), Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>".utf8), Array("</profile>".utf8),
        Array("<profile>".utf8), Array("<?m?>".utf8), Array("<!---->".utf8), Array("N/A".utf8), Array("null".utf8), Array("{".utf8), Array("}".utf8), Array("[".utf8), Array("]".utf8),
        Array(",".utf8), Array(";".utf8), Array("\t".utf8), Array("99999999999999999999999".utf8), Array("-1e999".utf8), Array("1e-400".utf8),
        Array("\\u0000".utf8), Array("\\uD800".utf8), Array("\\".utf8), Array("\"\"".utf8), Array(":".utf8), Array("2099-02-30".utf8),
        Array("BOFR20231310001".utf8), Array("\"reference\": ".utf8), Array("\"profileType\": {\"name\": \"N/A\"}".utf8),
    ]

    static func mutate(_ bytes: inout [UInt8], seeds: [[UInt8]], rng: inout SplitMix64) {
        func position(_ upTo: Int) -> Int { upTo <= 0 ? 0 : Int(rng.next() % UInt64(upTo + 1)) }
        let n = bytes.count
        switch rng.next() % 9 {
        case 0 where n > 0:  // flip a bit
            let i = position(n - 1)
            bytes[i] ^= UInt8(1 << (rng.next() % 8))
        case 1 where n > 0:  // a random byte
            bytes[position(n - 1)] = UInt8(truncatingIfNeeded: rng.next())
        case 2, 3:  // a token parsers trip on
            bytes.insert(contentsOf: tokens[Int(rng.next() % UInt64(tokens.count))], at: position(n))
        case 4 where n > 0:  // delete a range
            let i = position(n - 1)
            bytes.removeSubrange(i..<min(n, i + 1 + Int(rng.next() % 64)))
        case 5 where n > 0:  // repeat a range
            let i = position(n - 1), j = min(n, i + 1 + Int(rng.next() % 128))
            bytes.insert(contentsOf: Array(bytes[i..<j]), at: position(n))
        case 6:  // truncate
            bytes.removeSubrange(position(n)..<n)
        case 7:  // deep nesting
            let opener: [UInt8] = [Array("[".utf8), Array("{\"a\":".utf8), Array("<a>".utf8), Array("\"".utf8)][Int(rng.next() % 4)]
            let depth = 1 + Int(rng.next() % 3000)
            var run: [UInt8] = []
            run.reserveCapacity(depth * opener.count)
            for _ in 0..<depth { run += opener }
            bytes.insert(contentsOf: run, at: position(n))
        default:  // splice another seed
            let other = seeds[Int(rng.next() % UInt64(seeds.count))]
            guard !other.isEmpty else { return }
            let i = position(other.count - 1), j = min(other.count, i + 1 + Int(rng.next() % 256))
            bytes.insert(contentsOf: other[i..<j], at: position(n))
        }
    }

    // MARK: Seeds

    /// Seed inputs: the format's test fixtures and an inline example.
    static func seeds(_ format: Format) -> [[UInt8]] {
        let fixtures: [String]
        switch format {
        case .participants: fixtures = []
        case .registrationCSV: fixtures = []
        case .eenXML: fixtures = ["een-profiles.xml", "een-profiles-bad.xml"]
        case .eenJSON: fixtures = ["een-profiles.json", "een-service-page1.json", "een-service-page2.json"]
        case .clusters: fixtures = ["clusters.csv", "clusters.json"]
        case .taxonomyCSV: fixtures = ["taxonomy-market.csv", "taxonomy-nace.csv", "taxonomy-sdg.csv"]
        }
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/imports")
        var seeds = fixtures.compactMap { FileManager.default.contents(atPath: folder.appendingPathComponent($0).path).map { [UInt8]($0) } }
        seeds.append(Array(inline[format]!.utf8))
        return seeds
    }

    static let inline: [Format: String] = [
        .participants: """
            {"id": "dk-0001", "kind": "company", "name": "Acme Acoustics ApS", "country": "DK", "keywords": ["acoustic sensors"], "offers": [{"title": "Sensors", "codes": ["a:1"], "keywords": ["acoustic sensors"]}], "needs": [{"text": "machine learning"}], "attributes": {"een": {"expired": false}}}
            {"id": "se-0002", "kind": "researcher", "name": "Åsa Ström", "country": "SE", "employees": 3, "clusters": ["dk-0001"], "description": "Hörselteknik", "vector": [0.1, -0.2, 3e-5], "optOut": true}

            """,
        .registrationCSV: """
            Organisation;Country;Type;Offers;Needs;Keywords;Employees
            "Acme; Acoustics ApS";Denmark;SME;"acoustic sensors, ""MEMS"" mics";machine learning;audio;12
            Université de Lyon;FR;University;research;;"a;b";
            Müller GmbH;DE;Large company;;welding;;500

            """,
        .eenXML: """
            <?xml version="1.0" encoding="UTF-8"?>
            <pod><profile><reference><type>TO</type><external>TOFR20231010001</external></reference>
            <datum><submit>2023-10-10</submit><deadline>2099-10-10</deadline></datum>
            <content><title>N/A</title><summary><![CDATA[<p>Sensors &amp; more</p>]]></summary></content>
            <company><country><key>FR</key></country></company>
            <keyword><technologies><technology><key>01</key><label>AI</label></technology></technologies></keyword>
            <status>Published</status></profile></pod>
            """,
        .eenJSON: """
            {"pageIndex": 0, "pageSize": 2, "hasNext": false, "profiles": [{"reference": "BRFR20250501004", "title": "N/A", "profileType": {"name": "Business Request"}, "sdgKeywords": [{"name": "GOAL 7: Affordable and Clean Energy"}], "targetedCountries": [{"name": "EL"}], "openForEOI": false, "lastModified": "2025-05-01T08:00:00"}]}
            """,
        .clusters: """
            Cluster name,Country,Members,Technologies
            Sound Cluster,Denmark,120,"acoustics; audio"

            """,
        .taxonomyCSV: """
            Type,Code,Label,Level,Parent_1,Parent_1 level
            Technology Keyword,01,ICT,1,,
            Technology Keyword,01001,Software,2,ICT,1

            """,
    ]
}

/// Ends the process when one input runs far too long (a hang), naming the input first.
/// One slot per format: the formats' runs go in parallel.
final class Watchdog: @unchecked Sendable {  // `running` is guarded by `lock`
    static let shared = Watchdog()
    private let lock = NSLock()
    private var running: [String: (name: String, started: Date, limit: Double)] = [:]
    private var started = false

    func begin(_ slot: String, _ name: String, limit: Double) {
        lock.lock()
        defer { lock.unlock() }
        running[slot] = (name, Date(), limit)
        guard !started else { return }
        started = true
        Thread.detachNewThread { [self] in
            while true {
                Thread.sleep(forTimeInterval: 1)
                lock.lock()
                let stuck = running.values.first { Date().timeIntervalSince($0.started) > $0.limit }
                lock.unlock()
                if let stuck {
                    FileHandle.standardError.write(Data("import fuzz: hang on \(stuck.name) (over \(stuck.limit) s)\n".utf8))
                    exit(3)
                }
            }
        }
    }

    func end(_ slot: String) {
        lock.lock()
        running[slot] = nil
        lock.unlock()
    }
}
