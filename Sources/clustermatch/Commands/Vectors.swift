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
        if let dimension, !(16...4096).contains(dimension) { throw ValidationError("--dimension must be from 16 to 4096") }
    }

    func run() throws {
        try perform {
            let store = try database.open(creating: true).store
            if let dimension { try store.setVectorDimension(dimension) }
            Output.line("vector dimension \(try store.vectorDimension())")
        }
    }
}
