import DescentMonitor

/// `descent drift --json`: the dataset verdict, one entry per column and, with
/// `--multivariate`, the multivariate tests.
struct DriftJSON: JSONReport {
    var drift: Bool
    var driftShare: Double
    var driftShareThreshold: Double
    var numberOfColumns: Int
    var numberOfTestedColumns: Int
    var numberOfDriftedColumns: Int
    var columns: [Column]
    var multivariate: Multivariate?

    init(_ report: DriftReport, multivariate multi: MultivariateDrift? = nil) {
        drift = report.drift || multi?.drift == true
        driftShare = report.driftShare
        driftShareThreshold = report.driftShareThreshold
        numberOfColumns = report.columns.count
        numberOfTestedColumns = report.testedCount
        numberOfDriftedColumns = report.driftedCount
        columns = report.columns.map(Column.init)
        multivariate = multi.map(Multivariate.init)
    }

    enum CodingKeys: String, CodingKey {
        case drift, columns, multivariate, driftShare = "drift_share", driftShareThreshold = "drift_share_threshold"
        case numberOfColumns = "number_of_columns", numberOfTestedColumns = "number_of_tested_columns"
        case numberOfDriftedColumns = "number_of_drifted_columns"
    }

    struct Column: Encodable {
        var name: String
        var type: String
        @Null var test: String?
        @Null var statistic: Double?
        @Null var pValue: Double?
        @Null var threshold: Double?
        @Null var drifted: Bool?
        var referenceCount: Int
        var currentCount: Int
        var referenceMissing: Int
        var currentMissing: Int
        var notTestable: String?

        init(_ c: ColumnDrift) {
            name = c.name
            type = c.type.rawValue
            test = c.test?.rawValue
            statistic = finite(c.statistic)
            pValue = finite(c.pValue)
            threshold = finite(c.threshold)
            drifted = c.drifted
            referenceCount = c.referenceCount
            currentCount = c.currentCount
            referenceMissing = c.referenceMissing
            currentMissing = c.currentMissing
            notTestable = c.notTestableReason
        }

        enum CodingKeys: String, CodingKey {
            case name, type, test, statistic, threshold, drifted, pValue = "p_value", notTestable = "not_testable"
            case referenceCount = "reference_count", currentCount = "current_count"
            case referenceMissing = "reference_missing", currentMissing = "current_missing"
        }
    }

    struct Multivariate: JSONReport {
        var drift: Bool
        var features: [String]
        var pcaReconstruction: Reconstruction
        var domainClassifier: Classifier

        init(_ m: MultivariateDrift) {
            drift = m.drift
            features = m.features
            pcaReconstruction = Reconstruction(m.reconstruction)
            domainClassifier = Classifier(drift: m.classifier.drift, auc: finite(m.classifier.auc),
                                          foldAucs: m.classifier.foldAUCs.map { finite($0) }, threshold: finite(m.classifier.threshold))
        }

        enum CodingKeys: String, CodingKey {
            case drift, features, pcaReconstruction = "pca_reconstruction", domainClassifier = "domain_classifier"
        }
    }

    struct Reconstruction: Encodable {
        var drift: Bool
        var components: Int
        @Null var explainedVariance: Double?
        @Null var referenceError: Double?
        @Null var currentError: Double?
        @Null var lowerThreshold: Double?
        @Null var upperThreshold: Double?
        var currentChunks: [Chunk]

        init(_ r: PCAReconstructionDrift) {
            drift = r.drift
            components = r.components
            explainedVariance = finite(r.explainedVariance)
            referenceError = finite(r.referenceError)
            currentError = finite(r.currentError)
            lowerThreshold = finite(r.lowerThreshold)
            upperThreshold = finite(r.upperThreshold)
            currentChunks = r.currentChunks.map { Chunk(start: $0.rows.lowerBound, end: $0.rows.upperBound, error: finite($0.error), alert: $0.alert) }
        }

        enum CodingKeys: String, CodingKey {
            case drift, components, explainedVariance = "explained_variance", currentChunks = "current_chunks"
            case referenceError = "reference_error", currentError = "current_error"
            case lowerThreshold = "lower_threshold", upperThreshold = "upper_threshold"
        }
    }

    struct Chunk: Encodable {
        var start: Int
        var end: Int
        @Null var error: Double?
        var alert: Bool
    }

    struct Classifier: Encodable {
        var drift: Bool
        @Null var auc: Double?
        var foldAucs: [Double?]
        @Null var threshold: Double?

        enum CodingKeys: String, CodingKey { case drift, auc, threshold, foldAucs = "fold_aucs" }
    }
}

/// `descent drift stream --json`: the detector, its parameters and where it fired.
struct DriftStreamJSON: JSONReport {
    var detector: String
    var parameters: [String: JSONScalar]
    var warnings: [Int]
    var drifts: [Int]
}
