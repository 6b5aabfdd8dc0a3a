/// Selective prediction: keep the rows whose top-class confidence reaches a threshold and
/// defer the rest to a person. Accuracy against coverage, and the threshold that reaches a
/// target accuracy.
public struct SelectivePrediction: Sendable {
    /// One point of the accuracy-coverage curve: the rows with confidence ≥ `threshold`
    /// cover `coverage` of all rows and are right `accuracy` of the time.
    public struct Point: Sendable, Equatable, Codable {
        public var threshold: Double
        public var coverage: Double
        public var accuracy: Double
    }

    /// The curve at every distinct confidence, from the highest down (ties kept together).
    public let points: [Point]
    /// The area under the risk-coverage curve (risk = 1 - accuracy), averaged over rows
    /// taken in order of confidence, ties as groups: lower is better.
    public let aurc: Double

    /// The curve of these rows (confidences non-negative).
    public init(confidence: [Double], correct: [Bool]) {
        let n = confidence.count
        var points: [Point] = []
        var aurc = 0.0
        if n > 0 {
            let keys = RadixSort.confidenceKeys(confidence: confidence, correct: correct)
            var end = n, taken = 0, right = 0
            while end > 0 {
                let score = keys[end - 1] >> 1
                var start = end - 1
                while start > 0 && keys[start - 1] >> 1 == score { start -= 1 }
                for j in start..<end { right += Int(keys[j] & 1) }
                let size = end - start
                taken += size
                let accuracy = Double(right) / Double(taken)
                aurc += (1 - accuracy) * Double(size)
                points.append(Point(threshold: Double(bitPattern: score), coverage: Double(taken) / Double(n), accuracy: accuracy))
                end = start
            }
            aurc /= Double(n)
        }
        self.points = points
        self.aurc = aurc
    }

    /// At most `count` points spread evenly over coverage (the first point reaching each
    /// step of `1 / count`), for plots and reports.
    public func sampled(_ count: Int = 100) -> [Point] {
        guard points.count > count else { return points }
        var out: [Point] = []
        var index = 0
        for step in 1...count {
            let target = Double(step) / Double(count)
            while index < points.count - 1 && points[index].coverage < target { index += 1 }
            if out.last != points[index] { out.append(points[index]) }
        }
        return out
    }

    /// The lowest threshold whose kept rows reach `targetAccuracy` (the largest coverage
    /// that does), or nil when no threshold does.
    public func threshold(reaching targetAccuracy: Double) -> Double? {
        points.last { $0.accuracy >= targetAccuracy }?.threshold
    }

    /// Coverage and accuracy (nil when nothing is kept) of the rows with confidence ≥ `threshold`.
    public static func apply(threshold: Double, confidence: [Double], correct: [Bool]) -> (coverage: Double, accuracy: Double?) {
        var kept = 0, right = 0
        for i in confidence.indices where confidence[i] >= threshold {
            kept += 1
            right += correct[i] ? 1 : 0
        }
        return (Double(kept) / Double(max(confidence.count, 1)), kept > 0 ? Double(right) / Double(kept) : nil)
    }
}
