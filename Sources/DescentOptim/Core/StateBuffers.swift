extension TransformationState {
    /// A first state: the buffers `names`, zeros in the parameters' layout, and `scalars`.
    init(zeros names: [String], like parameters: ParameterSet, scalars: [String: Float] = [:]) {
        self.init(buffers: Dictionary(uniqueKeysWithValues: names.map { ($0, parameters.zeros()) }), scalars: scalars)
    }

    /// Runs `body` with mutable pointers to the named buffers' storage, in the order named,
    /// moving the buffers out of the state meanwhile so that none is copied.
    mutating func withBuffers<R>(_ names: [String], _ body: ([UnsafeMutablePointer<Float>]) -> R) -> R {
        var sets = names.map { take($0) }
        let result = TransformationState.withPointers(&sets, [], body)
        for (name, set) in zip(names, sets) { put(name, set) }
        return result
    }

    /// Runs the elementwise `kernel` over the arena on all compute threads (``arenaKernel``),
    /// with pointers to the updates (index 0), the parameters where given (index 1, read only)
    /// and the named buffers (then on, in the order named).
    mutating func elementwise(
        _ updates: inout ParameterSet, _ names: [String], parameters: ParameterSet? = nil,
        _ kernel: (Range<Int>, [UnsafeMutablePointer<Float>]) -> Void
    ) {
        let count = updates.scalarCount
        withArena(&updates, names, parameters) { arenaKernel(count: count, $0, kernel) }
    }

    /// ``arenaReduction`` over the pointers ``elementwise(_:_:parameters:_:)`` gives.
    mutating func reduction(
        _ updates: inout ParameterSet, _ names: [String], parameters: ParameterSet? = nil,
        _ body: (Range<Int>, [UnsafeMutablePointer<Float>]) -> (Double, Double)
    ) -> (Double, Double) {
        let count = updates.scalarCount
        return withArena(&updates, names, parameters) { arenaReduction(count: count, $0, body) }
    }

    private mutating func withArena<R>(
        _ updates: inout ParameterSet, _ names: [String], _ parameters: ParameterSet?, _ body: ([UnsafeMutablePointer<Float>]) -> R
    ) -> R {
        updates.withMutablePointer { u in
            withBuffers(names) { s in
                guard let parameters else { return body([u] + s) }
                return parameters.withReadPointer { p in body([u, p] + s) }
            }
        }
    }

    private static func withPointers<R>(
        _ sets: inout [ParameterSet], _ inner: [UnsafeMutablePointer<Float>], _ body: ([UnsafeMutablePointer<Float>]) -> R
    ) -> R {
        guard var last = sets.popLast() else { return body(inner) }
        let result = last.withMutablePointer { p in withPointers(&sets, [p] + inner, body) }
        sets.append(last)
        return result
    }
}

extension ParameterSet {
    /// A pointer to the arena's first element for reading (kernels take mutable pointers
    /// to every buffer but never write through this one).
    @inline(__always)
    func withReadPointer<R>(_ body: (UnsafeMutablePointer<Float>) -> R) -> R {
        storage.withUnsafeBufferPointer { body(UnsafeMutablePointer(mutating: $0.baseAddress!)) }
    }

    /// A set with the same names and the shapes `shape(entry)` gives, filled with `value`
    /// (factored statistics such as Adafactor's row and column variances).
    static func reshaped(_ parameters: ParameterSet, where include: (Entry) -> Bool, value: Float = 0,
                         shape: (Entry) -> [Int]) -> ParameterSet {
        ParameterSet(parameters.entries.filter(include).map { entry in
            let s = shape(entry)
            return (entry.name, Tensor(shape: s, scalars: [Float](repeating: value, count: s.reduce(1, *))))
        })
    }
}
