import CDescentKernels
import Foundation

/// Fused optimizer steps over the parameter arena with state in any ``StateDType``, split
/// across the compute threads: float32 state runs the plain kernels, bfloat16 and 8-bit state
/// their low-precision variants (LowPrecisionState.c). 8-bit state is stepped in runs of
/// whole blocks of one segment (``QuantizationBlocks``).
///
/// bfloat16 rounding draws its random bits from (seed, step, element index) only, so a result
/// does not depend on the thread count.
package enum LowPrecisionStep {
    /// Elements per thread below which a step runs on one thread.
    static let grain = 1 << 16

    /// The seed of one step's rounding: distinct for every (seed, step).
    static func stepSeed(_ seed: UInt64, _ step: Int) -> UInt64 {
        seed &+ UInt64(truncatingIfNeeded: step) &* 0x9E37_79B9_7F4A_7C15
    }

    /// Runs `body` over chunks of `0..<count` on the compute threads.
    static func chunks(_ count: Int, _ body: (Range<Int>) -> Void) {
        parallelChunks(count, grain: grain, body)
    }

    /// One AdamW step (torch.optim.AdamW; `decoupled: false` is torch.optim.Adam with L2 decay)
    /// at `step` (1 for the first); `m` is signed and `v` unsigned 8-bit state when int8.
    package static func adamw(
        parameters: inout ParameterSet, gradients: ParameterSet, m: inout QuantizedStateBuffer,
        v: inout QuantizedStateBuffer, lr: Float, beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8,
        weightDecay: Float = 1e-2, decoupled: Bool = true, maximize: Bool = false, step: Int, seed: UInt64
    ) {
        let count = parameters.scalarCount
        precondition(gradients.scalarCount == count && m.count == count && v.count == count, "state does not match the parameters")
        precondition(m.dtype == v.dtype && m.blocks == v.blocks, "m and v have different dtypes or segments")
        precondition(m.dtype != .int8 || (m.isSigned && !v.isSigned), "8-bit m uses the signed map, v the unsigned one")
        guard count > 0 else { return }
        let t = Float(step)
        let bc1 = 1 - pow(beta1, t), bc2Sqrt = (1 - pow(beta2, t)).squareRoot()
        let (decay, coupled) = decoupled ? (weightDecay, Float(0)) : (Float(0), weightDecay)
        let flip: Int32 = maximize ? 1 : 0
        let dtype = m.dtype, blocks = m.blocks, seed = stepSeed(seed, step)
        parameters.storage.withUnsafeMutableBufferPointer { p in
            gradients.storage.withUnsafeBufferPointer { g in
                let (p, g) = (UncheckedSendable(p.baseAddress!), UncheckedSendable(g.baseAddress!))
                switch dtype {
                case .float32:
                    m.withUnsafeMutableFloats { mp in
                        v.withUnsafeMutableFloats { vp in
                            let (mp, vp) = (UncheckedSendable(mp), UncheckedSendable(vp))
                            chunks(count) { r in
                                let i = r.lowerBound
                                descent_adamw_step(p.value + i, g.value + i, mp.value + i, vp.value + i, nil, r.count,
                                                   lr, beta1, beta2, eps, decay, coupled, bc1, bc2Sqrt, 0, maximize ? -1 : 1)
                            }
                        }
                    }
                case .bfloat16:
                    m.withUnsafeMutableHalves { mp in
                        v.withUnsafeMutableHalves { vp in
                            let (mp, vp) = (UncheckedSendable(mp), UncheckedSendable(vp))
                            chunks(count) { r in
                                let i = r.lowerBound
                                descent_adamw_step_bf16(p.value + i, g.value + i, mp.value + i, vp.value + i, r.count,
                                                        lr, beta1, beta2, eps, decay, coupled, bc1, bc2Sqrt, flip,
                                                        seed, UInt64(i))
                            }
                        }
                    }
                case .int8:
                    m.withUnsafeMutableCodes { mc, ma in
                        v.withUnsafeMutableCodes { vc, va in
                            let codes = UncheckedSendable((mc, ma, vc, va))
                            let maps = (DynamicQuantizationMap.preparedSigned.pointer, DynamicQuantizationMap.preparedSecondMoment.pointer)
                            let prepared = UncheckedSendable(maps)
                            blocks.parallelRuns(grain: grain) { r, b in
                                let (mc, ma, vc, va) = codes.value
                                let i = r.lowerBound
                                let m8 = UnsafeMutableRawPointer(mc + i).assumingMemoryBound(to: Int8.self)
                                descent_adamw_step_int8(p.value + i, g.value + i, m8, ma + b, vc + i, va + b, r.count,
                                                        lr, beta1, beta2, eps, decay, coupled, bc1, bc2Sqrt, flip,
                                                        prepared.value.0, prepared.value.1)
                            }
                        }
                    }
                }
            }
        }
    }

    /// One torch.optim.SGD step with momentum at `step` (1 for the first: the buffer becomes
    /// the gradient); `momentumBuffer` is signed 8-bit state when int8.
    package static func sgd(
        parameters: inout ParameterSet, gradients: ParameterSet, momentumBuffer buffer: inout QuantizedStateBuffer,
        lr: Float, momentum: Float, dampening: Float = 0, weightDecay: Float = 0, nesterov: Bool = false,
        maximize: Bool = false, step: Int, seed: UInt64
    ) {
        precondition(buffer.dtype != .int8 || buffer.isSigned, "8-bit momentum uses the signed map")
        let (nest, flip, first): (Int32, Int32, Int32) = (nesterov ? 1 : 0, maximize ? 1 : 0, step == 1 ? 1 : 0)
        let seed = stepSeed(seed, step)
        oneBufferStep(
            &parameters, gradients, &buffer,
            float32: { p, g, b, n in
                descent_sgd_step(p, g, b, n, lr, momentum, dampening, weightDecay, nest, maximize ? -1 : 1, first)
            },
            bfloat16: { p, g, b, n, i in
                descent_sgd_step_bf16(p, g, b, n, lr, momentum, dampening, weightDecay, nest, flip, first, seed, i)
            },
            int8: { p, g, b, absmax, n, map in
                descent_sgd_step_int8(p, g, b, absmax, n, lr, momentum, dampening, weightDecay, nest, flip, first, map)
            })
    }

    /// One Lion step (lion-pytorch) at `step` (which only seeds the rounding); `m` is signed
    /// 8-bit state when int8.
    package static func lion(
        parameters: inout ParameterSet, gradients: ParameterSet, m: inout QuantizedStateBuffer, lr: Float,
        beta1: Float = 0.9, beta2: Float = 0.99, weightDecay: Float = 0, step: Int, seed: UInt64
    ) {
        precondition(m.dtype != .int8 || m.isSigned, "8-bit Lion momentum uses the signed map")
        let decay = 1 - lr * weightDecay
        let seed = stepSeed(seed, step)
        oneBufferStep(
            &parameters, gradients, &m,
            float32: { p, g, m, n in descent_lion_step(p, g, m, n, lr, beta1, beta2, decay, 1) },
            bfloat16: { p, g, m, n, i in descent_lion_step_bf16(p, g, m, n, lr, beta1, beta2, decay, seed, i) },
            int8: { p, g, m, absmax, n, map in descent_lion_step_int8(p, g, m, absmax, n, lr, beta1, beta2, decay, map) })
    }

    /// A step with one state buffer (`buffer`, on the signed map when int8) over the arena:
    /// float32 and bfloat16 state on chunks split across the compute threads, 8-bit state on
    /// runs of whole blocks. Each kernel gets the parameters, gradients and state at its run's
    /// first element and the run's length; bfloat16's also the run's first index (the rounding
    /// draws from it), int8's the run's first block's absmax and the map.
    private static func oneBufferStep(
        _ parameters: inout ParameterSet, _ gradients: ParameterSet, _ buffer: inout QuantizedStateBuffer,
        float32: (UnsafeMutablePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void,
        bfloat16: (UnsafeMutablePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<UInt16>, Int, UInt64) -> Void,
        int8: (UnsafeMutablePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Int8>, UnsafeMutablePointer<Float>, Int,
               UnsafeMutablePointer<descent_qmap>) -> Void
    ) {
        let count = parameters.scalarCount
        precondition(gradients.scalarCount == count && buffer.count == count, "state does not match the parameters")
        guard count > 0 else { return }
        let blocks = buffer.blocks
        parameters.storage.withUnsafeMutableBufferPointer { p in
            gradients.storage.withUnsafeBufferPointer { g in
                let (p, g) = (UncheckedSendable(p.baseAddress!), UncheckedSendable(g.baseAddress!))
                switch buffer.dtype {
                case .float32:
                    buffer.withUnsafeMutableFloats { b in
                        let b = UncheckedSendable(b)
                        chunks(count) { r in
                            let i = r.lowerBound
                            float32(p.value + i, g.value + i, b.value + i, r.count)
                        }
                    }
                case .bfloat16:
                    buffer.withUnsafeMutableHalves { b in
                        let b = UncheckedSendable(b)
                        chunks(count) { r in
                            let i = r.lowerBound
                            bfloat16(p.value + i, g.value + i, b.value + i, r.count, UInt64(i))
                        }
                    }
                case .int8:
                    buffer.withUnsafeMutableCodes { codes, absmax in
                        let shared = UncheckedSendable((codes, absmax, DynamicQuantizationMap.preparedSigned.pointer))
                        blocks.parallelRuns(grain: grain) { r, block in
                            let (codes, absmax, map) = shared.value
                            let i = r.lowerBound
                            let b8 = UnsafeMutableRawPointer(codes + i).assumingMemoryBound(to: Int8.self)
                            int8(p.value + i, g.value + i, b8, absmax + block, r.count, map)
                        }
                    }
                }
            }
        }
    }
}
