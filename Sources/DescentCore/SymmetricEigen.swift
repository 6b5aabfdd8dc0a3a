import CDescentKernels

/// Eigenvalues and eigenvectors of a symmetric matrix in double precision: LAPACK's
/// `dsyevd` from OpenBLAS (loaded on first use: ``descent_dsyevd``), cyclic Jacobi rotations
/// where it cannot be loaded. Used by Kronecker-factored preconditioners (Shampoo, SOAP) and
/// PCA drift detection.
package enum SymmetricEigen {
    /// The eigenvalues (ascending) and eigenvectors (columns of a row-major n × n matrix) of
    /// the symmetric matrix `a`: LAPACK's `dsyevd` where OpenBLAS loads, else ``jacobi(_:n:)``.
    package static func decompose(_ a: [Double], n: Int) -> (values: [Double], vectors: [Double]) {
        lapack(a, n: n) ?? jacobi(a, n: n)
    }

    /// `dsyevd` (divide and conquer); nil if OpenBLAS cannot be loaded or LAPACK reports a failure.
    static func lapack(_ a: [Double], n: Int) -> (values: [Double], vectors: [Double])? {
        guard n > 0 else { return ([], []) }
        var matrix = a  // Symmetric: row-major and column-major agree.
        var values = [Double](repeating: 0, count: n)
        guard descent_dsyevd(Int32(n), &matrix, &values) == 0 else { return nil }
        // LAPACK stores eigenvector c in column c (column-major): transpose into row-major columns.
        var vectors = [Double](repeating: 0, count: n * n)
        for c in 0..<n { for k in 0..<n { vectors[k * n + c] = matrix[c * n + k] } }
        return (values, vectors)
    }

    /// The eigenvalues (ascending) and eigenvectors (columns of a row-major n × n matrix) of
    /// the symmetric matrix `a`, by cyclic Jacobi rotations.
    package static func jacobi(_ a: [Double], n: Int) -> (values: [Double], vectors: [Double]) {
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

}
