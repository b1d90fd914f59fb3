import Foundation
import Testing

/// Runs the built `clustermatch` binary, as a user would.
struct CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The executable next to the test bundle (both live in the build's products folder).
    static let executable: URL = {
        let fm = FileManager.default
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("clustermatch")
            if fm.isExecutableFile(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        // Fallback: the package's default debug build.
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        return root.appendingPathComponent(".build/debug/clustermatch")
    }()

    static let repositoryRoot: URL = {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        return root
    }()

    @discardableResult
    /// - Parameters:
    ///   - environment: added to the test's own environment; with `cleanEnvironment`, the
    ///     whole environment (no `CLUSTERMATCH_PROFILES` pointing into the repository).
    ///   - binary: another copy of the executable to run.
    ///   - semantic: let the binary match on meaning when the model is installed; by default
    ///     `CLUSTERMATCH_SEMANTIC=off`, so that tests written for lexical scores get them.
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
                    directory: URL? = nil, cleanEnvironment: Bool = false, binary: URL? = nil, semantic: Bool = false) throws -> Result {
        let process = Process()
        process.executableURL = binary ?? executable
        process.arguments = arguments
        var env = cleanEnvironment ? [:] : ProcessInfo.processInfo.environment
        if !cleanEnvironment {
            env["CLUSTERMATCH_DB"] = nil
            env["CLUSTERMATCH_PROFILES"] = repositoryRoot.appendingPathComponent("Profiles").path
        }
        env["CLUSTERMATCH_SEMANTIC"] = semantic ? nil : "off"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        // Never the repository: a command without --db must not leave ./clustermatch.sqlite there.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("clustermatch-cwd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        process.currentDirectoryURL = directory ?? scratch
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes concurrently so a full pipe never blocks the child.
        nonisolated(unsafe) var errData = Data()
        let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A fresh temporary folder, removed when the test ends.
final class TemporaryDirectory: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("clustermatch-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let p = path(name)
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }
}
