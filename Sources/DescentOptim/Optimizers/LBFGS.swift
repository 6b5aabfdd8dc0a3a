import Foundation

/// L-BFGS (Liu & Nocedal 1989), matching `torch.optim.LBFGS`: the two-loop recursion over
/// the last `historySize` (s, y) pairs with H₀ = sᵀy/yᵀy, step t = lr (the first
/// iteration min(1, 1/‖g‖₁)·lr), and optionally PyTorch's strong-Wolfe line search
/// (cubic interpolation, c₁ = 1e-4, c₂ = 0.9).
///
/// L-BFGS needs the objective, not only a gradient: ``step(_:objective:)`` runs up to
/// `maxIter` iterations and `maxEval` evaluations per call, as PyTorch's `step(closure)`.
/// It is not a chain of transformations (its state is a history of whole-arena vectors,
/// not per-element statistics). Driven by the training loop through
/// ``step(_:gradients:)`` it makes one iteration per call with the gradient given and no
/// line search: PyTorch's `LBFGS(max_iter=1)` with a closure that returns that gradient.
public struct LBFGS: Optimizer {
    public var lr: Float
    public var maxIter: Int
    public var maxEval: Int
    public var toleranceGrad: Float
    public var toleranceChange: Float
    public var historySize: Int
    public var strongWolfe: Bool

    public private(set) var funcEvals = 0
    public private(set) var iterations = 0
    private var layout: [ParameterSet.Entry] = []
    private var direction: [Float] = []
    private var stepLength: Float = 0
    private var oldDirs: [[Float]] = []
    private var oldSteps: [[Float]] = []
    private var ro: [Float] = []
    private var hDiag: Float = 1
    private var prevFlatGrad: [Float] = []
    private var prevLoss: Float = 0

    public init(lr: Float = 1, maxIter: Int = 20, maxEval: Int? = nil, toleranceGrad: Float = 1e-7, toleranceChange: Float = 1e-9,
                historySize: Int = 100, strongWolfe: Bool = false) {
        self.lr = lr
        self.maxIter = maxIter
        self.maxEval = maxEval ?? maxIter * 5 / 4
        self.toleranceGrad = toleranceGrad
        self.toleranceChange = toleranceChange
        self.historySize = historySize
        self.strongWolfe = strongWolfe
    }

    public var name: String { "lbfgs" }

    public mutating func step(_ parameters: inout ParameterSet, gradients: ParameterSet, gradientScale: Float) {
        var scaled = gradients
        if gradientScale != 1 { scaled.storage.withUnsafeMutableBufferPointer { g in for i in g.indices { g[i] *= gradientScale } } }
        _ = run(&parameters, maxIter: 1, lineSearch: false) { _ in (0, scaled) }
    }

    /// One PyTorch `step(closure)`: `objective` returns the loss and gradient at the
    /// parameters it is given; returns the loss at the parameters on entry.
    @discardableResult
    public mutating func step(_ parameters: inout ParameterSet, objective: (ParameterSet) -> (loss: Float, gradient: ParameterSet)) -> Float {
        run(&parameters, maxIter: maxIter, lineSearch: strongWolfe, objective)
    }

    private mutating func run(_ parameters: inout ParameterSet, maxIter: Int, lineSearch: Bool,
                              _ objective: (ParameterSet) -> (loss: Float, gradient: ParameterSet)) -> Float {
        if layout != parameters.entries {
            precondition(iterations == 0, "optimizer state belongs to another parameter layout")
            layout = parameters.entries
        }
        let (origLoss, firstGrad) = objective(parameters)
        var loss = origLoss
        var flatGrad = firstGrad.storage
        var currentEvals = 1
        funcEvals += 1
        if Self.absMax(flatGrad) <= toleranceGrad { return origLoss }
        var n = 0
        while n < maxIter {
            n += 1
            iterations += 1
            if iterations == 1 {
                direction = flatGrad.map { -$0 }
                oldDirs = []
                oldSteps = []
                ro = []
                hDiag = 1
            } else {
                let y = zip(flatGrad, prevFlatGrad).map { $0 - $1 }
                let s = direction.map { $0 * stepLength }
                let ys = Self.dot(y, s)
                if ys > 1e-10 {
                    if oldDirs.count == historySize {
                        oldDirs.removeFirst()
                        oldSteps.removeFirst()
                        ro.removeFirst()
                    }
                    oldDirs.append(y)
                    oldSteps.append(s)
                    ro.append(1 / ys)
                    hDiag = ys / Self.dot(y, y)
                }
                var al = [Float](repeating: 0, count: oldDirs.count)
                var q = flatGrad.map { -$0 }
                for i in stride(from: oldDirs.count - 1, through: 0, by: -1) {
                    al[i] = Self.dot(oldSteps[i], q) * ro[i]
                    Self.axpy(-al[i], oldDirs[i], &q)
                }
                var r = q.map { $0 * hDiag }
                for i in 0..<oldDirs.count {
                    let be = Self.dot(oldDirs[i], r) * ro[i]
                    Self.axpy(al[i] - be, oldSteps[i], &r)
                }
                direction = r
            }
            prevFlatGrad = flatGrad
            prevLoss = loss
            var t: Float = iterations == 1 ? Swift.min(1, 1 / Self.absSum(flatGrad)) * lr : lr
            // In PyTorch the first step length is a float32 tensor when 1/‖g‖₁ < 1, else a number.
            let tensorStep = iterations == 1 && 1 / Self.absSum(flatGrad) < 1
            let gtd = Self.dot(flatGrad, direction)
            if gtd > -toleranceChange { break }
            var evals = 0
            if lineSearch {
                let start = parameters
                let d = direction
                let result = Self.strongWolfe(t: t, tensor: tensorStep, d: d, f: loss, g: flatGrad, gtd: gtd,
                                              toleranceChange: toleranceChange, maxLS: maxEval - currentEvals) { t in
                    var trial = start
                    Self.addScaled(t, d, to: &trial)
                    let (f, g) = objective(trial)
                    return (f, g.storage)
                }
                (loss, flatGrad, t, evals) = (result.f, result.g, result.t, result.evals)
                Self.addScaled(t, direction, to: &parameters)
            } else {
                Self.addScaled(t, direction, to: &parameters)
                if n != maxIter {
                    let (f, g) = objective(parameters)
                    (loss, flatGrad, evals) = (f, g.storage, 1)
                }
            }
            stepLength = t
            currentEvals += evals
            funcEvals += evals
            if n == maxIter || currentEvals >= maxEval { break }
            if Self.absMax(flatGrad) <= toleranceGrad { break }
            if Self.absMax(direction) * stepLength <= toleranceChange { break }
            if abs(Double(loss) - Double(prevLoss)) < Double(toleranceChange) { break }
        }
        return origLoss
    }

    // MARK: Strong-Wolfe line search (PyTorch's `_strong_wolfe`)
    // In float32, as PyTorch evaluates it (the directional derivatives are float32 tensors,
    // so every expression that involves them, and the step lengths derived from them, is).

    /// `tensorSteps`: whether x₁ or x₂ is a float32 tensor in PyTorch (a step length that
    /// came out of an interpolation) rather than a Python number; it decides how
    /// 3(f₁ − f₂)/(x₁ − x₂) rounds (PyTorch's `number / tensor` is `reciprocal(tensor) * number`).
    static func cubicInterpolate(_ x1: Float, _ f1: Float, _ g1: Float, _ x2: Float, _ f2: Float, _ g2: Float,
                                 bounds: (Float, Float)? = nil, tensorSteps: Bool = true) -> Float {
        let (lo, hi) = bounds ?? (x1 <= x2 ? (x1, x2) : (x2, x1))
        let difference = 3 * (Double(f1) - Double(f2))
        let slope = tensorSteps ? (1 / (x1 - x2)) * Float(difference) : Float(difference / (Double(x1) - Double(x2)))
        let d1 = g1 + g2 - slope
        let d2Square = d1 * d1 - g1 * g2
        guard d2Square >= 0 else { return (lo + hi) / 2 }
        let d2 = d2Square.squareRoot()
        let minPos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                              : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
        return Swift.min(Swift.max(minPos, lo), hi)
    }

    static func strongWolfe(t initial: Float, tensor initialIsTensor: Bool, d: [Float], f: Float, g: [Float], gtd: Float,
                            c1: Float = 1e-4, c2: Float = 0.9, toleranceChange: Float, maxLS: Int,
                            evaluate: (Float) -> (Float, [Float])) -> (f: Float, g: [Float], t: Float, evals: Int) {
        var t = initial
        var tensor = initialIsTensor
        let dNorm = absMax(d)
        var (fNew, gNew) = evaluate(t)
        var evals = 1
        var gtdNew = dot(gNew, d)
        var (tPrev, fPrev, gPrev, gtdPrev): (Float, Float, [Float], Float) = (0, f, g, gtd)
        var done = false
        var lsIter = 0
        var bracket: [Float] = [], bracketF: [Float] = [], bracketG: [[Float]] = [], bracketGtd: [Float] = []
        while lsIter < maxLS {
            if fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev) {
                (bracket, bracketF, bracketG, bracketGtd) = ([tPrev, t], [fPrev, fNew], [gPrev, gNew], [gtdPrev, gtdNew])
                break
            }
            if abs(gtdNew) <= -c2 * gtd {
                (bracket, bracketF, bracketG) = ([t], [fNew], [gNew])
                done = true
                break
            }
            if gtdNew >= 0 {
                (bracket, bracketF, bracketG, bracketGtd) = ([tPrev, t], [fPrev, fNew], [gPrev, gNew], [gtdPrev, gtdNew])
                break
            }
            let minStep = t + 0.01 * (t - tPrev), maxStep = t * 10
            let previous = t
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, bounds: (minStep, maxStep), tensorSteps: tensor)
            tensor = true
            (tPrev, fPrev, gPrev, gtdPrev) = (previous, fNew, gNew, gtdNew)
            (fNew, gNew) = evaluate(t)
            evals += 1
            gtdNew = dot(gNew, d)
            lsIter += 1
        }
        if lsIter == maxLS {
            (bracket, bracketF, bracketG) = ([0, t], [f, fNew], [g, gNew])
            // PyTorch keeps the gtd pair of the last bracketing step here (or none).
            if bracketGtd.count < 2 { bracketGtd = [gtd, gtdNew] }
        }
        var insufficientProgress = false
        var (low, high) = bracketF[0] <= bracketF[bracketF.count - 1] ? (0, 1) : (1, 0)
        while !done && lsIter < maxLS {
            if abs(bracket[1] - bracket[0]) * dNorm < toleranceChange { break }
            t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1])
            let (bMax, bMin) = (Swift.max(bracket[0], bracket[1]), Swift.min(bracket[0], bracket[1]))
            let eps = 0.1 * (bMax - bMin)
            if Swift.min(bMax - t, t - bMin) < eps {
                if insufficientProgress || t >= bMax || t <= bMin {
                    t = abs(t - bMax) < abs(t - bMin) ? bMax - eps : bMin + eps
                    insufficientProgress = false
                } else {
                    insufficientProgress = true
                }
            } else {
                insufficientProgress = false
            }
            (fNew, gNew) = evaluate(t)
            evals += 1
            gtdNew = dot(gNew, d)
            lsIter += 1
            if fNew > f + c1 * t * gtd || fNew >= bracketF[low] {
                (bracket[high], bracketF[high], bracketG[high], bracketGtd[high]) = (t, fNew, gNew, gtdNew)
                (low, high) = bracketF[0] <= bracketF[1] ? (0, 1) : (1, 0)
            } else {
                if abs(gtdNew) <= -c2 * gtd {
                    done = true
                } else if gtdNew * (bracket[high] - bracket[low]) >= 0 {
                    (bracket[high], bracketF[high], bracketG[high], bracketGtd[high]) =
                        (bracket[low], bracketF[low], bracketG[low], bracketGtd[low])
                }
                (bracket[low], bracketF[low], bracketG[low], bracketGtd[low]) = (t, fNew, gNew, gtdNew)
            }
        }
        let index = bracket.count == 1 ? 0 : low
        return (bracketF[index], bracketG[index], bracket[index], evals)
    }

    // MARK: Vector helpers (float32 with fused multiply-adds, as PyTorch's CPU kernels)

    static func dot(_ a: [Float], _ b: [Float]) -> Float {
        var total: Float = 0
        for i in a.indices { total = total.addingProduct(a[i], b[i]) }
        return total
    }

    static func axpy(_ alpha: Float, _ x: [Float], _ y: inout [Float]) {
        for i in y.indices { y[i] = y[i].addingProduct(alpha, x[i]) }
    }

    static func absMax(_ x: [Float]) -> Float { x.reduce(0) { Swift.max($0, abs($1)) } }

    static func absSum(_ x: [Float]) -> Float { x.reduce(0) { $0 + abs($1) } }

    static func addScaled(_ t: Float, _ d: [Float], to parameters: inout ParameterSet) {
        parameters.storage.withUnsafeMutableBufferPointer { p in for i in p.indices { p[i] = p[i].addingProduct(t, d[i]) } }
    }

    // MARK: State by name

    public func stateTensors() -> [String: SafeTensors.Value] {
        guard iterations > 0 else { return [:] }
        var result: [String: Tensor] = [
            "t": Tensor(stepLength), "H_diag": Tensor(hDiag), "n_iter": Tensor(Float(iterations)),
            "func_evals": Tensor(Float(funcEvals)), "prev_loss": Tensor(prevLoss), "history": Tensor(Float(oldDirs.count)),
        ]
        let arena = ParameterSet(layout.map { ($0.name, Tensor(shape: $0.shape, scalars: [Float](repeating: 0, count: $0.count))) })
        func put(_ key: String, _ flat: [Float]) {
            var set = arena
            set.storage = flat
            result.merge(set.namedTensors(keyPrefix: key + "/")) { a, _ in a }
        }
        put("d", direction)
        put("prev_flat_grad", prevFlatGrad)
        for k in oldDirs.indices {
            put("old_dirs.\(k)", oldDirs[k])
            put("old_stps.\(k)", oldSteps[k])
            result["ro.\(k)"] = Tensor(ro[k])
        }
        return result.mapValues { .float32($0) }
    }

    public mutating func loadStateTensors(_ values: [String: SafeTensors.Value], for parameters: ParameterSet) throws {
        let tensors = values.compactMapValues(\.float32)
        func scalar(_ key: String) throws -> Float {
            guard let t = tensors[key], t.count == 1 else { throw OptimizerStateError("optimizer state has no scalar \(key)") }
            return t.scalars[0]
        }
        func flat(_ key: String) throws -> [Float] {
            do {
                return try parameters.loading(tensors, keyPrefix: key + "/", what: "optimizer state \(key) for parameter").storage
            } catch let error as NamedTensorError {
                throw OptimizerStateError(error.description)
            }
        }
        layout = parameters.entries
        stepLength = try scalar("t")
        hDiag = try scalar("H_diag")
        iterations = Int(try scalar("n_iter"))
        funcEvals = Int(try scalar("func_evals"))
        prevLoss = try scalar("prev_loss")
        direction = try flat("d")
        prevFlatGrad = try flat("prev_flat_grad")
        let history = Int(try scalar("history"))
        oldDirs = try (0..<history).map { try flat("old_dirs.\($0)") }
        oldSteps = try (0..<history).map { try flat("old_stps.\($0)") }
        ro = try (0..<history).map { try scalar("ro.\($0)") }
    }
}
