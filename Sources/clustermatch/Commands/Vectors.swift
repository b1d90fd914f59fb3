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

    func validate() throws {
        let range = ClusterMatch.vectorDimensions
        if let dimension, !range.contains(dimension) { throw ValidationError("--dimension must be from \(range.lowerBound) to \(range.upperBound)") }
    }

    func run() throws {
        try perform {
            let app = try database.open(creating: true)
            if let dimension { try app.setVectorDimension(dimension) }
            Output.line("vector dimension \(try app.vectorDimension())")
        }
    }
}
