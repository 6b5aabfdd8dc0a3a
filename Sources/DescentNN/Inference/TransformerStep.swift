import DescentCore

/// A ``TransformerLanguageModel``'s forward pass on buffers: token and position embeddings,
/// pre-norm blocks (layer norm, causal attention, output projection added into the residual
/// stream in place; layer norm, linear with GELU, linear added into the stream), final layer
/// norm and head, with the taped model's fused operations' arithmetic, so the same bits. Attention
/// runs one (sample, head) at a time, so only one T×T score matrix is ever held.
struct TransformerStep: Sendable {
    /// Arena offsets of one block's parameters.
    struct Block: Sendable {
        let norm1Weight: Int, norm1Bias: Int
        let qkvWeight: Int, qkvBias: Int
        let projWeight: Int, projBias: Int
        let norm2Weight: Int, norm2Bias: Int
        let upWeight: Int, upBias: Int
        let downWeight: Int, downBias: Int
    }

    let vocabulary: Int
    let contextLength: Int
    let width: Int
    let heads: Int
    let time: Int
    let tokenEmbedding: Int
    let positionEmbedding: Int
    let blocks: [Block]
    let finalNormWeight: Int, finalNormBias: Int
    let headWeight: Int, headBias: Int
    let eps: Float = 1e-5

    init(model: TransformerLanguageModel, time: Int, compiler: InferenceCompiler, prefix: String) throws {
        let d = model.width
        func at(_ name: String, _ shape: [Int]) throws -> Int { try compiler.offset(prefix + name, shape) }
        vocabulary = model.vocabulary
        contextLength = model.contextLength
        width = d
        heads = model.heads
        self.time = time
        tokenEmbedding = try at("wte.weight", [model.vocabulary, d])
        positionEmbedding = try at("wpe.weight", [model.contextLength, d])
        blocks = try (0..<model.layers).map { index in
            let p = "h.\(index)."
            return Block(
                norm1Weight: try at(p + "ln_1.weight", [d]), norm1Bias: try at(p + "ln_1.bias", [d]),
                qkvWeight: try at(p + "attn.qkv.weight", [3 * d, d]), qkvBias: try at(p + "attn.qkv.bias", [3 * d]),
                projWeight: try at(p + "attn.proj.weight", [d, d]), projBias: try at(p + "attn.proj.bias", [d]),
                norm2Weight: try at(p + "ln_2.weight", [d]), norm2Bias: try at(p + "ln_2.bias", [d]),
                upWeight: try at(p + "mlp.0.weight", [4 * d, d]), upBias: try at(p + "mlp.0.bias", [4 * d]),
                downWeight: try at(p + "mlp.2.weight", [d, 4 * d]), downBias: try at(p + "mlp.2.bias", [d]))
        }
        finalNormWeight = try at("ln_f.weight", [d])
        finalNormBias = try at("ln_f.bias", [d])
        headWeight = try at("lm_head.weight", [model.vocabulary, d])
        headBias = try at("lm_head.bias", [model.vocabulary])
    }

    /// The residual stream, the normalised stream, the qkv projection, the attended values,
    /// the MLP's hidden layer (4·width), and the attention's log-normaliser per head and position.
    func workspace(batch: Int) -> Int {
        let positions = batch * time
        return positions * width * 10 + positions * heads
    }

    func run(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>,
             weights w: UnsafePointer<Float>, workspace: UnsafeMutablePointer<Float>) {
        let (d, t, h) = (width, time, heads)
        let positions = rows * t
        let stream = workspace
        let normed = stream + positions * d
        let qkv = normed + positions * d
        let attended = qkv + positions * 3 * d      // [B, T, D]
        let hidden = attended + positions * d       // [B·T, 4D]
        let logNormalizers = hidden + positions * 4 * d  // [B, H, T]
        // Embeddings: token rows plus position rows.
        for p in 0..<positions {
            let token = Int(input[p])
            precondition(token >= 0 && token < vocabulary, "index \(token) out of range 0..<\(vocabulary)")
            let row = stream + p * d, tokenRow = w + tokenEmbedding + token * d, positionRow = w + positionEmbedding + (p % t) * d
            for j in 0..<d { row[j] = tokenRow[j] + positionRow[j] }
        }
        for block in blocks {
            InferenceKernels.layerNorm(stream, rows: positions, width: d, weight: w + block.norm1Weight, bias: w + block.norm1Bias,
                                       eps: eps, into: normed)
            InferenceKernels.linear(normed, rows: positions, inputs: d, weight: w + block.qkvWeight, bias: w + block.qkvBias,
                                    outputs: 3 * d, into: qkv)
            // The taped model's fused kernel, on the qkv rows as they are.
            InferenceKernels.causalAttention(qkv, batch: rows, time: t, width: d, heads: h, into: attended,
                                             logNormalizers: logNormalizers)
            InferenceKernels.linear(attended, rows: positions, inputs: d, weight: w + block.projWeight, bias: w + block.projBias,
                                    outputs: d, adding: stream, into: stream)
            InferenceKernels.layerNorm(stream, rows: positions, width: d, weight: w + block.norm2Weight, bias: w + block.norm2Bias,
                                       eps: eps, into: normed)
            InferenceKernels.linearGELU(normed, rows: positions, inputs: d, weight: w + block.upWeight, bias: w + block.upBias,
                                        outputs: 4 * d, into: hidden)
            InferenceKernels.linear(hidden, rows: positions, inputs: 4 * d, weight: w + block.downWeight,
                                    bias: w + block.downBias, outputs: d, adding: stream, into: stream)
        }
        InferenceKernels.layerNorm(stream, rows: positions, width: d, weight: w + finalNormWeight, bias: w + finalNormBias,
                                   eps: eps, into: normed)
        InferenceKernels.linear(normed, rows: positions, inputs: d, weight: w + headWeight, bias: w + headBias,
                                outputs: vocabulary, into: output)
    }
}
