import Foundation

/// A model named on the command line: `linear`, `mlp:256,256`, `cnn:16,32`,
/// `transformer:layers=2,heads=4,width=128,context=64`.
public struct ModelSpec: Sendable, Hashable, CustomStringConvertible {
    /// The kinds of model and their settings.
    public enum Kind: Sendable, Hashable {
        case mlp(hidden: [Int])
        case cnn(channels: [Int])
        case transformer(layers: Int, heads: Int, width: Int, context: Int)
    }

    public let kind: Kind

    /// The spec of a model of `kind`.
    public init(_ kind: Kind) { self.kind = kind }

    /// The settings of a transformer, in the order they print.
    private static let transformerKeys = ["layers", "heads", "width", "context"]

    /// Parses `text` (``SpecText``: `NAME[:W,W,...]` or `transformer:key=value,...`); throws a
    /// one-line error naming the spec and the bad width or setting.
    public init(parsing text: String) throws {
        let given = SpecText.trim(text)
        let (name, body) = SpecText.split(text)
        func failure(_ problem: String) -> ModelSpecError { ModelSpecError("model '\(given)': \(problem)") }
        func spec(known: [String], positional: Bool) throws -> SpecText {
            do { return try SpecText(parsing: text, known: known, positional: positional) } catch { throw failure(error.description) }
        }
        func widths(default fallback: [Int]) throws -> [Int] {
            // `mlp` alone takes the default; `mlp:` with nothing after the colon is a typo.
            guard let body else { return fallback }
            guard !SpecText.trim(body).isEmpty else { throw failure("no widths after ':' (as in \(name):\(fallback.map(String.init).joined(separator: ",")))") }
            return try spec(known: [], positional: true).positional.map {
                guard let n = SpecText.integer($0), n > 0 else { throw failure("'\($0)' is not a positive integer width") }
                return n
            }
        }
        switch name {
        case "linear":
            guard body == nil else { throw failure("linear takes no settings") }
            kind = .mlp(hidden: [])
        case "mlp": kind = .mlp(hidden: try widths(default: [128]))
        case "cnn": kind = .cnn(channels: try widths(default: [16, 32]))
        case "transformer", "gpt":
            var settings = ["layers": 2, "heads": 4, "width": 128, "context": 64]
            for setting in try spec(known: Self.transformerKeys, positional: false).settings {
                guard let value = SpecText.integer(setting.values[0]), value > 0 else {
                    throw failure("\(setting.key) must be a positive integer, got '\(setting.values[0])'")
                }
                settings[setting.key] = value
            }
            guard settings["width"]! % settings["heads"]! == 0 else {
                throw failure("width \(settings["width"]!) is not divisible by heads \(settings["heads"]!)")
            }
            kind = .transformer(layers: settings["layers"]!, heads: settings["heads"]!,
                                width: settings["width"]!, context: settings["context"]!)
        default:
            throw ModelSpecError("unknown model '\(given)' (known: linear, mlp:W,W,..., cnn:C,C,..., transformer:layers=L,heads=H,width=D,context=T)")
        }
    }

    /// The spec in the form ``init(parsing:)`` reads, every setting spelled out (`mlp:256,256`).
    public var description: String {
        switch kind {
        case .mlp(let hidden) where hidden.isEmpty: "linear"
        case .mlp(let hidden): SpecText(name: "mlp", positional: hidden.map(String.init)).description
        case .cnn(let channels): SpecText(name: "cnn", positional: channels.map(String.init)).description
        case .transformer(let layers, let heads, let width, let context):
            SpecText(name: "transformer", settings: zip(Self.transformerKeys, [layers, heads, width, context]).map { .init($0, "\($1)") }).description
        }
    }

    /// The model for samples of shape `inputShape` and `outputs` outputs (classes, targets
    /// or vocabulary size); `initializer` sets the weights of MLPs and CNNs.
    ///
    /// Before anything is allocated, the parameter count (with checked arithmetic) and the
    /// memory of the weights, their gradients and one example's activations (`batchSize`
    /// examples' when given) are checked against the memory available (``MemoryBudget``).
    public func build(inputShape: [Int], outputs: Int, initializer: Initializer = .pytorchDefault, batchSize: Int = 1) throws -> any Layer {
        try checkSize(inputShape: inputShape, outputs: outputs, batchSize: batchSize)
        switch kind {
        case .mlp(let hidden):
            return MLP(inputs: inputShape.reduce(1, *), hidden: hidden, outputs: outputs, initializer: initializer)
        case .cnn(let channels):
            let shape: [Int]
            switch inputShape.count {
            case 3: shape = inputShape
            case 2: shape = [1] + inputShape
            case 1:
                let side = Int(Double(inputShape[0]).squareRoot())
                guard side * side == inputShape[0] else {
                    throw ModelSpecError("model '\(description)': samples of \(inputShape[0]) features are not square images")
                }
                shape = [1, side, side]
            default: throw ModelSpecError("model '\(description)': samples of shape \(inputShape) are not images")
            }
            let pooled = channels.reduce((shape[1], shape[2])) { size, _ in (size.0 / 2, size.1 / 2) }
            guard pooled.0 > 0 && pooled.1 > 0 else {
                throw ModelSpecError("model '\(description)': \(channels.count) pooling stages are too many for \(shape[1])×\(shape[2]) images")
            }
            return ConvolutionalNetwork(inputShape: shape, channels: channels, outputs: outputs, initializer: initializer)
        case .transformer(let layers, let heads, let width, let context):
            return TransformerLanguageModel(vocabulary: outputs, contextLength: context, layers: layers, heads: heads, width: width)
        }
    }

    /// The number of parameters of the model for `inputShape` and `outputs`, and the floats
    /// of one example's activations kept for the backward pass; nil when a count overflows.
    public func size(inputShape: [Int], outputs: Int) -> (parameters: Int, activationsPerExample: Int)? {
        let m = MemoryBudget.self
        /// Weights and bias of a linear layer.
        func linear(_ inputs: Int, _ outputs: Int) -> Int? { m.sum([m.product([inputs, outputs]), outputs]) }
        switch kind {
        case .mlp(let hidden):
            guard let inputs = m.product(inputShape) else { return nil }
            let widths = [inputs] + hidden + [outputs]
            let layers = (0..<(widths.count - 1)).map { linear(widths[$0], widths[$0 + 1]) }
            guard let parameters = m.sum(layers), let activations = m.sum(widths.dropFirst().map { m.product([$0, 2]) }) else { return nil }
            return (parameters, activations)
        case .cnn(let channels):
            // The image shape build uses (a flat sample is a square image); other shapes are refused there.
            var (previous, height, width): (Int, Int, Int)
            switch inputShape.count {
            case 3: (previous, height, width) = (inputShape[0], inputShape[1], inputShape[2])
            case 2: (previous, height, width) = (1, inputShape[0], inputShape[1])
            case 1:
                let side = Int(Double(inputShape[0]).squareRoot())
                (previous, height, width) = (1, side, side)
            default: (previous, height, width) = (1, 1, 1)
            }
            var terms: [Int?] = []
            var activations: [Int?] = []
            for c in channels {
                terms.append(m.sum([m.product([previous, c, 9]), c]))
                activations.append(m.product([c, height, width, 3]))  // convolution, activation, pooling indices
                (height, width) = (height / 2, width / 2)
                previous = c
            }
            terms.append(linear(m.product([previous, height, width]) ?? -1, outputs))
            guard m.product([previous, height, width]) != nil, let parameters = m.sum(terms), let kept = m.sum(activations) else { return nil }
            return (parameters, kept)
        case .transformer(let layers, let heads, let width, let context):
            let block = m.sum([m.product([width, 4]),  // two layer norms
                               linear(width, m.product([3, width]) ?? -1), linear(width, width),
                               linear(width, m.product([4, width]) ?? -1), linear(m.product([4, width]) ?? -1, width)])
            let parameters = m.sum([m.product([outputs, width]), m.product([context, width]), m.product([layers, block ?? -1]),
                                    m.product([2, width]), linear(width, outputs)])
            // Per layer: the attention scores and their softmax, and about 16 floats per position and width.
            let perLayer = m.sum([m.product([heads, context, context, 2]), m.product([context, width, 16])])
            let activations = m.sum([m.product([layers, perLayer ?? -1]), m.product([context, outputs, 2])])
            guard block != nil, perLayer != nil, let parameters, let activations else { return nil }
            return (parameters, activations)
        }
    }

    /// Throws when the model would not fit in the memory available (or its counts overflow).
    private func checkSize(inputShape: [Int], outputs: Int, batchSize: Int) throws {
        let what = "model '\(description)'"
        guard let (parameters, activations) = size(inputShape: inputShape, outputs: outputs) else {
            throw ModelSpecError(MemoryBudget.shortfall(nil, for: "\(what) on inputs of shape \(inputShape) with \(outputs) outputs")!)
        }
        // Weights and gradients, 4 bytes each, and the activations of a batch.
        let bytes = MemoryBudget.sum([MemoryBudget.product([parameters, 8]), MemoryBudget.product([activations, max(batchSize, 1), 4])])
        if let problem = MemoryBudget.shortfall(bytes, for: "\(what) (\(parameters) parameters, with gradients and the activations of \(max(batchSize, 1)) example\(batchSize > 1 ? "s" : ""))") {
            throw ModelSpecError(problem)
        }
    }

    /// The context length, for language models.
    public var contextLength: Int? {
        if case .transformer(_, _, _, let context) = kind { return context }
        return nil
    }
}

/// A model specification cannot be parsed or does not fit the data.
public struct ModelSpecError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The memory a size needs, checked against the memory the machine has before anything is allocated.
///
/// Counts that come from files and flags go through ``product(_:)`` and ``sum(_:)``, which
/// report overflow as nil instead of trapping; ``shortfall(_:for:)`` turns a byte count into
/// a one-line reason when it is more than ``availableBytes``.
public enum MemoryBudget {
    /// The bytes of memory available: `MemAvailable` in `/proc/meminfo` on Linux, the physical memory elsewhere.
    public static var availableBytes: Int {
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }) {
            let fields = line.split(separator: " ")
            if fields.count >= 2, let kilobytes = Int(fields[1]) {
                let (bytes, overflow) = kilobytes.multipliedReportingOverflow(by: 1024)
                return overflow ? .max : bytes
            }
        }
        return Int(clamping: ProcessInfo.processInfo.physicalMemory)
    }

    /// The product of `factors`, or nil when it overflows `Int` or a factor is negative.
    public static func product<Factors: Sequence>(_ factors: Factors) -> Int? where Factors.Element == Int {
        var result = 1
        for factor in factors {
            guard factor >= 0 else { return nil }
            let (product, overflow) = result.multipliedReportingOverflow(by: factor)
            guard !overflow else { return nil }
            result = product
        }
        return result
    }

    /// The sum of `terms`, or nil when a term is nil or negative or the sum overflows `Int`.
    public static func sum<Terms: Sequence>(_ terms: Terms) -> Int? where Terms.Element == Int? {
        var result = 0
        for term in terms {
            guard let term, term >= 0 else { return nil }
            let (sum, overflow) = result.addingReportingOverflow(term)
            guard !overflow else { return nil }
            result = sum
        }
        return result
    }

    /// Nil when `bytes` fit in the memory available; otherwise the reason, one line:
    /// "WHAT needs 59.2 GB of memory, more than the 22.6 GB available". A nil `bytes` is a count that overflowed.
    public static func shortfall(_ bytes: Int?, for what: String) -> String? {
        let available = availableBytes
        guard let bytes else {
            return "\(what) needs more memory than a 64-bit count can hold (its size overflows), and \(text(bytes: available)) are available"
        }
        guard bytes > available else { return nil }
        return "\(what) needs \(text(bytes: bytes)) of memory, more than the \(text(bytes: available)) available"
    }

    /// `bytes` in decimal units with three significant digits: "512 B", "1.5 MB", "34.4 GB".
    public static func text(bytes: Int) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: value < 10 ? "%.2f" : value < 100 ? "%.1f" : "%.0f", value) + " " + units[unit]
    }
}
