/// Expected calibration error, L1 form: `ECE = sum_b |accuracy_b - confidence_b| * n_b / n`
/// over bins of the top-class confidence.
///
/// Equal width (``equalWidth(confidence:correct:)``) follows torchmetrics 1.9's
/// `MulticlassCalibrationError(n_bins=15, norm="l1")` exactly: boundaries
/// `torch.linspace(0, 1, 16)`, bin `i` holding confidences in `[b_i, b_(i+1))`
/// (`torch.bucketize(right=True)`, so each bin is closed on the left), and a confidence of
/// exactly 1 counted in a 16th bin of its own. Equal mass (``equalMass(confidence:correct:)``)
/// sorts the rows by (confidence, correct) and cuts them into 15 parts whose sizes differ
/// by at most one, the larger first (numpy's `array_split`).
public enum CalibrationError {
    /// The number of bins.
    public static let bins = 15

    /// `torch.linspace(0, 1, 16)` bit for bit: the first half counts up from 0 by the
    /// step, the second half down from 1 with a fused multiply-add, as torch's vectorised
    /// CPU kernel does (without the fusion, boundary 10 would be 2/3 rounded up, one ulp above torch's).
    public static let boundaries: [Double] = {
        let step: Double = 1.0 / Double(bins)
        var values: [Double] = []
        for i in 0...bins {
            let value: Double = i < (bins + 1) / 2 ? Double(i) * step : 1.0.addingProduct(-step, Double(bins - i))
            values.append(value)
        }
        return values
    }()

    /// The bin of a confidence: 0..<15, or 15 for a confidence of 1 or more.
    @inline(__always)
    public static func bin(_ confidence: Double) -> Int {
        var j = min(max(Int(confidence * Double(bins)), 0), bins)
        while j < bins && confidence >= boundaries[j + 1] { j += 1 }
        while j > 0 && confidence < boundaries[j] { j -= 1 }
        return j
    }

    /// Per-bin sums, merged across row blocks.
    struct BinTotals: Sendable {
        var count = [Int](repeating: 0, count: bins + 1)
        var confidence = [Double](repeating: 0, count: bins + 1)
        var correct = [Int](repeating: 0, count: bins + 1)

        mutating func add(_ other: BinTotals) {
            for b in 0...bins {
                count[b] += other.count[b]
                confidence[b] += other.confidence[b]
                correct[b] += other.correct[b]
            }
        }

        /// ECE and the reliability diagram.
        func result(rows: Int) -> (ece: Double, diagram: [ReliabilityBin]) {
            var ece = 0.0
            var diagram: [ReliabilityBin] = []
            for b in 0...bins {
                let lower = boundaries[b], upper = b < bins ? boundaries[b + 1] : 1
                guard count[b] > 0 else {
                    diagram.append(ReliabilityBin(lower: lower, upper: upper, count: 0, confidence: nil, accuracy: nil))
                    continue
                }
                let conf = confidence[b] / Double(count[b]), acc = Double(correct[b]) / Double(count[b])
                ece += abs(acc - conf) * Double(count[b]) / Double(rows)
                diagram.append(ReliabilityBin(lower: lower, upper: upper, count: count[b], confidence: conf, accuracy: acc))
            }
            return (ece, diagram)
        }
    }

    /// Equal-width ECE and the reliability diagram of these rows.
    public static func equalWidth(confidence: [Double], correct: [Bool]) -> (ece: Double, diagram: [ReliabilityBin]) {
        var totals = BinTotals()
        for i in confidence.indices {
            let b = bin(confidence[i])
            totals.count[b] += 1
            totals.confidence[b] += confidence[i]
            totals.correct[b] += correct[i] ? 1 : 0
        }
        return totals.result(rows: confidence.count)
    }

    /// Equal-mass ECE of these rows (confidences must be non-negative).
    public static func equalMass(confidence: [Double], correct: [Bool]) -> Double {
        let n = confidence.count
        guard n > 0 else { return 0 }
        let keys = RadixSort.confidenceKeys(confidence: confidence, correct: correct)
        var ece = 0.0, start = 0
        let base = n / bins, extra = n % bins
        for part in 0..<bins {
            let size = base + (part < extra ? 1 : 0)
            guard size > 0 else { continue }
            var confSum = 0.0, right = 0
            for j in start..<(start + size) {
                confSum += Double(bitPattern: keys[j] >> 1)
                right += Int(keys[j] & 1)
            }
            ece += abs(Double(right) / Double(size) - confSum / Double(size)) * Double(size) / Double(n)
            start += size
        }
        return ece
    }
}
