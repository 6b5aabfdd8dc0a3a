/// A small GPT-style language model: token and position embeddings, pre-norm blocks of
/// causal self-attention and a GELU MLP (4× width), a final layer norm and a linear head.
///
/// Input: token indices [batch, time] (as Float); output: next-token logits
/// [batch, time, vocabulary]. Parameter names follow nanoGPT (`wte`, `wpe`, `h.0.attn`, …).
public struct TransformerLanguageModel: Layer {
    public let vocabulary: Int
    public let contextLength: Int
    public let layers: Int
    public let heads: Int
    public let width: Int
    public let dropout: Float

    public init(vocabulary: Int, contextLength: Int, layers: Int = 2, heads: Int = 4, width: Int = 128, dropout: Float = 0) {
        self.vocabulary = vocabulary
        self.contextLength = contextLength
        self.layers = layers
        self.heads = heads
        self.width = width
        self.dropout = dropout
    }

    struct Block: Layer {
        let width: Int
        let heads: Int
        let dropout: Float

        var attention: CausalSelfAttention { CausalSelfAttention(width: width, heads: heads, dropout: dropout) }
        var feedForward: Sequential {
            Sequential {
                Linear(width, 4 * width)
                Activation(.gelu)
                Linear(4 * width, width)
                if dropout > 0 { Dropout(dropout) }
            }
        }

        func initialParameters(generator: inout RandomGenerator) -> [(name: String, value: Tensor)] {
            prefixed("ln_1", LayerNormalization(width).initialParameters(generator: &generator))
                + prefixed("attn", attention.initialParameters(generator: &generator))
                + prefixed("ln_2", LayerNormalization(width).initialParameters(generator: &generator))
                + prefixed("mlp", feedForward.initialParameters(generator: &generator))
        }

        func callAsFunction(_ input: Tensor, parameters: ParameterScope, context: inout ForwardContext) -> Tensor {
            let norm = LayerNormalization(width)
            var x = input
            x = x + attention(norm(x, parameters: parameters.child("ln_1"), context: &context),
                              parameters: parameters.child("attn"), context: &context)
            x = x + feedForwardOutput(norm(x, parameters: parameters.child("ln_2"), context: &context),
                                      parameters: parameters.child("mlp"), context: &context)
            return x
        }

        /// `feedForward` with its first linear layer and the GELU as one operation (`linearGELU`).
        func feedForwardOutput(_ input: Tensor, parameters: ParameterScope, context: inout ForwardContext) -> Tensor {
            let first = parameters.child("0")
            let hidden = linearGELU(input, weight: first["weight"], bias: first["bias"])
            let output = Linear(4 * width, width)(hidden, parameters: parameters.child("2"), context: &context)
            return dropout > 0 ? Dropout(dropout)(output, parameters: parameters.child("3"), context: &context) : output
        }
    }

    var block: Block { Block(width: width, heads: heads, dropout: dropout) }

    public func initialParameters(generator: inout RandomGenerator) -> [(name: String, value: Tensor)] {
        // Embeddings drawn from N(0, 0.02²), as GPT-2 and nanoGPT do.
        var result = prefixed("wte", Embedding(vocabulary, width, initializer: .normal(std: 0.02)).initialParameters(generator: &generator))
        result += prefixed("wpe", Embedding(contextLength, width, initializer: .normal(std: 0.02)).initialParameters(generator: &generator))
        for index in 0..<layers {
            result += prefixed("h.\(index)", block.initialParameters(generator: &generator))
        }
        result += prefixed("ln_f", LayerNormalization(width).initialParameters(generator: &generator))
        result += prefixed("lm_head", Linear(width, vocabulary).initialParameters(generator: &generator))
        return result
    }

    public func callAsFunction(_ input: Tensor, parameters: ParameterScope, context: inout ForwardContext) -> Tensor {
        precondition(input.rank == 2 && input.shape[1] <= contextLength,
                     "the language model expects tokens [batch, time ≤ \(contextLength)], got \(input.shape)")
        let time = input.shape[1]
        let tokens = Embedding(vocabulary, width)(input, parameters: parameters.child("wte"), context: &context)
        let positions = Embedding(contextLength, width)(
            Tensor(shape: [time], scalars: (0..<time).map(Float.init)), parameters: parameters.child("wpe"), context: &context)
        var x = tokens + positions
        if context.training && dropout > 0 { x = Dropout(dropout)(x, parameters: parameters, context: &context) }
        for index in 0..<layers {
            x = block(x, parameters: parameters.child("h.\(index)"), context: &context)
        }
        x = LayerNormalization(width)(x, parameters: parameters.child("ln_f"), context: &context)
        return Linear(width, vocabulary)(x, parameters: parameters.child("lm_head"), context: &context)
    }
}
