/// One bin of a reliability diagram: the rows whose top-class confidence falls in
/// `[lower, upper)` (the last bin, `[1, 1]`, holds confidences of exactly 1 or more),
/// their mean confidence and their accuracy (nil when the bin is empty).
public struct ReliabilityBin: Sendable, Equatable, Codable {
    public var lower: Double
    public var upper: Double
    public var count: Int
    public var confidence: Double?
    public var accuracy: Double?

    public init(lower: Double, upper: Double, count: Int, confidence: Double?, accuracy: Double?) {
        self.lower = lower
        self.upper = upper
        self.count = count
        self.confidence = confidence
        self.accuracy = accuracy
    }
}
