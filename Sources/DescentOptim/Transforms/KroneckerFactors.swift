import Foundation
#if canImport(CBLAS)
import CBLAS
#endif

/// The small dense linear algebra of Kronecker-factored preconditioners (Shampoo, SOAP):
/// per-axis Gram matrices, mode products, symmetric eigendecompositions in Double (LAPACK's
/// `dsyevd` from OpenBLAS on Linux, cyclic Jacobi elsewhere) and QR (modified Gram–Schmidt,
/// twice, in Double). Factors are one matrix per tensor axis (d × d for an axis of length d).
enum KroneckerFactors {
    /// `x` (with `shape`) as a d × (count/d) matrix whose rows run along `axis` (a copy when
    /// `axis` is not the first), and the permutation that brought `axis` to the front.
    static func unfold(_ x: Tensor, axis: Int) -> (matrix: Tensor, axes: [Int]) {
        let d = x.shape[axis]
        let axes = [axis] + (0..<x.rank).filter { $0 != axis }
        return (x.permuted(axes).reshaped(to: [d, x.count / d]), axes)
    }

    /// Σ over all other axes of x[…a…]·x[…b…]: the axis-`axis` Gram matrix (d × d, row-major),
    /// one sgemm as the references' `addmm`/`tensordot`.
    static func gram(_ x: UnsafeBufferPointer<Float>, shape: [Int], axis: Int) -> [Double] {
        let tensor = Tensor(shape: shape, scalars: Array(x))
        let unfolded = unfold(tensor, axis: axis).matrix
        return matmul(unfolded, unfolded, transposeB: true).scalars.map(Double.init)
    }

    /// y[…a…] = Σ_b M[a, b]·x[…b…] along `axis` (M[b, a] when `transpose`); M is d × d,
    /// row-major; one sgemm on the unfolded tensor.
    static func modeProduct(_ x: [Float], shape: [Int], axis: Int, matrix: [Float], transpose: Bool) -> [Float] {
        let d = shape[axis]
        let (unfolded, axes) = unfold(Tensor(shape: shape, scalars: x), axis: axis)
        let product = matmul(Tensor(shape: [d, d], scalars: matrix), unfolded, transposeA: transpose)
        var inverse = [Int](repeating: 0, count: axes.count)
        for (position, original) in axes.enumerated() { inverse[original] = position }
        return product.reshaped(to: axes.map { shape[$0] }).permuted(inverse).scalars
    }

    /// The eigenvalues (ascending) and eigenvectors (columns of a row-major n × n matrix) of
    /// the symmetric matrix `a`: LAPACK's `dsyevd` where OpenBLAS is linked, else ``jacobiEigen(_:n:)``.
    static func symmetricEigen(_ a: [Double], n: Int) -> (values: [Double], vectors: [Double]) {
        #if canImport(CBLAS)
        if let result = lapackEigen(a, n: n) { return result }
        #endif
        return jacobiEigen(a, n: n)
    }

    #if canImport(CBLAS)
    /// `dsyevd` (divide and conquer); nil if LAPACK reports a failure.
    static func lapackEigen(_ a: [Double], n: Int) -> (values: [Double], vectors: [Double])? {
        guard n > 0 else { return ([], []) }
        var matrix = a  // Symmetric: row-major and column-major agree.
        var values = [Double](repeating: 0, count: n)
        var size = Int32(n), lwork = Int32(1 + 6 * n + 2 * n * n), liwork = Int32(3 + 5 * n), info: Int32 = 0
        var work = [Double](repeating: 0, count: Int(lwork))
        var iwork = [Int32](repeating: 0, count: Int(liwork))
        var leading = size
        dsyevd_("V", "U", &size, &matrix, &leading, &values, &work, &lwork, &iwork, &liwork, &info)
        guard info == 0 else { return nil }
        // LAPACK stores eigenvector c in column c (column-major): transpose into row-major columns.
        var vectors = [Double](repeating: 0, count: n * n)
        for c in 0..<n { for k in 0..<n { vectors[k * n + c] = matrix[c * n + k] } }
        return (values, vectors)
    }
    #endif

    /// The eigenvalues (ascending) and eigenvectors (columns of a row-major n × n matrix) of
    /// the symmetric matrix `a`, by cyclic Jacobi rotations.
    static func jacobiEigen(_ a: [Double], n: Int) -> (values: [Double], vectors: [Double]) {
        var a = a
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        for _ in 0..<100 {
            var off = 0.0, total = 0.0
            for i in 0..<n {
                for j in 0..<n {
                    let x = a[i * n + j] * a[i * n + j]
                    total += x
                    if i != j { off += x }
                }
            }
            if off <= 1e-30 * total || off == 0 { break }
            for p in 0..<(n - 1) {
                for q in (p + 1)..<n {
                    let apq = a[p * n + q]
                    if apq == 0 { continue }
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1 : -1) / (Swift.abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + p], akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k], aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k * n + p], vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<n).sorted { a[$0 * n + $0] < a[$1 * n + $1] }
        var vectors = [Double](repeating: 0, count: n * n)
        for (column, source) in order.enumerated() {
            for k in 0..<n { vectors[k * n + column] = v[k * n + source] }
        }
        return (order.map { a[$0 * n + $0] }, vectors)
    }

    /// A^(−1/power) for a symmetric positive (semi)definite A, as V·diag(|λ|^(−1/power))·Vᵀ
    /// (pytorch-optimizer's `compute_power_svd`: the singular values of a symmetric matrix are |λ|).
    static func inverseRoot(_ a: [Double], n: Int, power: Double) -> [Float] {
        let (values, vectors) = symmetricEigen(a, n: n)
        let scaled = values.map { Foundation.pow(Swift.abs($0), -1 / power) }
        // (V·diag(s))·Vᵀ in float32, as the reference's (u * s) @ vh.
        var left = [Float](repeating: 0, count: n * n)
        for i in 0..<n { for k in 0..<n { left[i * n + k] = Float(vectors[i * n + k] * scaled[k]) } }
        let v = Tensor(shape: [n, n], scalars: vectors.map { Float($0) })
        return matmul(Tensor(shape: [n, n], scalars: left), v, transposeB: true).scalars
    }

    /// The Q factor (n × n, row-major) of the square matrix `a` (row-major), by modified
    /// Gram–Schmidt applied twice; column signs may differ from LAPACK's Householder Q, which
    /// SOAP's projections do not see.
    static func orthonormalColumns(_ a: [Double], n: Int) -> [Double] {
        var q = a
        for _ in 0..<2 {
            for j in 0..<n {
                for i in 0..<j {
                    var dot = 0.0
                    for k in 0..<n { dot += q[k * n + i] * q[k * n + j] }
                    for k in 0..<n { q[k * n + j] -= dot * q[k * n + i] }
                }
                var norm = 0.0
                for k in 0..<n { norm += q[k * n + j] * q[k * n + j] }
                norm = norm.squareRoot()
                if norm > 0 { for k in 0..<n { q[k * n + j] /= norm } }
            }
        }
        return q
    }
}
