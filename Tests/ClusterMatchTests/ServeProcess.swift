import Foundation
import Testing

/// A running `clustermatch serve`, driven through pipes as a client program would.
final class ServeProcess: @unchecked Sendable {
    struct Timeout: Error, CustomStringConvertible {
        var description: String
    }

    let process = Process()
    private let input = Pipe(), output = Pipe(), errors = Pipe()
    private let condition = NSCondition()
    private var lines: [String] = []
    private var partial = Data()
    private var outputClosed = false
    private var stderrData = Data()

    /// `semantic`: as `CLI.run`'s (off unless asked for).
    init(_ arguments: [String], environment: [String: String] = [:], semantic: Bool = false) throws {
        process.executableURL = CLI.executable
        process.arguments = ["serve"] + arguments
        var env = ProcessInfo.processInfo.environment
        env["CLUSTERMATCH_DB"] = nil
        env["CLUSTERMATCH_PROFILES"] = CLI.repositoryRoot.appendingPathComponent("Profiles").path
        env["CLUSTERMATCH_SEMANTIC"] = semantic ? nil : "off"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        Thread { [self] in
            let handle = output.fileHandleForReading
            while true {
                let chunk = handle.availableData
                condition.lock()
                if chunk.isEmpty { outputClosed = true; condition.broadcast(); condition.unlock(); return }
                partial.append(chunk)
                while let nl = partial.firstIndex(of: 0x0A) {
                    lines.append(String(decoding: partial[partial.startIndex..<nl], as: UTF8.self))
                    partial = Data(partial[(nl + 1)...])
                }
                condition.broadcast()
                condition.unlock()
            }
        }.start()
        Thread { [self] in
            let data = errors.fileHandleForReading.readDataToEndOfFile()
            condition.lock(); stderrData = data; condition.unlock()
        }.start()
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    /// Writes raw bytes to the service's stdin.
    func write(_ data: Data) { input.fileHandleForWriting.write(data) }

    /// Writes one line (a `\n` is added).
    func send(_ line: String) { write(Data((line + "\n").utf8)) }

    /// The next response line.
    func receive(timeout: TimeInterval = 20) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while lines.isEmpty {
            if outputClosed { throw Timeout(description: "stdout closed; stderr: \(String(decoding: stderrData, as: UTF8.self))") }
            if !condition.wait(until: deadline) { throw Timeout(description: "no response within \(timeout) s") }
        }
        return lines.removeFirst()
    }

    /// Sends a request line and returns its response line.
    func call(_ line: String) throws -> String {
        send(line)
        return try receive()
    }

    /// Closes stdin and waits for the exit; returns the status and any unread lines.
    func finish(timeout: TimeInterval = 20) throws -> (status: Int32, rest: [String], stderr: String) {
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline { process.terminate(); throw Timeout(description: "serve did not exit within \(timeout) s") }
            usleep(2_000)
        }
        condition.lock()
        while !outputClosed { _ = condition.wait(until: deadline) }
        let rest = lines
        lines = []
        condition.unlock()
        usleep(20_000)
        condition.lock(); let err = String(decoding: stderrData, as: UTF8.self); condition.unlock()
        return (process.terminationStatus, rest, err)
    }
}
