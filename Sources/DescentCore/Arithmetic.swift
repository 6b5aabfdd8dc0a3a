/// Broadcasting arithmetic with gradients.
extension Tensor {
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor {
        let result = lhs.broadcasting(rhs, +)
        return record(result, inputs: [lhs, rhs]) { g, needed in
            [needed[0] ? g.unbroadcast(to: lhs.shape) : nil,
             needed[1] ? g.unbroadcast(to: rhs.shape) : nil]
        }
    }

    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor {
        let result = lhs.broadcasting(rhs, -)
        return record(result, inputs: [lhs, rhs]) { g, needed in
            [needed[0] ? g.unbroadcast(to: lhs.shape) : nil,
             needed[1] ? (-g).unbroadcast(to: rhs.shape) : nil]
        }
    }

    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor {
        let result = lhs.broadcasting(rhs, *)
        return record(result, inputs: [lhs, rhs]) { g, needed in
            [needed[0] ? (g * rhs).unbroadcast(to: lhs.shape) : nil,
             needed[1] ? (g * lhs).unbroadcast(to: rhs.shape) : nil]
        }
    }

    public static func / (lhs: Tensor, rhs: Tensor) -> Tensor {
        let result = lhs.broadcasting(rhs, /)
        return record(result, inputs: [lhs, rhs]) { g, needed in
            [needed[0] ? (g / rhs).unbroadcast(to: lhs.shape) : nil,
             needed[1] ? (-g * result.detached / rhs).unbroadcast(to: rhs.shape) : nil]
        }
    }

    public static prefix func - (x: Tensor) -> Tensor {
        record(x.mapped { -$0 }, input: x) { -$0 }
    }

    public static func + (lhs: Tensor, rhs: Float) -> Tensor {
        record(lhs.mapped { $0 + rhs }, input: lhs) { $0 }
    }

    public static func + (lhs: Float, rhs: Tensor) -> Tensor { rhs + lhs }

    public static func - (lhs: Tensor, rhs: Float) -> Tensor { lhs + (-rhs) }

    public static func - (lhs: Float, rhs: Tensor) -> Tensor {
        record(rhs.mapped { lhs - $0 }, input: rhs) { -$0 }
    }

    public static func * (lhs: Tensor, rhs: Float) -> Tensor {
        record(lhs.mapped { $0 * rhs }, input: lhs) { $0 * rhs }
    }

    public static func * (lhs: Float, rhs: Tensor) -> Tensor { rhs * lhs }

    public static func / (lhs: Tensor, rhs: Float) -> Tensor { lhs * (1 / rhs) }

    public static func / (lhs: Float, rhs: Tensor) -> Tensor {
        let result = rhs.mapped { lhs / $0 }
        return record(result, input: rhs) { g in g.zipped(result, rhs) { g, r, x in -g * r / x } }
    }

    public static func += (lhs: inout Tensor, rhs: Tensor) { lhs = lhs + rhs }
    public static func -= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs - rhs }
    public static func *= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs * rhs }
    public static func *= (lhs: inout Tensor, rhs: Float) { lhs = lhs * rhs }
}
