internal import CKernels

/// IEEE half-precision copies of float32 vectors, as the single-query prefilter reads them
/// (round to nearest even, the same conversion `CompetenceMatrix` makes on first use).
package enum HalfPrecision {
    /// Converts `source` into `destination` (same count).
    /// - Complexity: O(n), vectorised where the CPU has F16C.
    package static func convert(_ source: UnsafeBufferPointer<Float>, into destination: UnsafeMutableBufferPointer<UInt16>) {
        precondition(source.count == destination.count)
        if source.count > 0 { cm_to_half(source.baseAddress!, destination.baseAddress!, source.count) }
    }
}
