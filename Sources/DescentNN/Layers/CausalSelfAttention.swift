/// Multi-head self-attention with a causal mask (each position attends to itself and
/// earlier ones), as in GPT-2: one `qkv` projection to 3·width, scaled dot products per
/// head, softmax, and an output projection `proj`.
public struct CausalSelfAttention: Layer {
    public let width: Int
    public let heads: Int
    public let dropout: Float

    public init(width: Int, heads: Int, dropout: Float = 0) {
        precondition(heads > 0 && width % heads == 0, "width \(width) is not divisible by \(heads) heads")
        self.width = width
        self.heads = heads
        self.dropout = dropout
    }

    var qkv: Linear { Linear(width, 3 * width) }
    var proj: Linear { Linear(width, width) }

    public func initialParameters(generator: inout RandomGenerator) -> [(name: String, value: Tensor)] {
        prefixed("qkv", qkv.initialParameters(generator: &generator))
            + prefixed("proj", proj.initialParameters(generator: &generator))
    }

    /// `input` is [batch, time, width].
    public func callAsFunction(_ input: Tensor, parameters: ParameterScope, context: inout ForwardContext) -> Tensor {
        precondition(input.rank == 3 && input.shape[2] == width,
                     "attention expects [batch, time, \(width)], got \(input.shape)")
        if !(context.training && dropout > 0) {
            return callAsFunction(input, parameters: parameters, adding: nil)
        }
        // With attention dropout: the composed form.
        let (batch, time) = (input.shape[0], input.shape[1])
        let headWidth = width / heads
        let projected = qkv(input, parameters: parameters.child("qkv"), context: &context)
        // [B, T, 3, H, d] -> [3, B, H, T, d]
        let split = projected.reshaped(to: [batch, time, 3, heads, headWidth]).permuted([2, 0, 3, 1, 4])
        let perPart = batch * heads * time * headWidth
        let parts = (0..<3).map { split.reshaped(to: [3, perPart]).slice(alongAxis: 0, $0..<($0 + 1)).reshaped(to: [batch, heads, time, headWidth]) }
        let scores = matmul(parts[0], parts[1], transposeB: true) * (1 / Float(headWidth).squareRoot())
        var weights = (scores + CausalSelfAttention.mask(time)).softmax(alongAxis: -1)
        weights = DescentCore.dropout(weights, probability: dropout, generator: &context.generator)
        let attended = matmul(weights, parts[2])  // [B, H, T, d]
            .permuted([0, 2, 1, 3]).reshaped(to: [batch, time, width])
        return proj(attended, parameters: parameters.child("proj"), context: &context)
    }

    /// `residual` + attention(`input`) without dropout: the fused kernel (no permuted copies, no
    /// T×T matrix kept for the backward pass), the residual added inside the output projection.
    public func callAsFunction(_ input: Tensor, parameters: ParameterScope, adding residual: Tensor?) -> Tensor {
        precondition(input.rank == 3 && input.shape[2] == width,
                     "attention expects [batch, time, \(width)], got \(input.shape)")
        let (qkv, proj) = (parameters.child("qkv"), parameters.child("proj"))
        let attended = causalAttention(linear(input, weight: qkv["weight"], bias: qkv["bias"]), heads: heads)
        return linear(attended, weight: proj["weight"], bias: proj["bias"], adding: residual)
    }

    /// [T, T] with 0 on and below the diagonal and −∞ above.
    static func mask(_ time: Int) -> Tensor {
        var scalars = [Float](repeating: 0, count: time * time)
        for row in 0..<time { for column in (row + 1)..<max(time, row + 1) { scalars[row * time + column] = -.infinity } }
        return Tensor(shape: [time, time], scalars: scalars)
    }
}
