/// A `DecodingError` said in a few words with where it happened, for one-line file errors.
package enum DecodingFailure {
    /// "missing key step at history.3", "wrong type at trials.0.seed", or the error's own text.
    package static func describe(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        let (context, what): (DecodingError.Context, String)
        switch error {
        case .typeMismatch(_, let c): (context, what) = (c, "wrong type")
        case .valueNotFound(_, let c): (context, what) = (c, "missing value")
        case .keyNotFound(let key, let c): (context, what) = (c, "missing key \(key.stringValue)")
        case .dataCorrupted(let c): (context, what) = (c, "invalid data")
        @unknown default: return "\(error)"
        }
        let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        return path.isEmpty ? what : "\(what) at \(path)"
    }
}
