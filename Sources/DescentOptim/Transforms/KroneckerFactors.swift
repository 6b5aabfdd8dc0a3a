import Foundation

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
    /// the symmetric matrix `a` (``SymmetricEigen`` in DescentCore).
    static func symmetricEigen(_ a: [Double], n: Int) -> (values: [Double], vectors: [Double]) {
        SymmetricEigen.decompose(a, n: n)
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
