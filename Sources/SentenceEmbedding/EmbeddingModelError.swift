/// A model file that cannot be used: missing, truncated, damaged or of another shape.
///
/// The description names the file and says what is wrong with it, so that `doctor` can show it
/// as the reason semantic matching is off.
package struct EmbeddingModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file (or folder) at fault.
    package var file: String
    /// What is wrong with it.
    package var problem: String

    package init(file: String, _ problem: String) {
        self.file = file
        self.problem = problem
    }

    package var description: String { "\(file): \(problem)" }
}
