/// Named tensors (a checkpoint's or an optimizer state's) do not fit a parameter layout.
public struct NamedTensorError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension ParameterSet {
    /// This layout with every parameter's values taken from `tensors[keyPrefix + name]`; the
    /// one codec between named tensors (safetensors files, optimizer state) and the arena.
    ///
    /// Throws naming the first entry that is missing or has another shape; `what` names the
    /// kind of entry in the message (`parameter`, `optimizer state exp_avg for parameter`).
    public func loading(_ tensors: [String: Tensor], keyPrefix: String = "", what: String = "parameter") throws -> ParameterSet {
        var result = self
        result.tape = nil
        try result.storage.withUnsafeMutableBufferPointer { destination in
            for entry in entries {
                guard let tensor = tensors[keyPrefix + entry.name] else {
                    throw NamedTensorError("\(what) \(entry.name) is missing")
                }
                guard tensor.shape == entry.shape else {
                    throw NamedTensorError("\(what) \(entry.name) has shape \(tensor.shape), expected \(entry.shape)")
                }
                tensor.scalars.withUnsafeBufferPointer {
                    (destination.baseAddress! + entry.offset).update(from: $0.baseAddress!, count: entry.count)
                }
            }
        }
        return result
    }

    /// The parameters as named tensors (`keyPrefix + name`), the inverse of ``loading(_:keyPrefix:what:)``.
    public func namedTensors(keyPrefix: String = "") -> [String: Tensor] {
        var result: [String: Tensor] = [:]
        for entry in entries {
            result[keyPrefix + entry.name] = Tensor(shape: entry.shape, scalars: Array(storage[entry.range]))
        }
        return result
    }
}
