/// Pooled midranks of two sorted samples (`scipy.stats.rankdata(method="average")`).
enum Ranks {
    /// Ranks of each element of sorted `a` and sorted `b` in the pooled sample, plus the tie-group sizes.
    static func pooled(sortedA a: [Double], sortedB b: [Double]) -> (a: [Double], b: [Double], ties: [Int]) {
        var ra = [Double](repeating: 0, count: a.count)
        var rb = [Double](repeating: 0, count: b.count)
        var ties = [Int]()
        var i = 0, j = 0, rank = 0
        while i < a.count || j < b.count {
            let v = min(i < a.count ? a[i] : .infinity, j < b.count ? b[j] : .infinity)
            var ia = i, jb = j
            while ia < a.count && a[ia] == v { ia += 1 }
            while jb < b.count && b[jb] == v { jb += 1 }
            let t = (ia - i) + (jb - j)
            let mid = Double(rank) + Double(t + 1) / 2
            for k in i..<ia { ra[k] = mid }
            for k in j..<jb { rb[k] = mid }
            ties.append(t)
            rank += t
            i = ia; j = jb
        }
        return (ra, rb, ties)
    }
}
