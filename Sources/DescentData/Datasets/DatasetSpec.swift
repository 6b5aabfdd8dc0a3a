import DescentNN
import Foundation

/// A dataset named on the command line (`--data`), parsed from text such as `digits`, `moons:n=500,noise=0.2` or `csv:train.csv`.
///
/// Grammar: `NAME` or `NAME:OPTIONS`, where options are `key=value` pairs separated by
/// commas for the generators, and a path for the file formats:
///
/// | spec | data |
/// | --- | --- |
/// | `digits` | the bundled 8×8 digits (1,797 × 64, 10 classes) |
/// | `moons[:n=1000,noise=0.1,seed=0]` | two moons (2 classes) |
/// | `spirals[:n=1000,classes=3,noise=0.2,seed=0]` | interleaved spirals |
/// | `blobs[:n=1000,features=2,centers=3,spread=1,seed=0]` | Gaussian blobs |
/// | `regression[:n=1000,features=10,informative=5,outputs=1,noise=1,bias=0,seed=0]` | linear regression |
/// | `friedman1[:n=1000,features=10,noise=1,seed=0]` | Friedman #1 regression |
/// | `gaussian[:n=1000,features=32,classes=10,seed=0]` | random data for timing |
/// | `csv:PATH` | a CSV file with a header (the label column is given separately) |
/// | `idx:DIR` | MNIST-style IDX files in a directory (t10k files, when present, are the test set) |
/// | `npy:FEATURES.npy,TARGETS.npy` | two NumPy arrays |
/// | `text[:PATH]` | a character corpus (the bundled Genesis text by default), for language models |
///
/// The `seed` option fixes the generated data; the split and batch seeds are separate, so
/// runs with different training seeds see the same data.
public enum DatasetSpec: Sendable, Hashable, CustomStringConvertible {
    /// The bundled 8×8 digits (``Dataset/digits()``).
    case digits
    /// Two moons (``Dataset/moons(count:noise:seed:)``).
    case moons(count: Int, noise: Double, seed: UInt64)
    /// Interleaved spirals (``Dataset/spirals(count:classes:noise:seed:)``).
    case spirals(count: Int, classes: Int, noise: Double, seed: UInt64)
    /// Gaussian blobs (``Dataset/blobs(count:features:centers:spread:seed:)``).
    case blobs(count: Int, features: Int, centers: Int, spread: Double, seed: UInt64)
    /// Linear regression (``Dataset/linearRegression(count:features:informative:outputs:noise:bias:seed:)``).
    case regression(count: Int, features: Int, informative: Int, outputs: Int, noise: Double, bias: Double, seed: UInt64)
    /// Friedman #1 regression (``Dataset/friedman1(count:features:noise:seed:)``).
    case friedman1(count: Int, features: Int, noise: Double, seed: UInt64)
    /// Random data for timing (``Dataset/gaussian(count:features:classes:seed:)``).
    case gaussian(count: Int, features: Int, classes: Int, seed: UInt64)
    /// A CSV file with a header (``Dataset/csv(path:label:kind:categorical:exclude:)``).
    case csv(path: String)
    /// An MNIST-style directory of IDX files (``Dataset/idx(directory:subset:classes:)``).
    case idx(directory: String)
    /// Two NumPy files (``Dataset/npy(features:targets:)``).
    case npy(features: String, targets: String)
    /// A character corpus: the bundled one when `path` is nil.
    case text(path: String?)

    private static let names = "digits, moons, spirals, blobs, regression, friedman1, gaussian:n=N,features=F,classes=C, csv:PATH, idx:DIR, npy:X.npy,Y.npy or text[:PATH]"

    /// The spec written in `text` (``SpecText``); an unknown name, option or value is a one-line ``DataError``.
    public init(parsing text: String) throws(DataError) {
        let trimmed = SpecText.trim(text)
        let (name, rest) = SpecText.split(text)
        func path(_ what: String) throws(DataError) -> String {
            guard let rest, !rest.isEmpty else { throw .unknownSpec(trimmed, "\(name) needs a \(what): \(name):\(what.uppercased())") }
            return rest
        }
        switch name {
        case "digits":
            guard rest == nil else { throw .unknownSpec(trimmed, "digits takes no options") }
            self = .digits
        case "moons":
            var o = try Options(trimmed, rest, allowed: ["n", "noise", "seed"])
            self = .moons(count: try o.int("n", 1000, minimum: 2), noise: try o.double("noise", 0.1), seed: try o.seed())
        case "spirals":
            var o = try Options(trimmed, rest, allowed: ["n", "classes", "noise", "seed"])
            self = .spirals(count: try o.int("n", 1000, minimum: 2), classes: try o.int("classes", 3, minimum: 2, maximum: Dataset.maximumClasses), noise: try o.double("noise", 0.2), seed: try o.seed())
        case "blobs":
            var o = try Options(trimmed, rest, allowed: ["n", "features", "centers", "classes", "spread", "seed"])
            let centers = try o.int("centers", try o.int("classes", 3, minimum: 1, maximum: Dataset.maximumClasses), minimum: 1, maximum: Dataset.maximumClasses)
            self = .blobs(count: try o.int("n", 1000, minimum: 1), features: try o.int("features", 2, minimum: 1), centers: centers, spread: try o.double("spread", 1), seed: try o.seed())
        case "regression":
            var o = try Options(trimmed, rest, allowed: ["n", "features", "informative", "outputs", "noise", "bias", "seed"])
            let features = try o.int("features", 10, minimum: 1)
            self = .regression(
                count: try o.int("n", 1000, minimum: 1), features: features, informative: try o.int("informative", Swift.min(5, features), minimum: 0),
                outputs: try o.int("outputs", 1, minimum: 1), noise: try o.double("noise", 1), bias: try o.double("bias", 0, allowNegative: true), seed: try o.seed())
        case "friedman1", "friedman":
            var o = try Options(trimmed, rest, allowed: ["n", "features", "noise", "seed"])
            self = .friedman1(count: try o.int("n", 1000, minimum: 1), features: try o.int("features", 10, minimum: 5), noise: try o.double("noise", 1), seed: try o.seed())
        case "gaussian":
            var o = try Options(trimmed, rest, allowed: ["n", "features", "classes", "seed"])
            self = .gaussian(count: try o.int("n", 1000, minimum: 1), features: try o.int("features", 32, minimum: 1), classes: try o.int("classes", 10, minimum: 1, maximum: Dataset.maximumClasses), seed: try o.seed())
        case "csv":
            self = .csv(path: try path("path"))
        case "idx":
            self = .idx(directory: try path("dir"))
        case "npy":
            let paths = try path("features.npy,targets.npy").split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard paths.count == 2, !paths[0].isEmpty, !paths[1].isEmpty else {
                throw .unknownSpec(trimmed, "npy needs two files: npy:FEATURES.npy,TARGETS.npy")
            }
            self = .npy(features: paths[0], targets: paths[1])
        case "text":
            self = .text(path: rest.flatMap { $0.isEmpty ? nil : $0 })
        default:
            throw .unknownSpec(trimmed, "expected \(DatasetSpec.names)")
        }
    }

    /// The spec in the form ``init(parsing:)`` reads, with every option spelled out.
    public var description: String {
        switch self {
        case .digits: "digits"
        case .moons(let n, let noise, let seed): "moons:n=\(n),noise=\(noise),seed=\(seed)"
        case .spirals(let n, let classes, let noise, let seed): "spirals:n=\(n),classes=\(classes),noise=\(noise),seed=\(seed)"
        case .blobs(let n, let features, let centers, let spread, let seed):
            "blobs:n=\(n),features=\(features),centers=\(centers),spread=\(spread),seed=\(seed)"
        case .regression(let n, let features, let informative, let outputs, let noise, let bias, let seed):
            "regression:n=\(n),features=\(features),informative=\(informative),outputs=\(outputs),noise=\(noise),bias=\(bias),seed=\(seed)"
        case .friedman1(let n, let features, let noise, let seed): "friedman1:n=\(n),features=\(features),noise=\(noise),seed=\(seed)"
        case .gaussian(let n, let features, let classes, let seed): "gaussian:n=\(n),features=\(features),classes=\(classes),seed=\(seed)"
        case .csv(let path): "csv:\(path)"
        case .idx(let directory): "idx:\(directory)"
        case .npy(let features, let targets): "npy:\(features),\(targets)"
        case .text(let path): path.map { "text:\($0)" } ?? "text"
        }
    }

    /// Whether this spec names a character corpus (load it with ``loadCorpus(contextLength:validationFraction:)``).
    public var isCorpus: Bool {
        if case .text = self { return true }
        return false
    }

    /// The feature scaling a run uses on this data unless told otherwise.
    ///
    /// Per feature (scikit-learn's `StandardScaler`) for everything but the bundled digits. The
    /// digits' 64 features are counts on one scale (0…16), as scikit-learn's `load_digits`
    /// gives them, and are best left as they are: per-feature scaling blows up pixels that are
    /// almost always blank in training, and unit-variance inputs train the first layer more
    /// slowly at a given learning rate. Over 40 random splits × 3 seeds the `mlp:256,256`
    /// AdamW recipe (without label smoothing) scores 0.9805 on the test parts unscaled, 0.9766
    /// with one global mean and deviation and 0.9753 per feature; PyTorch and scikit-learn
    /// show the same order.
    public var defaultScaling: FeatureScaling {
        if case .digits = self { return .none }
        return .perFeature
    }

    /// All the examples; `label` names the label column of a CSV file (required for `csv:`, rejected otherwise).
    ///
    /// For `idx:` this is the training files only; ``splits(label:validation:test:seed:)`` adds the t10k files as the test part.
    public func load(label: String? = nil) throws(DataError) -> Dataset {
        if case .csv = self {} else if let label {
            throw .unknownSpec(description, "a label column ('\(label)') applies only to csv: data")
        }
        if let (count, width) = generatedSize {
            // The generators draw in Double and keep Float: about 12 bytes a value.
            try DataFile.requireMemory(MemoryBudget.product([count, width, 12]), path: description,
                                       "\(count) generated examples of \(width) values")
        }
        switch self {
        case .digits: return try .digits()
        case .moons(let n, let noise, let seed): return try .moons(count: n, noise: noise, seed: seed)
        case .spirals(let n, let classes, let noise, let seed): return try .spirals(count: n, classes: classes, noise: noise, seed: seed)
        case .blobs(let n, let features, let centers, let spread, let seed):
            return try .blobs(count: n, features: features, centers: centers, spread: spread, seed: seed)
        case .regression(let n, let features, let informative, let outputs, let noise, let bias, let seed):
            return try .linearRegression(count: n, features: features, informative: informative, outputs: outputs, noise: noise, bias: bias, seed: seed)
        case .friedman1(let n, let features, let noise, let seed): return try .friedman1(count: n, features: features, noise: noise, seed: seed)
        case .gaussian(let n, let features, let classes, let seed): return try .gaussian(count: n, features: features, classes: classes, seed: seed)
        case .csv(let path):
            guard let label else { throw .unknownSpec(description, "csv data needs a label column (--label COLUMN)") }
            return try Dataset.csv(path: path, label: label).dataset
        case .idx(let directory): return try .idx(directory: directory, subset: .train)
        case .npy(let features, let targets): return try .npy(features: features, targets: targets)
        case .text:
            throw .unknownSpec(description, "a character corpus is for language models; load it with loadCorpus(contextLength:)")
        }
    }

    /// The examples and the values per example (features and targets) of a generator, nil for files.
    private var generatedSize: (count: Int, width: Int)? {
        switch self {
        case .moons(let n, _, _), .spirals(let n, _, _, _): (n, 3)
        case .blobs(let n, let features, _, _, _), .friedman1(let n, let features, _, _), .gaussian(let n, let features, _, _):
            (n, features == .max ? features : features + 1)
        case .regression(let n, let features, _, let outputs, _, _, _): (n, MemoryBudget.sum([features, outputs]) ?? .max)
        case .digits, .csv, .idx, .npy, .text: nil
        }
    }

    /// The file (or files, or generator) errors about the whole dataset name.
    private var source: String {
        switch self {
        case .csv(let path): path
        case .idx(let directory): directory
        case .npy(let features, let targets): "\(features),\(targets)"
        default: description
        }
    }

    /// The file holding the labels, named in errors about classes.
    private var labelSource: String {
        if case .npy(_, let targets) = self { return targets }
        return source
    }

    /// Throws when a part the split needs is empty (the training part always; the validation
    /// and test parts when their fractions are positive), or when classification data has a
    /// single class in its training part. `rows` is how many rows were split.
    private func requireUsable(_ splits: DatasetSplits, rows: Int, validation: Double, test: Double, testFromFiles: Bool) throws(DataError) {
        let needed: [(name: String, fraction: Double, count: Int)] = [
            ("training", 1, splits.train.count), ("validation", validation, splits.validation.count),
            ("test", testFromFiles ? 1 : test, splits.test.count),
        ]
        if let empty = needed.first(where: { $0.fraction > 0 && $0.count == 0 }) {
            let parts = "\(splits.train.count) training, \(splits.validation.count) validation, \(splits.test.count) test"
            if testFromFiles && empty.name == "test" {
                throw .tooFewRows(path: source, "the t10k files hold no examples; the test part needs at least one")
            }
            let trainFraction = testFromFiles ? 1 - validation : 1 - validation - test
            let minimum = DatasetSpec.minimumRows(train: trainFraction, validation: validation, test: testFromFiles ? 0 : test)
            throw .tooFewRows(path: source, "\(rows) row\(rows == 1 ? "" : "s") split into \(parts): the \(empty.name) part is empty; "
                              + "a split with validation \(validation) and test \(testFromFiles ? "from the t10k files" : "\(test)") needs at least \(minimum.map(String.init) ?? "more") rows")
        }
        if case .classification = splits.train.task {
            let present = splits.train.classCounts.enumerated().filter { $0.element > 0 }
            if present.count < 2 {
                let name = present.first.map { splits.train.classNames?[$0.offset] ?? "\($0.offset)" } ?? "?"
                throw .badLabels(path: labelSource, "the training part (\(splits.train.count) rows) holds only one class ('\(name)'); classification needs at least two")
            }
        }
    }

    /// The fewest rows for which ``Dataset/split(fractions:seed:)`` gives every part with a positive fraction at least one row.
    static func minimumRows(train: Double, validation: Double, test: Double) -> Int? {
        let fractions = [train, validation, test]
        let total = fractions.reduce(0, +)
        for rows in 1...100_000 {
            var start = 0
            var ok = true
            for (i, fraction) in fractions.enumerated() {
                let isLast = i == fractions.count - 1
                let size = isLast && abs(total - 1) < 1e-9 ? rows - start : min(rows - start, Int((fraction * Double(rows)).rounded()))
                if fraction > 0 && size == 0 { ok = false }
                start += size
            }
            if ok { return rows }
        }
        return nil
    }

    /// Training, validation and test parts, drawn with `seed`; `validation` and `test` are fractions of all examples.
    ///
    /// Every part with a positive fraction (and the training part) must get at least one
    /// example, and classification data at least two classes in the training part; otherwise
    /// the error names the file and how many rows the split needs.
    ///
    /// For `idx:` data with t10k files, those are the test part and `validation` is taken from the training files.
    public func splits(label: String? = nil, validation: Double = 0.15, test: Double = 0.15, seed: UInt64) throws(DataError) -> DatasetSplits {
        try splitsAndEncoding(label: label, validation: validation, test: test, seed: seed).splits
    }

    /// ``splits(label:validation:test:seed:)`` and, for `csv:` data, the encoding fitted on
    /// the file (to encode other files the same way at prediction time).
    public func splitsAndEncoding(
        label: String? = nil, validation: Double = 0.15, test: Double = 0.15, seed: UInt64
    ) throws(DataError) -> (splits: DatasetSplits, encoding: TabularEncoding?) {
        if case .idx(let directory) = self, Dataset.hasIDX(directory: directory, subset: .test) {
            let testPart = try Dataset.idx(directory: directory, subset: .test)
            var train = try load(label: label)
            guard case .classification(let a) = train.task, case .classification(let b) = testPart.task else {
                throw .shapeMismatch("IDX data must be classification")
            }
            let classes = Swift.max(a, b)
            train = try Dataset(features: train.features, targets: train.targets, task: .classification(classes: classes), classNames: (0..<classes).map(String.init))
            let tested = try Dataset(features: testPart.features, targets: testPart.targets, task: .classification(classes: classes), classNames: (0..<classes).map(String.init))
            guard train.featureShape == tested.featureShape else {
                throw .shapeMismatch("IDX training images have shape \(train.featureShape) but t10k images have \(tested.featureShape)")
            }
            let parts = try train.split(fractions: [1 - validation, validation], seed: seed)
            let splits = DatasetSplits(train: parts[0], validation: parts[1], test: tested)
            try requireUsable(splits, rows: train.count, validation: validation, test: test, testFromFiles: true)
            return (splits, nil)
        }
        let all: Dataset
        var encoding: TabularEncoding?
        if case .csv(let path) = self, let label {
            (all, encoding) = try Dataset.csv(path: path, label: label)
        } else {
            all = try load(label: label)
        }
        let splits = try all.split(train: 1 - validation - test, validation: validation, seed: seed)
        try requireUsable(splits, rows: all.count, validation: validation, test: test, testFromFiles: false)
        return (splits, encoding)
    }

    /// The character corpus of a `text` spec: the bundled Genesis text, or the UTF-8 file at its path.
    public func loadCorpus(contextLength: Int, validationFraction: Double = 0.1) throws(DataError) -> CharacterCorpus {
        guard case .text(let path) = self else {
            throw .unknownSpec(description, "not a character corpus; use text or text:PATH")
        }
        guard let path else { return try .bundled(contextLength: contextLength, validationFraction: validationFraction) }
        let data = try DataFile.read(path)
        guard let text = String(data: data, encoding: .utf8) else { throw .malformed(path: path, "not UTF-8 text") }
        return try CharacterCorpus(text: text, contextLength: contextLength, validationFraction: validationFraction)
    }
}

/// The `key=value` options of a generator spec (``SpecText``), checked against the keys it accepts.
private struct Options {
    let spec: String
    var values: [String: String] = [:]

    init(_ spec: String, _ body: String?, allowed: [String]) throws(DataError) {
        self.spec = spec
        let name = SpecText.split(spec).name
        do {
            for setting in try SpecText(name: name, body: body, known: allowed).settings { values[setting.key] = setting.values[0] }
        } catch {
            throw .unknownSpec(spec, error.description)
        }
    }

    mutating func int(_ key: String, _ fallback: Int, minimum: Int, maximum: Int = .max) throws(DataError) -> Int {
        guard let text = values[key] else { return fallback }
        guard let value = SpecText.integer(text), value >= minimum else {
            throw .unknownSpec(spec, "\(key) must be an integer of at least \(minimum), got '\(text)'")
        }
        guard value <= maximum else {
            throw .unknownSpec(spec, "\(key)=\(value) is more than the limit of \(maximum)\(key == "classes" || key == "centers" ? " classes" : "")")
        }
        return value
    }

    mutating func double(_ key: String, _ fallback: Double, allowNegative: Bool = false) throws(DataError) -> Double {
        guard let text = values[key] else { return fallback }
        guard let value = SpecText.real(text), allowNegative || value >= 0 else {
            throw .unknownSpec(spec, "\(key) must be a \(allowNegative ? "" : "non-negative ")finite number, got '\(text)'")
        }
        return value
    }

    mutating func seed() throws(DataError) -> UInt64 {
        guard let text = values["seed"] else { return 0 }
        guard let value = UInt64(text) else { throw .unknownSpec(spec, "seed must be a non-negative integer, got '\(text)'") }
        return value
    }
}
