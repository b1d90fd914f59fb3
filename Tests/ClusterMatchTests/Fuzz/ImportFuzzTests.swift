import Foundation
import Testing

/// Any bytes, no crash: every import format turns mutated inputs into data or a clear error.
///
/// A short run here (300 inputs per format); the long one (≥ 100,000 per format) is
/// `Benchmarks/fuzz/run.sh`, which sets `CLUSTERMATCH_FUZZ_INPUTS` and `CLUSTERMATCH_FUZZ_SEED`.
@Suite("import: any bytes, no crash")
struct ImportFuzzTests {
    static let environment = ProcessInfo.processInfo.environment
    static let inputs = environment["CLUSTERMATCH_FUZZ_INPUTS"].flatMap(Int.init) ?? 300
    static let seed = environment["CLUSTERMATCH_FUZZ_SEED"].flatMap(UInt64.init) ?? 20261206
    /// `CLUSTERMATCH_FUZZ_FORMATS=een-xml,clusters`: only these formats (default all).
    static let formats = environment["CLUSTERMATCH_FUZZ_FORMATS"].map { $0.split(separator: ",").map(String.init) }
    /// `CLUSTERMATCH_FUZZ_TRACE=DIR`: keep each input in `DIR/FORMAT.last` before it is read.
    static let trace = environment["CLUSTERMATCH_FUZZ_TRACE"]

    @Test(arguments: ImportFuzzer.Format.allCases)
    func mutatedInputsGiveDataOrAnErrorNamingTheFile(_ format: ImportFuzzer.Format) throws {
        if let formats = Self.formats, !formats.contains(format.rawValue) { return }
        let report = ImportFuzzer(seed: Self.seed, traceDirectory: Self.trace).run(format, count: Self.inputs)
        print("import fuzz \(report)")
        #expect(report.inputs == Self.inputs)
        #expect(report.hangs.isEmpty, "inputs that took over 5 s: \(report.hangs)")
        #expect(report.unnamedErrors.isEmpty, "errors that do not name the file: \(report.unnamedErrors)")
        // The mutations must reach both outcomes, or the run tests nothing.
        #expect(report.errors > 0)
        #expect(report.data > 0)
    }

    /// The input that crashed FoundationXML with SIGILL: an invalid UTF-8 byte inside an element name.
    @Test func invalidUTF8InAnXMLElementNameIsAnErrorWithTheLine() throws {
        let bytes = Array("<?xml version=\"1.0\"?>\n<pod><profile>\n<".utf8) + [0xFD] + Array("eference><external>TOFR20231010001</external></reference></profile></pod>\n".utf8)
        guard case .error(let message) = ImportFuzzer.read(.eenXML, bytes, file: "bad.xml") else {
            Issue.record("the malformed XML was read as data")
            return
        }
        #expect(message.hasPrefix("bad.xml:3: not UTF-8 text (byte 0xFD"))
    }

    /// Found by the long run (seed 1): FoundationXML dereferences a null pointer (SIGSEGV) on a
    /// processing instruction without data. Refused before parsing; in a comment or CDATA it is text.
    @Test(arguments: ["<?m?>", "<pod><?xml-stylesheet?></pod>", "<?xml version=\"1.0\"?>\n<?m?><pod/>"])
    func aProcessingInstructionWithoutDataIsAnError(_ text: String) {
        guard case .error(let message) = ImportFuzzer.read(.eenXML, Array(text.utf8), file: "pi.xml") else {
            Issue.record("read as data")
            return
        }
        #expect(message.contains("pi.xml:\(text.hasPrefix("<?xml") ? 2 : 1): the XML has a processing instruction without data"))
    }

    @Test func processingInstructionLookalikesInCommentsAndCDATAAreText() {
        let text = "<pod><!-- <?m?> --><profile><reference><external>TOFR20231010001</external></reference><content><title><![CDATA[Sensors <?php?> and more]]></title></content></profile></pod>"
        guard case .data(let n) = ImportFuzzer.read(.eenXML, Array(text.utf8), file: "ok.xml") else {
            Issue.record("refused")
            return
        }
        #expect(n == 1)
    }

    @Test func anXMLFileCutShortInsideAProfileIsAnError() {
        let text = "<pod><profile><reference><external>TOFR20231010001</external></reference><content><title>x</title></content>"
        guard case .error(let message) = ImportFuzzer.read(.eenXML, Array(text.utf8), file: "cut.xml") else {
            Issue.record("read as data")
            return
        }
        #expect(message.hasPrefix("cut.xml:1: "))
    }
}
