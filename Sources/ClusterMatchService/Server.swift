#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// The stdio transport: request lines in, one response line out per request or batch.
package enum Server {
    /// Serves until the end of input or a `shutdown` request.
    ///
    /// Each response is written with one `write(2)` as soon as it is ready (nothing is
    /// buffered), so a client may pipeline requests.
    /// - Parameters:
    ///   - input: where requests come from (stdin: 0).
    ///   - output: where responses go; nothing else is ever written there.
    /// - Returns: false if the output closed early (the client went away).
    @discardableResult
    package static func run(_ service: RPCService, input: Int32, output: Int32) -> Bool {
        var reader = LineReader(fileDescriptor: input, maxLineBytes: service.options.maxLineBytes)
        service.log.info("ready (max line \(service.options.maxLineBytes) bytes)")
        while let event = reader.next() {
            let response: String?
            switch event {
            case .line(let bytes): response = service.respond(toLine: bytes)
            case .tooLong(let bytes): response = service.respondToOversizedLine(bytes: bytes)
            }
            if var response {
                response.append("\n")
                guard response.withUTF8({ FileDescriptorIO.writeAll(output, UnsafeRawBufferPointer($0)) }) else {
                    service.log.warning("the output is closed; stopping")
                    return false
                }
            }
            if service.stopRequested {
                service.log.info("shutdown requested")
                return true
            }
        }
        service.log.info("end of input")
        return true
    }

    /// Moves stdout out of reach of everything but the responses: returns a private copy
    /// of file descriptor 1 for them, and points 1 at stderr, so that a stray `print`
    /// anywhere in the process can never corrupt the protocol stream. Also ignores SIGPIPE,
    /// so a client that goes away is an error on write, not a crash.
    package static func claimStandardOutput() -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let responses = dup(1)
        guard responses >= 0 else { return 1 }
        _ = fcntl(responses, F_SETFD, FD_CLOEXEC)
        dup2(2, 1)
        return responses
    }
}
