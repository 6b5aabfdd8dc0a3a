/// Mean and population standard deviation computed as numpy does (two passes).
enum Moments {
    static func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }
    static func standardDeviation(_ x: [Double]) -> Double {
        let m = mean(x)
        var s = 0.0
        for v in x { s += (v - m) * (v - m) }
        return (s / Double(x.count)).squareRoot()
    }
}
