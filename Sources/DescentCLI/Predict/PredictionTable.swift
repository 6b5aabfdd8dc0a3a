import DescentCore
import DescentData
import Foundation

/// `descent predict`'s CSV: `row` (from 1), `label` (the true label, empty when unknown),
/// then `p_<class>` per class (softmax of the logits) for classifiers, or `prediction`
/// (`label_<j>`, `prediction_<j>` for several outputs) for regressors. Numbers are written
/// as the shortest text that reads back as the same float32; a NaN output as `nan`.
struct PredictionTable {
    let outputs: Tensor
    let targets: Tensor?
    let preprocessing: FeaturePreprocessing

    var header: [String] {
        let width = outputs.shape.last ?? 0
        if let classes = preprocessing.classCount {
            let names = preprocessing.classNames ?? (0..<classes).map(String.init)
            return ["row", "label"] + names.map { "p_\($0)" }
        }
        if width == 1 { return ["row", "label", "prediction"] }
        return ["row"] + (0..<width).map { "label_\($0)" } + (0..<width).map { "prediction_\($0)" }
    }

    var csv: String {
        let rows = outputs.shape.first ?? 0
        let width = outputs.shape.last ?? 0
        var text = header.map(Self.field).joined(separator: ",") + "\n"
        text.reserveCapacity(rows * (width + 2) * 12)
        if let classes = preprocessing.classCount {
            let names = preprocessing.classNames ?? (0..<classes).map(String.init)
            let probabilities = outputs.softmax(alongAxis: -1).scalars
            for row in 0..<rows {
                var line = "\(row + 1),"
                if let targets { line += Self.field(names[Int(targets.scalars[row])]) }
                for j in 0..<width { line += "," + Self.number(probabilities[row * width + j]) }
                text += line + "\n"
            }
        } else {
            let values = outputs.scalars
            for row in 0..<rows {
                var line = "\(row + 1)"
                for j in 0..<width { line += "," + (targets.map { Self.number($0.scalars[row * width + j]) } ?? "") }
                for j in 0..<width { line += "," + Self.number(values[row * width + j]) }
                text += line + "\n"
            }
        }
        return text
    }

    /// A float32 as the shortest text that reads back as itself; `nan`, `inf`, `-inf` otherwise.
    static func number(_ x: Float) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        return "\(x)"
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
