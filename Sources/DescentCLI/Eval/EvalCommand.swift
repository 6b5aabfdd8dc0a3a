import ArgumentParser
import DescentData
import DescentEval
import Foundation

/// `descent eval`: metrics, calibration, slices, selective prediction and robustness of a
/// model's predictions or of a trained run.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a model: metrics equal to scikit-learn's, calibration, slices, selective prediction, robustness.",
        discussion: """
        Classification predictions are a CSV file with the label column and one probability column per class, named p_<class> (--proba-prefix to change); regression predictions a label and a --prediction column. A trained run (--run) is evaluated on its test split, or on --data, and also under input noise, FGSM and PGD.

        Metrics: accuracy, balanced accuracy, precision/recall/F1 (macro, micro, weighted), ROC-AUC (one-vs-rest, macro), average precision, log loss, Brier, ECE (15 equal-width bins, torchmetrics' MulticlassCalibrationError L1) and equal-mass ECE; regression: MAE, RMSE, MAPE, median absolute error, R². Temperature scaling and the selective threshold are fitted on a validation part (a run's validation split, or --validation-fraction of the rows) and scored on the rest.

        Slices (--slices): columns of the predictions file; with --run, columns of the evaluated CSV data (the run's own CSV file, its test rows, or --data csv:FILE), including columns the model does not use; `label` slices by the true class on any data (for regression, quantile bins of the target). Sample weights (--sample-weight COL, a numeric column of the same file) weight every metric as scikit-learn's sample_weight does, the ECE as weighted bin means; the confusion matrix stays in rows, temperature scaling and selective prediction are unweighted.

        Robustness sizes are multiples of the inputs' standard deviation: Gaussian noise of deviation s (--noise), FGSM x + eps sign(grad) and PGD from x, --pgd-steps steps of 2.5 eps / steps projected onto the L-infinity ball of radius eps (--epsilons).

        Examples:
          descent eval --predictions preds.csv --label y
          descent eval --predictions preds.csv --label y --slices region,age --target-accuracy 0.95 --html report.html --json
          descent eval --predictions preds.csv --label price --prediction predicted_price
          descent eval --predictions preds.csv --label y --sample-weight w
          descent eval --run runs/a --json
          descent eval --run runs/a --data csv:new.csv --slices region,label --sample-weight w

        Exit status: 0 success, 2 bad input (one line on standard error; nothing written).
        """
    )

    @Option(help: "A CSV file of predictions: the label column and p_<class> probability columns (or --prediction).") var predictions: String?
    @Option(help: "The label column of --predictions.") var label: String?
    @Option(help: "The prefix of the probability columns (default p_).") var probaPrefix: String = "p_"
    @Option(help: "The predicted value column, for regression.") var prediction: String?
    @Option(name: .customLong("run"), help: "A run folder written by descent train: its model is evaluated on its test split.") var runFolder: String?
    @Option(help: "With --run: evaluate on this data instead of the test split (a --data spec of descent train).") var data: String?
    @Option(help: "Columns to slice on, comma-separated (numeric columns binned into quantiles): of --predictions, or with --run of the evaluated CSV data; `label`: the true class.") var slices: String?
    @Option(help: "A numeric column of sample weights (of --predictions, or with --run of the evaluated CSV data).") var sampleWeight: String?
    @Option(help: "Quantile bins of a numeric slice column (default 4).") var sliceBins: Int?
    @Option(help: "Bootstrap resamples for the slices' 95% intervals (default 200; 0: none).") var bootstrap: Int?
    @Option(help: "Seed of the bootstrap, the validation split and the noise (default 0).") var seed: UInt64?
    @Option(help: "Share of the predictions' rows held out to fit temperature scaling and the selective threshold (default 0.5).") var validationFraction: Double?
    @Option(help: "The accuracy the selective threshold must reach on the validation part.") var targetAccuracy: Double?
    @Option(help: "With --run: Gaussian noise deviations, comma-separated (default 0,0.1,0.25,0.5,1).") var noise: NumberList?
    @Option(help: "With --run: L-infinity radii of FGSM and PGD, comma-separated (default 0.01,0.03,0.1,0.3).") var epsilons: NumberList?
    @Option(help: "With --run: PGD steps (default 10).") var pgdSteps: Int?
    @Option(help: "With --run: rows attacked, the first ones (default 2000).") var robustnessRows: Int?
    @Option(help: "Field delimiter (one character).") var delimiter: String = ","
    @Option(help: "Write a self-contained HTML report to this file.") var html: String?
    @OptionGroup var compute: ComputeOptions
    @Flag(help: "Print one JSON object instead of the table.") var json = false

    func run() throws {
        let report = try CommandFailure.run("eval") { try compute.run { try evaluate() } }
        Console.emit(json ? report.json.text : report.text + (sampleWeight.map { "\nmetrics weighted by column \($0)" } ?? ""))
    }

    /// What was evaluated, for the outputs.
    enum Report {
        case classification(ClassificationEvaluation, classes: [String], source: String)
        case regression(RegressionEvaluation, source: String)

        var json: EvalJSON {
            switch self {
            case .classification(let e, let classes, _): EvalJSON(e, classes: classes)
            case .regression(let e, _): EvalJSON(e)
            }
        }

        var text: String {
            switch self {
            case .classification(let e, let classes, _): EvalTable.render(e, classes: classes)
            case .regression(let e, _): EvalTable.render(e)
            }
        }
    }

    func evaluate() throws -> Report {
        let options = EvaluationOptions(
            bootstrap: try OptionRange.integer(bootstrap, "--bootstrap", default: 200) { $0 >= 0 && $0 <= 100_000 },
            seed: seed ?? 0,
            validationFraction: try OptionRange.number(validationFraction, "--validation-fraction", default: 0.5) { $0 > 0 && $0 < 1 },
            targetAccuracy: try targetAccuracy.map { try OptionRange.number($0, "--target-accuracy", default: 0) { $0 > 0 && $0 <= 1 } })
        let bins = try OptionRange.integer(sliceBins, "--slice-bins", default: 4) { $0 >= 1 && $0 <= 100 }
        let report: Report
        if let runFolder {
            guard predictions == nil else { throw CommandFailure("give --run or --predictions, not both") }
            guard label == nil, prediction == nil else { throw CommandFailure("--label and --prediction go with --predictions; a run knows its label") }
            report = try evaluateRun(runFolder, bins: bins, options: options)
        } else {
            guard let predictions else { throw CommandFailure("missing --predictions FILE (or --run DIR)") }
            guard let label else { throw CommandFailure("missing --label COLUMN") }
            guard data == nil else { throw CommandFailure("--data goes with --run") }
            for (flag, given) in [("--noise", noise != nil), ("--epsilons", epsilons != nil), ("--pgd-steps", pgdSteps != nil), ("--robustness-rows", robustnessRows != nil)] where given {
                throw CommandFailure("\(flag) needs --run (robustness attacks a model)")
            }
            report = try evaluatePredictions(predictions, label: label, bins: bins, options: options)
        }
        if let html {
            let title: String
            switch report {
            case .classification(_, _, let source), .regression(_, let source):
                title = "Evaluation: \(source)" + (sampleWeight.map { ", metrics weighted by column \($0)" } ?? "")
            }
            let page: String
            switch report {
            case .classification(let e, let classes, _): page = HTMLEvalReport(classification: e, classes: classes, title: title).render()
            case .regression(let e, _): page = HTMLEvalReport(regression: e, title: title).render()
            }
            try OutputFile.write(page, to: html)
        }
        return report
    }

    func evaluatePredictions(_ path: String, label: String, bins: Int, options: EvaluationOptions) throws -> Report {
        let delim = try OptionRange.delimiter(delimiter)
        let ordered = try CSVHeader.names(path, delimiter: delim)
        let header = Set(ordered)
        guard header.contains(label) else {
            throw CSVError(source: path, column: label, reason: "no such column (columns: \(header.sorted().joined(separator: ", ")))")
        }
        let sliceColumns = try self.sliceColumns()
        for column in sliceColumns where !header.contains(column) {
            throw CSVError(source: path, column: column, reason: "no such column to slice on (columns: \(header.sorted().joined(separator: ", ")))")
        }
        if let sampleWeight {
            guard header.contains(sampleWeight) else {
                throw CSVError(source: path, column: sampleWeight, reason: "no such column for --sample-weight (columns: \(header.sorted().joined(separator: ", ")))")
            }
            guard sampleWeight != label && sampleWeight != prediction else {
                throw CommandFailure("--sample-weight \(sampleWeight) is the \(sampleWeight == label ? "label" : "prediction") column")
            }
            guard prediction != nil || !(sampleWeight.hasPrefix(probaPrefix) && sampleWeight.count > probaPrefix.count) else {
                throw CommandFailure("--sample-weight \(sampleWeight) is a probability column (named \(probaPrefix)<class>); name a column of weights")
            }
        }
        let weightColumn = sampleWeight.map { [$0] } ?? []
        let table: Table
        if let prediction {
            guard header.contains(prediction) else {
                throw CSVError(source: path, column: prediction, reason: "no such column (columns: \(header.sorted().joined(separator: ", ")))")
            }
            var types: [String: ColumnType] = [label: .numeric, prediction: .numeric]
            if let sampleWeight { types[sampleWeight] = .numeric }
            let wanted = Self.unique([label, prediction] + weightColumn + sliceColumns)
            table = try CSVReader(delimiter: delim, typeOverrides: types, selectedColumns: wanted).read(path: path)
            let (y, yhat) = try PredictionsFile.regression(table, label: label, prediction: prediction)
            let weights = try PredictionsFile.sampleWeights(table, sampleWeight)
            let sliced = try sliceColumns.flatMap { try Slice.slices(of: table[$0]!, bins: bins, source: path) }
            try Slice.requireWeight(sliced, weights: weights?.values, source: path)
            return .regression(RegressionEvaluation(labels: y, predictions: yhat, weights: weights, slices: sliced, options: options), source: path)
        }
        let probabilityColumns = header.filter { $0.hasPrefix(probaPrefix) && $0 != label && $0 != sampleWeight && $0.count > probaPrefix.count }
        // The label keeps its inferred type: numbers are matched as numbers, without a string per row.
        var types: [String: ColumnType] = [:]
        for column in probabilityColumns + weightColumn { types[column] = .numeric }
        // The file's column order decides the class order.
        let wanted = Self.unique([label] + ordered.filter { probabilityColumns.contains($0) } + weightColumn + sliceColumns)
        table = try CSVReader(delimiter: delim, typeOverrides: types, selectedColumns: wanted).read(path: path)
        let predictions = try PredictionsFile.classification(table, label: label, prefix: probaPrefix, weights: sampleWeight)
        let sliced = try sliceColumns.flatMap { try Slice.slices(of: table[$0]!, bins: bins, source: path) }
        try Slice.requireWeight(sliced, weights: predictions.weights, source: path)
        return .classification(ClassificationEvaluation(predictions, slices: sliced, options: options), classes: predictions.classes, source: path)
    }

    /// The `--slices` columns, in order, without repeats.
    func sliceColumns() throws -> [String] {
        guard let slices else { return [] }
        let columns = Self.unique(KeyValue.list(slices))
        if columns.isEmpty { throw CommandFailure("--slices is empty") }
        return columns
    }

    /// `names` without repeats, in first-seen order.
    static func unique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    func evaluateRun(_ folder: String, bins: Int, options: EvaluationOptions) throws -> Report {
        let loaded = try EvalRun.load(folder: folder, data: data)
        let source = data ?? "\(folder) (test split)"
        let (sliced, weights) = try EvalRunColumns.read(loaded, slices: try sliceColumns(), sampleWeight: sampleWeight, bins: bins)
        switch loaded.evaluated.task {
        case .regression:
            for (flag, given) in [("--noise", noise != nil), ("--epsilons", epsilons != nil), ("--pgd-steps", pgdSteps != nil)] where given {
                throw CommandFailure("\(flag): robustness is measured on classifiers; \(folder) is a regression run")
            }
            let y = loaded.evaluated.targets.scalars.map(Double.init)
            let yhat = loaded.outputs(loaded.evaluated).scalars.map(Double.init)
            return .regression(RegressionEvaluation(labels: y, predictions: yhat, weights: weights, slices: sliced, options: options), source: source)
        case .classification:
            let robustness = RobustnessOptions(
                noise: try NumberList.nonNegative(noise, "--noise", default: RobustnessOptions().noise),
                epsilons: try NumberList.nonNegative(epsilons, "--epsilons", default: RobustnessOptions().epsilons),
                pgdSteps: try OptionRange.integer(pgdSteps, "--pgd-steps", default: 10) { $0 >= 1 && $0 <= 1000 },
                maximumRows: try OptionRange.integer(robustnessRows, "--robustness-rows", default: 2000) { $0 >= 1 },
                seed: options.seed)
            let predictions = try loaded.predictions(loaded.evaluated, weights: weights)
            let validation = loaded.validation.count > 0 ? try loaded.predictions(loaded.validation) : nil
            var evaluation = ClassificationEvaluation(predictions, validation: validation, slices: sliced, options: options)
            evaluation.robustness = Robustness.evaluate(
                model: loaded.network, parameters: loaded.parameters, inputs: loaded.evaluated.features,
                labels: loaded.evaluated.targets.scalars.map { Int($0) }, options: robustness)
            return .classification(evaluation, classes: predictions.classes, source: source)
        }
    }
}
