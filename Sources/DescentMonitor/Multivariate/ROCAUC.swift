/// Area under the ROC curve from scores and binary labels, with ties counted half
/// (the Mann–Whitney form; equal to scikit-learn's `roc_auc_score`).
public enum ROCAUC {
    /// AUC of `scores` for separating `labels == true` from `labels == false`.
    public static func auc(scores: [Double], labels: [Bool]) -> Double {
        precondition(scores.count == labels.count)
        guard !scores.contains(where: \.isNaN) else { return .nan }  // NaN has no rank (scikit-learn raises)
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSumPositive = 0.0
        var positives = 0.0
        var i = 0
        while i < order.count {
            var j = i + 1
            while j < order.count && scores[order[j]] == scores[order[i]] { j += 1 }
            let midrank = Double(i + j + 1) / 2
            for k in i..<j where labels[order[k]] { rankSumPositive += midrank; positives += 1 }
            i = j
        }
        let negatives = Double(scores.count) - positives
        guard positives > 0 && negatives > 0 else { return .nan }
        return (rankSumPositive - positives * (positives + 1) / 2) / (positives * negatives)
    }
}
