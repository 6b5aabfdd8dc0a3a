/// Turns a model's layers into ``InferenceStep``s, tracking one example's shape and
/// fusing an activation (and for convolutions, a max pooling) into the step before it.
struct InferenceCompiler {
    let parameters: ParameterSet
    /// One example's shape after the steps so far.
    var shape: [Int]
    var steps: [InferenceStep] = []

    init(parameters: ParameterSet, shape: [Int]) {
        self.parameters = parameters
        self.shape = shape
    }

    /// The arena offset of parameter `name`, checked against `expected`'s shape.
    func offset(_ name: String, _ expected: [Int]) throws -> Int {
        guard let entry = parameters.entry(named: name) else { throw UnsupportedLayerError("parameter \(name) is missing") }
        guard entry.shape == expected else {
            throw UnsupportedLayerError("parameter \(name) has shape \(entry.shape), the model expects \(expected)")
        }
        return entry.offset
    }

    mutating func add(_ layer: any Layer, prefix: String) throws {
        switch layer {
        case let mlp as MLP:
            shape = [shape.reduce(1, *)]
            try add(mlp.sequential, prefix: prefix)
        case let cnn as ConvolutionalNetwork:
            guard shape.reduce(1, *) == cnn.inputShape.reduce(1, *) else {
                throw UnsupportedLayerError("the CNN expects examples of shape \(cnn.inputShape), got \(shape)")
            }
            shape = cnn.inputShape
            try add(cnn.sequential, prefix: prefix)
        case let sequential as Sequential:
            for (index, child) in sequential.layers.enumerated() {
                try add(child, prefix: prefix + "\(index).")
            }
        case let linear as Linear:
            guard shape.last == linear.inputs else {
                throw UnsupportedLayerError("Linear(\(linear.inputs), \(linear.outputs)) got examples of shape \(shape)")
            }
            let rowsPerExample = shape.dropLast().reduce(1, *)
            steps.append(.linear(LinearStep(
                weight: try offset(prefix + "weight", [linear.outputs, linear.inputs]),
                bias: linear.bias ? try offset(prefix + "bias", [linear.outputs]) : nil,
                inputs: linear.inputs, outputs: linear.outputs, rowsPerExample: rowsPerExample, activation: nil)))
            shape = Array(shape.dropLast()) + [linear.outputs]
        case let activation as Activation:
            let width = shape.reduce(1, *)
            switch steps.last {
            case .linear(var step) where step.activation == nil:
                step.activation = activation.kind
                steps[steps.count - 1] = .linear(step)
            case .convolution(var step) where !step.relu && activation.kind == .relu:
                // Before or after the fused pooling alike: max and ReLU commute.
                step.relu = true
                steps[steps.count - 1] = .convolution(step)
            default:
                steps.append(.activation(activation.kind, width: width))
            }
        case let convolution as Conv2D:
            guard shape.count == 3, shape[0] == convolution.inChannels else {
                throw UnsupportedLayerError("Conv2D(\(convolution.inChannels), \(convolution.outChannels)) got examples of shape \(shape)")
            }
            let k = convolution.kernel
            let step = ConvolutionStep(
                weight: try offset(prefix + "weight", [convolution.outChannels, convolution.inChannels, k, k]),
                bias: convolution.bias ? try offset(prefix + "bias", [convolution.outChannels]) : nil,
                channels: shape[0], height: shape[1], width: shape[2], outChannels: convolution.outChannels,
                kernel: k, stride: convolution.stride, padding: convolution.padding, relu: false, pool: nil)
            guard step.outHeight > 0, step.outWidth > 0 else {
                throw UnsupportedLayerError("Conv2D kernel \(k) is larger than the padded input of shape \(shape)")
            }
            steps.append(.convolution(step))
            shape = [step.outChannels, step.outHeight, step.outWidth]
        case let pool as MaxPool2D:
            guard shape.count == 3 else { throw UnsupportedLayerError("MaxPool2D got examples of shape \(shape)") }
            let window = PoolWindow(kernel: pool.kernel, stride: pool.stride, padding: pool.padding)
            guard pool.kernel > 0, pool.stride > 0, pool.padding >= 0, pool.padding <= pool.kernel / 2,
                  window.outputs(shape[1]) > 0, window.outputs(shape[2]) > 0 else {
                throw UnsupportedLayerError("MaxPool2D(kernel: \(pool.kernel), stride: \(pool.stride), padding: \(pool.padding)) does not fit examples of shape \(shape)")
            }
            if case .convolution(var step) = steps.last, step.pool == nil {
                step.pool = window
                steps[steps.count - 1] = .convolution(step)
            } else {
                steps.append(.maxPool(PoolStep(channels: shape[0], height: shape[1], width: shape[2], window: window)))
            }
            shape = [shape[0], window.outputs(shape[1]), window.outputs(shape[2])]
        case is Flatten:
            shape = [shape.reduce(1, *)]
        case let reshape as Reshape:
            guard reshape.shape.reduce(1, *) == shape.reduce(1, *) else {
                throw UnsupportedLayerError("Reshape to \(reshape.shape) does not fit examples of shape \(shape)")
            }
            shape = reshape.shape
        case is Dropout:
            break  // the identity in evaluation
        case let model as TransformerLanguageModel:
            guard shape.count == 1, (1...model.contextLength).contains(shape[0]) else {
                throw UnsupportedLayerError("the language model expects tokens [time ≤ \(model.contextLength)], got examples of shape \(shape)")
            }
            let step = try TransformerStep(model: model, time: shape[0], compiler: self, prefix: prefix)
            steps.append(.transformer(step))
            shape = [shape[0], model.vocabulary]
        default:
            throw UnsupportedLayerError("the inference path has no step for \(type(of: layer))")
        }
    }
}
