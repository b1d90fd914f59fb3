internal import CBLAS
import Foundation

/// Thin, safe wrappers over the C BLAS calls the matching core needs.
/// C types stay inside this module.
public enum BLAS {
    /// C = A · Bᵀ for row-major A (m×k) and B (n×k); C is m×n, row-major.
    ///
    /// - Complexity: O(m·n·k), done by the loaded BLAS (`cblas_sgemm`; `cblas_sgemv` for one row).
    public static func multiplyTransposed(
        _ a: UnsafePointer<Float>, rows m: Int,
        _ b: UnsafePointer<Float>, rows n: Int,
        depth k: Int, into c: UnsafeMutablePointer<Float>
    ) {
        guard m > 0, n > 0, k > 0 else { return }
        if m == 1 {
            // One row: a matrix-vector product. sgemm would first copy (pack) all of B,
            // which for a single query costs more than the product itself.
            cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(n), Int32(k), 1, b, Int32(k), a, 1, 0, c, 1)
            return
        }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans,
                    Int32(m), Int32(n), Int32(k),
                    1, a, Int32(k), b, Int32(k),
                    0, c, Int32(n))
    }

    /// Array convenience for `multiplyTransposed`.
    public static func multiplyTransposed(_ a: [Float], rows m: Int, _ b: [Float], rows n: Int, depth k: Int) -> [Float] {
        var c = [Float](repeating: 0, count: m * n)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    multiplyTransposed(pa.baseAddress!, rows: m, pb.baseAddress!, rows: n, depth: k, into: pc.baseAddress!)
                }
            }
        }
        return c
    }
}

extension BLAS {
    private typealias SetThreads = @convention(c) (Int32) -> Void
    private typealias GetThreads = @convention(c) () -> Int32

    /// Runs `body` with the BLAS library single-threaded (where it can be told so), for
    /// callers that keep every core busy themselves; restores the thread count afterwards.
    public static func singleThreaded<R>(_ body: () throws -> R) rethrows -> R {
        let handle = dlopen(nil, RTLD_NOW)
        guard let set = dlsym(handle, "openblas_set_num_threads"), let get = dlsym(handle, "openblas_get_num_threads") else {
            return try body()
        }
        let before = unsafeBitCast(get, to: GetThreads.self)()
        unsafeBitCast(set, to: SetThreads.self)(1)
        defer { unsafeBitCast(set, to: SetThreads.self)(before) }
        return try body()
    }
}

/// Which BLAS implementation the process actually loaded.
public struct BLASInfo: Sendable, Hashable {
    /// A short name: `OpenBLAS`, `reference BLAS`, `BLIS`, `ATLAS`, `MKL` or `unknown`.
    public var implementation: String
    /// The shared library file `cblas_sgemm` was found in, symbolic links resolved.
    public var library: String
    /// Threads the implementation uses, when it can tell.
    public var threads: Int?
    /// OpenBLAS's own configuration string (kernel, build options), when available.
    public var configuration: String?

    /// True for the slow reference implementation (Debian's `libblas3`).
    public var isReference: Bool { implementation == "reference BLAS" }

    /// Looks up the loaded implementation through the dynamic linker.
    public static func current() -> BLASInfo {
        touch()  // make sure the library is loaded
        // Find the file that provides cblas_sgemm.
        let handle = dlopen(nil, RTLD_NOW)
        var path = "unknown"
        if let symbol = dlsym(handle, "cblas_sgemm"), let file = mappedFile(containing: UInt(bitPattern: symbol)) {
            path = file
            if let resolved = realpath(path, nil) {
                path = String(cString: resolved)
                free(resolved)
            }
        }
        let lower = path.lowercased()
        let implementation: String
        if lower.contains("openblas") { implementation = "OpenBLAS" }
        else if lower.contains("blis") { implementation = "BLIS" }
        else if lower.contains("atlas") { implementation = "ATLAS" }
        else if lower.contains("mkl") { implementation = "MKL" }
        else if lower.contains("/blas/") || lower.hasSuffix("libblas.so.3") { implementation = "reference BLAS" }
        else { implementation = "unknown" }

        var threads: Int? = nil
        var configuration: String? = nil
        typealias IntFunction = @convention(c) () -> Int32
        typealias StringFunction = @convention(c) () -> UnsafePointer<CChar>?
        if let f = dlsym(handle, "openblas_get_num_threads") {
            threads = Int(unsafeBitCast(f, to: IntFunction.self)())
        } else if implementation == "reference BLAS" {
            threads = 1
        }
        if let f = dlsym(handle, "openblas_get_config"), let s = unsafeBitCast(f, to: StringFunction.self)() {
            configuration = String(cString: s).trimmingCharacters(in: .whitespaces)
        }
        return BLASInfo(implementation: implementation, library: path, threads: threads, configuration: configuration)
    }

    /// The file mapped at an address of this process, from `/proc/self/maps`
    /// (portable where `dladdr` is not exposed).
    private static func mappedFile(containing address: UInt) -> String? {
        // procfs files report size 0, so read them in chunks rather than by their size.
        guard let file = fopen("/proc/self/maps", "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        let maps = String(decoding: bytes, as: UTF8.self)
        for line in maps.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 6, let dash = parts[0].firstIndex(of: "-"),
                  let lo = UInt(parts[0][..<dash], radix: 16),
                  let hi = UInt(parts[0][parts[0].index(after: dash)...], radix: 16) else { continue }
            if address >= lo && address < hi { return parts[5...].joined(separator: " ") }
        }
        return nil
    }

    /// Forces the BLAS library to be linked and loaded (used before `current()`).
    static func touch() {
        var a: [Float] = [1], c: [Float] = [0]
        a.withUnsafeMutableBufferPointer { pa in
            c.withUnsafeMutableBufferPointer { pc in
                multiplyTransposedRaw(pa.baseAddress!, pc.baseAddress!)
            }
        }
    }

    private static func multiplyTransposedRaw(_ a: UnsafeMutablePointer<Float>, _ c: UnsafeMutablePointer<Float>) {
        BLAS.multiplyTransposed(a, rows: 1, a, rows: 1, depth: 1, into: c)
    }
}
