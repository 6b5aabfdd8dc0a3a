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
    public let description: String

    /// Parses `text`; throws a one-line error for unknown kinds or malformed settings.
    public init(parsing text: String) throws {
        description = text
        let (name, rest) = text.firstIndex(of: ":").map { (String(text[..<$0]), String(text[text.index(after: $0)...])) } ?? (text, "")
        func widths(_ list: String, default fallback: [Int]) throws -> [Int] {
            if list.isEmpty {
                // `mlp` alone takes the default; `mlp:` with nothing after the colon is a typo.
                guard !text.hasSuffix(":") else { throw ModelSpecError("model '\(text)': no widths after ':' (as in \(name):\(fallback.map(String.init).joined(separator: ",")))") }
                return fallback
            }
            return try list.split(separator: ",", omittingEmptySubsequences: false).map {
                guard let n = Int($0.trimmingCharacters(in: .whitespaces)), n > 0 else {
                    throw ModelSpecError("model '\(text)': '\($0)' is not a positive integer width")
                }
                return n
            }
        }
        switch name {
        case "linear":
            guard rest.isEmpty else { throw ModelSpecError("model '\(text)': linear takes no settings") }
            kind = .mlp(hidden: [])
        case "mlp": kind = .mlp(hidden: try widths(rest, default: [128]))
        case "cnn": kind = .cnn(channels: try widths(rest, default: [16, 32]))
        case "transformer", "gpt":
            var settings = ["layers": 2, "heads": 4, "width": 128, "context": 64]
            for pair in rest.split(separator: ",") where !pair.isEmpty {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, settings[parts[0]] != nil else {
                    throw ModelSpecError("model '\(text)': unknown setting '\(pair)' (known: layers, heads, width, context)")
                }
                guard let value = Int(parts[1]), value > 0 else {
                    throw ModelSpecError("model '\(text)': \(parts[0]) must be a positive integer, got '\(parts[1])'")
                }
                settings[parts[0]] = value
            }
            guard settings["width"]! % settings["heads"]! == 0 else {
                throw ModelSpecError("model '\(text)': width \(settings["width"]!) is not divisible by heads \(settings["heads"]!)")
            }
            kind = .transformer(layers: settings["layers"]!, heads: settings["heads"]!,
                                width: settings["width"]!, context: settings["context"]!)
        default:
            throw ModelSpecError("unknown model '\(text)' (known: linear, mlp:W,W,..., cnn:C,C,..., transformer:layers=L,heads=H,width=D,context=T)")
        }
    }

    /// The model for samples of shape `inputShape` and `outputs` outputs (classes, targets
    /// or vocabulary size); `initializer` sets the weights of MLPs and CNNs.
    public func build(inputShape: [Int], outputs: Int, initializer: Initializer = .pytorchDefault) throws -> any Layer {
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
