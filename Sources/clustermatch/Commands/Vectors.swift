import ArgumentParser
import ClusterMatchApp

struct Vectors: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show or set the dimension of the competence vectors (default 256).",
        discussion: """
            More dimensions separate weakly related profiles better (less noise from hashing \
            many terms into few components) at the cost of memory and time. Vectors are \
            projected when matching loads, so a change takes effect at once.
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The new dimension (16 to 4096).") var dimension: Int?
    @Flag(help: "Make the semantic views of participants that lack them (a database filled before the model was installed).")
    var embed = false

    func validate() throws {
        let range = ClusterMatch.vectorDimensions
        if let dimension, !range.contains(dimension) { throw ValidationError("--dimension must be from \(range.lowerBound) to \(range.upperBound)") }
    }

    func run() throws {
        try perform {
            let app = try database.open(creating: true)
            if let dimension { try app.setVectorDimension(dimension) }
            Output.line("vector dimension \(try app.vectorDimension())")
            if embed {
                let bar = ProgressBar.ifTerminal()
                let made = try app.embedAll { done, total in bar?.update(phase: "embedding statements", done: done, total: total) }
                bar?.finish()
                Output.line("semantic views made for \(made.participants) participant\(made.participants == 1 ? "" : "s"), \(made.embeddedTexts) new text\(made.embeddedTexts == 1 ? "" : "s") embedded")
            }
        }
    }
}
