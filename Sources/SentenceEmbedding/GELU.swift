/// GELU as BERT defines it, with the exact error function: x · ½ · (1 + erf(x / √2)) —
/// not the tanh approximation.
///
/// erf is evaluated by the rational approximation Eigen uses for float
/// (odd degree-13 numerator over even degree-8 denominator on [-4, 4], where float32's erf
/// is ±1 outside): a few ulp from the libm result, and about ten times faster than calling
/// `erff` per element, which was a sixth of the encoder's time.
enum GELU {
    /// Adds `bias` to each of `count` values at `values` and applies GELU in place.
    /// Written as one plain loop so that the compiler vectorises it.
    static func apply(_ values: UnsafeMutablePointer<Float>, count: Int, bias: UnsafeBufferPointer<Float>) {
        let b = bias.baseAddress!
        for j in 0..<count {
            let z = values[j] + b[j]
            values[j] = 0.5 * z * (1 + erf(z * 0.70710678118654752))
        }
    }

    /// erf of a float.
    @inline(__always)
    static func erf(_ a: Float) -> Float {
        let x: Float = a < -4 ? -4 : (a > 4 ? 4 : a)
        let x2 = x * x
        var p: Float = x2 * -2.72614225801306e-10 + 2.77068142495902e-08
        p = p * x2 + -2.10102402082508e-06
        p = p * x2 + -5.69250639462346e-05
        p = p * x2 + -7.34990630326855e-04
        p = p * x2 + -2.95459980854025e-03
        p = p * x2 + -1.60960333262415e-02
        p = p * x
        var q: Float = x2 * -1.45660718464996e-05 + -2.13374055278905e-04
        q = q * x2 + -1.68282697438203e-03
        q = q * x2 + -7.37332916720468e-03
        q = q * x2 + -1.42647390514189e-02
        return p / q
    }
}
