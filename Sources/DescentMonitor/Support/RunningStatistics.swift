/// River's running mean (`river.stats.Mean`), with the same floating-point operation order.
struct RunningMean: Sendable {
    var n = 0.0
    var mean = 0.0
    @inline(__always) mutating func update(_ x: Double) {
        n += 1
        mean += (1 / n) * (x - mean)
    }
}

/// River's running variance (`river.stats.Var`, ddof = 1), Welford's update.
struct RunningVariance: Sendable {
    var mean = RunningMean()
    var s = 0.0
    @inline(__always) mutating func update(_ x: Double) {
        let old = mean.mean
        mean.update(x)
        s += (x - old) * (x - mean.mean)
    }
    var variance: Double { mean.n > 1 ? s / (mean.n - 1) : 0 }
}
