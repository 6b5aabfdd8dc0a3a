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
///
/// With sample weights (torchmetrics has none), each bin's accuracy and confidence are
/// weighted means over its rows and the bin counts by its share of the total weight:
/// `ECE = sum_b |acc_b - conf_b| * W_b / W`, which is the unweighted form when every weight
/// is 1 (checked against a weighted reference in scripts/fixtures/eval_metrics.py).
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

    /// Per-bin sums, merged across row blocks: rows, their weight, and the weighted sums of
    /// confidence and correctness (weights of 1 when unweighted, so the sums are the counts).
    struct BinTotals: Sendable {
        var count = [Int](repeating: 0, count: bins + 1)
        var weight = [Double](repeating: 0, count: bins + 1)
        var confidence = [Double](repeating: 0, count: bins + 1)
        var correct = [Double](repeating: 0, count: bins + 1)

        @inline(__always)
        mutating func add(bin b: Int, confidence c: Double, correct right: Bool, weight w: Double) {
            count[b] &+= 1
            weight[b] += w
            confidence[b] += w * c
            if right { correct[b] += w }
        }

        mutating func add(_ other: BinTotals) {
            for b in 0...bins {
                count[b] += other.count[b]
                weight[b] += other.weight[b]
                confidence[b] += other.confidence[b]
                correct[b] += other.correct[b]
            }
        }

        /// ECE and the reliability diagram; `total` is the weight of all rows. A bin whose
        /// rows weigh 0 has no mean confidence or accuracy and adds nothing.
        func result(total: Double) -> (ece: Double, diagram: [ReliabilityBin]) {
            var ece = 0.0
            var diagram: [ReliabilityBin] = []
            for b in 0...bins {
                let lower = boundaries[b], upper = b < bins ? boundaries[b + 1] : 1
                guard weight[b] > 0 else {
                    diagram.append(ReliabilityBin(lower: lower, upper: upper, count: count[b], confidence: nil, accuracy: nil))
                    continue
                }
                let conf = confidence[b] / weight[b], acc = correct[b] / weight[b]
                ece += abs(acc - conf) * weight[b] / total
                diagram.append(ReliabilityBin(lower: lower, upper: upper, count: count[b], confidence: conf, accuracy: acc))
            }
            return (ece, diagram)
        }
    }

    /// Equal-width ECE and the reliability diagram of these rows, weighted by `weights`
    /// when given (weighted bin means, each bin counting by its share of the total weight).
    public static func equalWidth(confidence: [Double], correct: [Bool], weights: [Double]? = nil) -> (ece: Double, diagram: [ReliabilityBin]) {
        var totals = BinTotals()
        var total = 0.0
        for i in confidence.indices {
            let w = weights?[i] ?? 1
            totals.add(bin: bin(confidence[i]), confidence: confidence[i], correct: correct[i], weight: w)
            total += w
        }
        return totals.result(total: total)
    }

    /// Equal-mass ECE of these rows (confidences must be non-negative). With `weights`, the
    /// parts still hold equal numbers of rows (sorted by confidence, then correctness, then
    /// row, as numpy's stable `lexsort`), and each part's means and share are weighted.
    public static func equalMass(confidence: [Double], correct: [Bool], weights: [Double]? = nil) -> Double {
        let n = confidence.count
        guard n > 0 else { return 0 }
        let base = n / bins, extra = n % bins
        if let weights {
            let order = (0..<n).sorted { a, b in
                if confidence[a] != confidence[b] { return confidence[a] < confidence[b] }
                if correct[a] != correct[b] { return !correct[a] }
                return a < b
            }
            let total = weights.reduce(0, +)
            var ece = 0.0, start = 0
            for part in 0..<bins {
                let size = base + (part < extra ? 1 : 0)
                var weight = 0.0, confSum = 0.0, right = 0.0
                for i in order[start..<(start + size)] {
                    weight += weights[i]
                    confSum += weights[i] * confidence[i]
                    if correct[i] { right += weights[i] }
                }
                if weight > 0 { ece += abs(right / weight - confSum / weight) * weight / total }
                start += size
            }
            return ece
        }
        let keys = RadixSort.confidenceKeys(confidence: confidence, correct: correct)
        var ece = 0.0, start = 0
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
