/// Gradient accumulation over `every` micro-steps (Optax's `MultiSteps`): the gradients of
/// `every` consecutive calls are averaged (or summed, `useMean: false`) and the inner
/// transformation runs once on them; the other calls return zero updates, so the
/// parameters change only every `every`-th call and the inner state (step counts
/// included) advances once per accumulated step.
public struct MultiSteps: CompositeTransformation {
    public var inner: any GradientTransformation
    public var every: Int
    public var useMean: Bool

    public init(_ inner: any GradientTransformation, every: Int, useMean: Bool = true) {
        precondition(every >= 1, "accumulate over at least one step")
        self.inner = inner
        self.every = every
        self.useMean = useMean
    }

    public var name: String { "multi_steps" }

    public var innerTransformations: [any GradientTransformation] { [inner] }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(buffers: ["acc_grads": parameters.zeros()], scalars: ["mini_step": 0, "gradient_step": 0],
                            children: [inner.initialState(for: parameters)])
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let mini = state.scalars["mini_step"]!
        let useMean = useMean
        state.elementwise(&updates, ["acc_grads"]) { range, b in
            let (u, a) = (b[0], b[1])
            // Optax's form: (g + k·acc)/(k + 1) for the mean, g + acc for the sum.
            if useMean { for i in range { a[i] = (u[i] + mini * a[i]) / (mini + 1) } } else { for i in range { a[i] += u[i] } }
        }
        if Int(mini) + 1 < every {
            state.scalars["mini_step"] = mini + 1
            updates.storage.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            return
        }
        // The accumulated gradients become the update, and the accumulator starts again at 0.
        state.elementwise(&updates, ["acc_grads"]) { range, b in
            for i in range {
                b[0][i] = b[1][i]
                b[1][i] = 0
            }
        }
        state.scalars["mini_step"] = 0
        state.scalars["gradient_step"]! += 1
        inner.update(&updates, state: &state.children[0], parameters: parameters)
    }
}
