import Testing
@testable import DescentCore

/// One operation under gradient check: input shapes and kinds, and the function of them.
struct GradientCase: Sendable, CustomTestStringConvertible {
    let name: String
    let inputs: [(shape: [Int], kind: InputKind)]
    var absolute = 2e-3
    let f: @Sendable ([Tensor]) -> Tensor

    init(_ name: String, _ inputs: [(shape: [Int], kind: InputKind)], absolute: Double = 2e-3,
         _ f: @escaping @Sendable ([Tensor]) -> Tensor) {
        self.name = name
        self.inputs = inputs
        self.absolute = absolute
        self.f = f
    }

    /// Shorthand for uniform inputs of the given shapes.
    init(_ name: String, shapes: [[Int]], _ f: @escaping @Sendable ([Tensor]) -> Tensor) {
        self.init(name, shapes.map { ($0, InputKind.uniform) }, f)
    }

    var testDescription: String { name }

    /// The inputs, drawn from a generator seeded by the case's name (stable across runs).
    func drawInputs() -> [Tensor] {
        var seed: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for byte in name.utf8 { seed = (seed ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var generator = RandomGenerator(seed: seed)
        return inputs.map { generator.tensor($0.shape, $0.kind) }
    }
}

/// Every differentiable operation of DescentCore, with broadcasting patterns and options.
let gradientCases: [GradientCase] = arithmeticCases + unaryCases + reductionCases + shapeCases
    + matmulCases + softmaxCases + convolutionCases + poolingCases + normalizationCases + compositeCases

let arithmeticCases: [GradientCase] = [
    GradientCase("a + b, same shape", shapes: [[3, 4], [3, 4]]) { $0[0] + $0[1] },
    GradientCase("a + b, [m,n] + [n]", shapes: [[3, 4], [4]]) { $0[0] + $0[1] },
    GradientCase("a + b, [n] + [m,n]", shapes: [[4], [3, 4]]) { $0[0] + $0[1] },
    GradientCase("a + b, [m,1] + [1,n]", shapes: [[3, 1], [1, 4]]) { $0[0] + $0[1] },
    GradientCase("a + b, [2,1,3] + [4,1]", shapes: [[2, 1, 3], [4, 1]]) { $0[0] + $0[1] },
    GradientCase("a + b, scalar + [m,n]", shapes: [[], [3, 4]]) { $0[0] + $0[1] },
    GradientCase("a - b, same shape", shapes: [[3, 4], [3, 4]]) { $0[0] - $0[1] },
    GradientCase("a - b, [m,n] - [n]", shapes: [[3, 4], [4]]) { $0[0] - $0[1] },
    GradientCase("a - b, [n] - [m,n]", shapes: [[4], [3, 4]]) { $0[0] - $0[1] },
    GradientCase("a - b, [m,n] - scalar", shapes: [[3, 4], []]) { $0[0] - $0[1] },
    GradientCase("a * b, same shape", shapes: [[3, 4], [3, 4]]) { $0[0] * $0[1] },
    GradientCase("a * b, [m,n] * [n]", shapes: [[3, 4], [4]]) { $0[0] * $0[1] },
    GradientCase("a * b, [m,1] * [1,n]", shapes: [[3, 1], [1, 4]]) { $0[0] * $0[1] },
    GradientCase("a * b, [2,3,4] * [3,1]", shapes: [[2, 3, 4], [3, 1]]) { $0[0] * $0[1] },
    GradientCase("a * b, scalar * [m,n]", shapes: [[], [3, 4]]) { $0[0] * $0[1] },
    GradientCase("a / b, same shape", [([3, 4], .uniform), ([3, 4], .positive)]) { $0[0] / $0[1] },
    GradientCase("a / b, [m,n] / [n]", [([3, 4], .uniform), ([4], .positive)]) { $0[0] / $0[1] },
    GradientCase("a / b, [m,1] / [1,n]", [([3, 1], .uniform), ([1, 4], .positive)]) { $0[0] / $0[1] },
    GradientCase("a / b, scalar / [m,n]", [([], .uniform), ([3, 4], .positive)]) { $0[0] / $0[1] },
    GradientCase("a / b, [m,n] / scalar", [([3, 4], .uniform), ([], .positive)]) { $0[0] / $0[1] },
    GradientCase("x * x (one input used twice)", shapes: [[3, 4]]) { $0[0] * $0[0] },
    GradientCase("compound assignment", shapes: [[3, 4], [4]]) { xs in
        var y = xs[0]
        y += xs[1]
        y *= xs[0]
        y -= xs[1]
        y *= 1.5
        return y
    },
    GradientCase("-x", shapes: [[3, 4]]) { -$0[0] },
    GradientCase("x + 2", shapes: [[3, 4]]) { $0[0] + 2 },
    GradientCase("2 + x", shapes: [[3, 4]]) { 2 + $0[0] },
    GradientCase("x - 2", shapes: [[3, 4]]) { $0[0] - 2 },
    GradientCase("2 - x", shapes: [[3, 4]]) { 2 - $0[0] },
    GradientCase("x * 3", shapes: [[3, 4]]) { $0[0] * 3 },
    GradientCase("3 * x", shapes: [[3, 4]]) { 3 * $0[0] },
    GradientCase("x / 4", shapes: [[3, 4]]) { $0[0] / 4 },
    GradientCase("2 / x", [([3, 4], .positive)]) { 2 / $0[0] },
]

let unaryCases: [GradientCase] = [
    GradientCase("exp", shapes: [[3, 4]]) { $0[0].exp() },
    GradientCase("log", [([3, 4], .positive)]) { $0[0].log() },
    GradientCase("sqrt", [([3, 4], .positive)]) { $0[0].sqrt() },
    GradientCase("pow 2.5", [([3, 4], .positive)]) { $0[0].pow(2.5) },
    GradientCase("pow -1.5", [([3, 4], .positive)]) { $0[0].pow(-1.5) },
    GradientCase("squared", shapes: [[3, 4]]) { $0[0].squared() },
    GradientCase("abs", [([3, 4], .awayFromZero)]) { $0[0].abs() },
    GradientCase("tanh", shapes: [[3, 4]]) { ($0[0] * 2).tanh() },
    GradientCase("sigmoid", shapes: [[3, 4]]) { ($0[0] * 3).sigmoid() },
    GradientCase("relu", [([3, 4], .awayFromZero)]) { $0[0].relu() },
    GradientCase("gelu (erf)", shapes: [[3, 4]]) { ($0[0] * 2).gelu() },
    GradientCase("gelu (tanh)", shapes: [[3, 4]]) { ($0[0] * 2).gelu(approximateTanh: true) },
    GradientCase("clamped", [([4, 5], .distinct)]) { $0[0].clamped(-0.5, 0.5) },
]

let reductionCases: [GradientCase] = [
    GradientCase("sum", shapes: [[3, 4]]) { $0[0].sum() },
    GradientCase("sum of a scalar", shapes: [[]]) { $0[0].sum() },
    GradientCase("summed along axis 0", shapes: [[3, 4]]) { $0[0].summed(alongAxis: 0) },
    GradientCase("summed along axis -1, keeping dims", shapes: [[3, 4]]) { $0[0].summed(alongAxis: -1, keepingDims: true) },
    GradientCase("summed along axes [0, 2]", shapes: [[2, 3, 4]]) { $0[0].summed(alongAxes: [0, 2]) },
    GradientCase("summed along axes [2, 1], keeping dims", shapes: [[2, 3, 4]]) { $0[0].summed(alongAxes: [2, 1], keepingDims: true) },
    GradientCase("mean", shapes: [[3, 4]]) { $0[0].mean() },
    GradientCase("mean along axis 1", shapes: [[2, 3, 4]]) { $0[0].mean(alongAxis: 1) },
    GradientCase("mean along axes [0, 2], keeping dims", shapes: [[2, 3, 4]]) { $0[0].mean(alongAxes: [0, 2], keepingDims: true) },
    GradientCase("max along axis 1", [([3, 4, 2], .distinct)]) { $0[0].max(alongAxis: 1) },
    GradientCase("max along axis 0, keeping dims", [([3, 4], .distinct)]) { $0[0].max(alongAxis: 0, keepingDims: true) },
    GradientCase("max of all", [([3, 4], .distinct)]) { $0[0].max() },
]

let shapeCases: [GradientCase] = [
    GradientCase("reshaped", shapes: [[3, 4]]) { $0[0].reshaped(to: [2, 6]) },
    GradientCase("reshaped with -1", shapes: [[2, 3, 4]]) { $0[0].reshaped(to: [-1, 4]) },
    GradientCase("broadcasted [3,1] to [2,3,4]", shapes: [[3, 1]]) { $0[0].broadcasted(to: [2, 3, 4]) },
    GradientCase("broadcasted [4] to [3,4]", shapes: [[4]]) { $0[0].broadcasted(to: [3, 4]) },
    GradientCase("permuted [2,0,1]", shapes: [[2, 3, 4]]) { $0[0].permuted([2, 0, 1]) },
    GradientCase("permuted [0,2,1,3]", shapes: [[2, 3, 2, 3]]) { $0[0].permuted([0, 2, 1, 3]) },
    GradientCase("transposed 2-D", shapes: [[3, 4]]) { $0[0].transposed() },
    GradientCase("transposed batched", shapes: [[2, 3, 4]]) { $0[0].transposed() },
    GradientCase("slice along axis 1", shapes: [[3, 5]]) { $0[0].slice(alongAxis: 1, 1..<4) },
    GradientCase("slice along axis 0", shapes: [[4, 2, 3]]) { $0[0].slice(alongAxis: 0, 2..<4) },
    GradientCase("concatenate along axis 0", shapes: [[2, 3], [1, 3], [3, 3]]) { Tensor.concatenate($0, alongAxis: 0) },
    GradientCase("concatenate along axis -1", shapes: [[2, 2, 1], [2, 2, 3]]) { Tensor.concatenate($0, alongAxis: -1) },
    GradientCase("gathering rows, repeated", shapes: [[4, 3]]) { $0[0].gathering(rows: [2, 0, 2, 1, 2]) },
    GradientCase("gathering rows with an index shape", shapes: [[5, 2]]) { $0[0].gathering(rows: [4, 4, 0, 1], indexShape: [2, 2]) },
    GradientCase("unsqueezed and squeezed", shapes: [[3, 4]]) { $0[0].unsqueezed(at: 1).squeezed(at: 1).unsqueezed(at: -1) * $0[0].unsqueezed(at: 0).squeezed().unsqueezed(at: 2) },
    GradientCase("split into equal pieces", shapes: [[2, 6]]) { xs in
        let p = xs[0].split(alongAxis: 1, count: 3)
        return p[0] * 2 + p[1] * p[2]
    },
    GradientCase("split by sizes", shapes: [[5, 2]]) { xs in
        let p = xs[0].split(alongAxis: 0, sizes: [1, 3, 1])
        return p[1] * p[0] - p[2]
    },
    GradientCase("stack along a new middle axis", shapes: [[2, 3], [2, 3]]) { Tensor.stack([$0[0], $0[1], $0[0] * $0[1]], alongAxis: 1) },
    GradientCase("masked fill (causal)", shapes: [[2, 4, 4]]) { $0[0].maskedFill(Tensor.causalMask(4), value: -1e9).softmax() },
    GradientCase("masked fill with a broadcast row mask", shapes: [[3, 4]]) { $0[0].maskedFill(Tensor([0, 1, 0, 1]), value: 7) },
    GradientCase("dropout (same generator state each call)", shapes: [[4, 5]]) { xs in
        var generator = RandomGenerator(seed: 3)
        return dropout(xs[0], probability: 0.4, generator: &generator)
    },
    GradientCase("dropout with p = 1", shapes: [[3, 2]]) { xs in
        var generator = RandomGenerator(seed: 3)
        return dropout(xs[0], probability: 1, generator: &generator) + xs[0]
    },
]

let matmulCases: [GradientCase] = [
    GradientCase("matmul 2-D", shapes: [[3, 4], [4, 5]]) { matmul($0[0], $0[1]) },
    GradientCase("matmul 2-D, aᵀ", shapes: [[4, 3], [4, 5]]) { matmul($0[0], $0[1], transposeA: true) },
    GradientCase("matmul 2-D, bᵀ", shapes: [[3, 4], [5, 4]]) { matmul($0[0], $0[1], transposeB: true) },
    GradientCase("matmul 2-D, aᵀ bᵀ", shapes: [[4, 3], [5, 4]]) { matmul($0[0], $0[1], transposeA: true, transposeB: true) },
    GradientCase("matmul batched", shapes: [[2, 3, 4], [2, 4, 5]]) { matmul($0[0], $0[1]) },
    GradientCase("matmul batched, aᵀ", shapes: [[2, 4, 3], [2, 4, 5]]) { matmul($0[0], $0[1], transposeA: true) },
    GradientCase("matmul batched, bᵀ", shapes: [[2, 2, 3, 4], [2, 2, 5, 4]]) { matmul($0[0], $0[1], transposeB: true) },
    GradientCase("matmul batched, aᵀ bᵀ", shapes: [[2, 4, 3], [2, 5, 4]]) { matmul($0[0], $0[1], transposeA: true, transposeB: true) },
    GradientCase("matmul with a shared 2-D right operand", shapes: [[2, 3, 4], [4, 5]]) { matmul($0[0], $0[1]) },
    GradientCase("matmul with a shared 2-D right operand, bᵀ", shapes: [[2, 3, 4], [5, 4]]) { matmul($0[0], $0[1], transposeB: true) },
    GradientCase("matmul with a shared 2-D right operand, aᵀ", shapes: [[2, 4, 3], [4, 5]]) { matmul($0[0], $0[1], transposeA: true) },
    GradientCase("matmul with a shared 2-D right operand, aᵀ bᵀ", shapes: [[2, 4, 3], [5, 4]]) { matmul($0[0], $0[1], transposeA: true, transposeB: true) },
    GradientCase("Tensor.matmul", shapes: [[2, 3], [3, 2]]) { $0[0].matmul($0[1]) },
    GradientCase("linear with bias", shapes: [[3, 4], [5, 4], [5]]) { linear($0[0], weight: $0[1], bias: $0[2]) },
    GradientCase("linear on a batch of sequences", shapes: [[2, 3, 4], [5, 4], [5]]) { linear($0[0], weight: $0[1], bias: $0[2]) },
    GradientCase("linear without bias", shapes: [[3, 4], [5, 4]]) { linear($0[0], weight: $0[1], bias: nil) },
    GradientCase("linear and GELU fused", shapes: [[2, 3, 4], [5, 4], [5]]) { linearGELU($0[0], weight: $0[1], bias: $0[2]) },
]

let softmaxCases: [GradientCase] = [
    GradientCase("softmax along the last axis", shapes: [[3, 5]]) { ($0[0] * 3).softmax() },
    GradientCase("softmax along axis 1 of 3", shapes: [[2, 4, 3]]) { ($0[0] * 3).softmax(alongAxis: 1) },
    GradientCase("logSoftmax along the last axis", shapes: [[3, 5]]) { ($0[0] * 3).logSoftmax() },
    GradientCase("logSoftmax along axis 0", shapes: [[4, 3]]) { ($0[0] * 3).logSoftmax(alongAxis: 0) },
    GradientCase("logSumExp along axis 1", shapes: [[3, 4]]) { ($0[0] * 3).logSumExp(alongAxis: 1) },
    GradientCase("logSumExp along axis 0, keeping dims", shapes: [[3, 2, 4]]) { ($0[0] * 3).logSumExp(alongAxis: 0, keepingDims: true) },
    GradientCase("causal attention from a fused qkv, 2 heads", shapes: [[2, 5, 12]]) { causalAttention($0[0] * 2, heads: 2) },
]

let convolutionCases: [GradientCase] = [
    GradientCase("conv2d stride 1 padding 0 with bias", shapes: [[2, 2, 5, 6], [3, 2, 3, 3], [3]]) {
        conv2d($0[0], $0[1], bias: $0[2])
    },
    GradientCase("conv2d stride 1 padding 1", shapes: [[2, 2, 4, 5], [3, 2, 3, 3]]) {
        conv2d($0[0], $0[1], stride: 1, padding: 1)
    },
    GradientCase("conv2d stride 2 padding 0", shapes: [[2, 2, 6, 5], [2, 2, 3, 3], [2]]) {
        conv2d($0[0], $0[1], bias: $0[2], stride: 2)
    },
    GradientCase("conv2d stride 2 padding 1", shapes: [[1, 3, 5, 5], [2, 3, 3, 3], [2]]) {
        conv2d($0[0], $0[1], bias: $0[2], stride: 2, padding: 1)
    },
    GradientCase("conv2d stride (2,1) padding (1,0), 2×4 kernel", shapes: [[2, 1, 5, 6], [3, 1, 2, 4], [3]]) {
        conv2d($0[0], $0[1], bias: $0[2], stride: (2, 1), padding: (1, 0))
    },
    GradientCase("conv2d 1×1 kernel", shapes: [[2, 3, 2, 3], [4, 3, 1, 1]]) { conv2d($0[0], $0[1]) },
    GradientCase("conv2d with the kernel larger than the stride and padding 2", shapes: [[1, 1, 3, 3], [1, 1, 3, 3]]) {
        conv2d($0[0], $0[1], stride: 3, padding: 2)
    },
]

let poolingCases: [GradientCase] = [
    GradientCase("maxPool2d kernel 2", [([2, 2, 4, 6], .distinct)]) { $0[0].maxPool2d(kernel: 2) },
    GradientCase("maxPool2d kernel 3 stride 1 padding 1 (overlapping)", [([1, 2, 4, 5], .distinct)]) {
        $0[0].maxPool2d(kernel: 3, stride: 1, padding: 1)
    },
    GradientCase("maxPool2d kernel (2,3) stride (1,2)", [([2, 1, 4, 7], .distinct)]) {
        $0[0].maxPool2d(kernel: (2, 3), stride: (1, 2))
    },
    GradientCase("avgPool2d kernel 2", shapes: [[2, 2, 4, 6]]) { $0[0].avgPool2d(kernel: 2) },
    GradientCase("avgPool2d kernel 3 stride 2 padding 1", shapes: [[1, 2, 5, 6]]) {
        $0[0].avgPool2d(kernel: 3, stride: 2, padding: 1)
    },
    GradientCase("avgPool2d kernel (2,3) stride (1,2) padding (1,1)", shapes: [[2, 1, 3, 5]]) {
        $0[0].avgPool2d(kernel: (2, 3), stride: (1, 2), padding: (1, 1))
    },
]

let normalizationCases: [GradientCase] = [
    GradientCase("layerNorm over the last axis with weight and bias", shapes: [[3, 5], [5], [5]]) {
        layerNorm($0[0], weight: $0[1], bias: $0[2])
    },
    GradientCase("layerNorm over the last two axes", shapes: [[2, 3, 4], [3, 4], [3, 4]]) {
        layerNorm($0[0], normalizedShape: [3, 4], weight: $0[1], bias: $0[2])
    },
    GradientCase("layerNorm without affine", shapes: [[4, 6]]) { layerNorm($0[0]) },
    GradientCase("layerNorm with weight only", shapes: [[2, 2, 17], [17]]) { layerNorm($0[0], weight: $0[1]) },
    GradientCase("layerNorm with bias only", shapes: [[3, 4], [4]]) { layerNorm($0[0], bias: $0[1]) },
]

let compositeCases: [GradientCase] = [
    GradientCase("linear, gelu, layer norm, log-softmax", shapes: [[4, 3], [3, 5], [5], [5]]) { p in
        let hidden = (matmul(p[0], p[1]) + p[2]).gelu()
        return layerNorm(hidden, weight: p[3]).logSoftmax()
    },
    GradientCase("conv, relu-free pool, mean", shapes: [[2, 1, 6, 6], [2, 1, 3, 3], [2]]) { p in
        conv2d(p[0], p[1], bias: p[2], padding: 1).tanh().avgPool2d(kernel: 2).mean(alongAxes: [2, 3])
    },
    GradientCase("attention scores with a causal mask", shapes: [[2, 3, 4], [2, 3, 4], [2, 3, 4]]) { p in
        let scores = matmul(p[0], p[1], transposeB: true) * 0.5
        return matmul(scores.maskedFill(Tensor.causalMask(3), value: -.infinity).softmax(), p[2])
    },
]

@Suite("Gradients against finite differences")
struct GradientTests {
    @Test(arguments: gradientCases)
    func gradientMatchesFiniteDifferences(_ testCase: GradientCase) {
        expectGradients(at: testCase.drawInputs(), absolute: testCase.absolute) { testCase.f($0) }
    }
}
