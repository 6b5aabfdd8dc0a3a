/// `descent audit`'s checks over a training split and an optional test split, in a fixed order.
///
/// Label issues need predicted probabilities for each training row, out of fold: from
/// `--pred-probs`, or from the cross-validated model the command trains (DescentCLI's
/// `OutOfFoldProbabilities`); without them `label_issues` is not run.
public struct DataAudit: Sendable {
    /// The training split.
    public let train: Table
    /// The test split, if any.
    public let test: Table?
    /// The label column.
    public let label: String
    /// The training labels.
    public let labels: AuditLabels
    /// Fingerprints of the splits.
    public let trainFingerprint: DatasetFingerprint
    public let testFingerprint: DatasetFingerprint?
    /// The predicted probabilities `label_issues` used, if any.
    public let probabilities: PredictedProbabilities?
    /// Every finding, in check order.
    public let findings: [AuditFinding]

    /// Runs every check. Throws when `label` is not a column of `train`.
    public init(train: Table, test: Table?, label: String, probabilities: PredictedProbabilities? = nil) throws(AuditInputError) {
        let labels = try AuditLabels(train, column: label)
        self.train = train
        self.test = test
        self.label = label
        self.labels = labels
        self.probabilities = probabilities
        trainFingerprint = DatasetFingerprint(train)
        testFingerprint = test.map(DatasetFingerprint.init)

        let splits: [(Table, AuditSplit)] = [(train, .train)] + (test.map { [($0, .test)] } ?? [])
        var findings: [AuditFinding] = []
        let features = AuditFeatures(fitting: train, exclude: [label])
        let trainMatrix = features.matrix(train)
        let featureColumns = features.columnNames
        if let f = ClassImbalance.finding(labels, column: label) { findings.append(f) }
        for (table, split) in splits {
            if let f = MissingValues.finding(table, split: split) { findings.append(f) }
            if let f = InfiniteValues.finding(table, split: split) { findings.append(f) }
        }
        for (table, split) in splits {
            if let f = ConstantColumns.finding(table, split: split, exclude: [label]) { findings.append(f) }
        }
        for (table, split) in splits {
            if let f = DuplicateRows.finding(table, split: split) { findings.append(f) }
        }
        let testMatrix = test.map { features.matrix($0) }
        // One 10-nearest-neighbour graph per split serves the near-duplicate and outlier checks.
        var trainGraph: NearestNeighbors?
        for (table, split) in splits {
            let matrix = split == .train ? trainMatrix : testMatrix!
            let graph = NearestNeighbors(query: matrix, reference: matrix, width: features.width, k: 10,
                                         metric: .cleanlabDefault(width: features.width), excludingSelf: true)
            if split == .train { trainGraph = graph }
            let keys = CanonicalCell.rowKeys(table, columns: table.columnNames)
            if let f = NearDuplicateRows.finding(graph: graph, exactKeys: keys, columns: featureColumns, split: split) {
                findings.append(f)
            }
        }
        if let test, let testMatrix,
           let f = TrainTestLeakage.finding(train: train, test: test, label: label, trainFeatures: trainMatrix, testFeatures: testMatrix, width: features.width,
                                                trainNearest: trainGraph?.nearestDistances) {
            findings.append(f)
        }
        if let f = TargetLeakage.finding(train, label: label, labels: labels) { findings.append(f) }
        if let test {
            if let f = SplitConsistency.newCategories(train: train, test: test) { findings.append(f) }
            if let f = SplitConsistency.typeMismatch(train: train, test: test) { findings.append(f) }
        }
        if let probabilities, let f = probabilities.finding(labels, column: label) { findings.append(f) }
        if let trainGraph, train.rowCount > 10,
           let f = KNearestNeighborOutliers.finding(graph: trainGraph, width: features.width, columns: featureColumns, split: .train) {
            findings.append(f)
        }
        for (table, split) in splits {
            if let f = PIIScan.finding(table, split: split) { findings.append(f) }
        }
        self.findings = findings
    }

    /// Whether a finding at `severity` or above exists.
    public func hasFinding(atLeast severity: AuditSeverity) -> Bool {
        findings.contains { $0.severity >= severity }
    }
}
