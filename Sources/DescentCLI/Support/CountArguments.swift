/// The command line's whole-number options, checked before ArgumentParser reads the line.
///
/// ArgumentParser takes a token such as `-1` for an option, so `--epochs -1` would end in
/// four lines about a missing value. A count option followed by a negative number (or
/// written `--epochs=-1`) is instead one line: `--epochs must be a positive integer, got -1`.
enum CountArguments {
    /// The smallest value of each whole-number option, whichever command takes it.
    static let minimum: [String: Int] = [
        "--epochs": 1, "--steps": 1, "--batch-size": 1, "--threads": 1, "--params": 1, "--accumulate": 1,
        "--repeats": 1, "--early-stopping": 1, "--permutations": 1, "--chunk-size": 1,
        "--slice-bins": 1, "--pgd-steps": 1, "--robustness-rows": 1, "--bootstrap": 0,
        "--studies": 1, "--trials": 1, "--parallel": 1, "--folds": 2,
        "--seed": 0, "--split-seed": 0, "--warmup": 0, "--warmup-steps": 0, "--p-value-limit": 0,
    ]

    /// What a value below an option's minimum is told.
    static func expectation(_ option: String) -> String {
        minimum[option] == 0 ? "a non-negative integer" : "a positive integer"
    }

    /// The first count option given a negative number, as a one-line reason.
    static func problem(in arguments: [String]) -> String? {
        var index = 0
        while index < arguments.count {
            let token = arguments[index]
            if token == "--" { return nil }  // the rest are positional values
            if let eq = token.firstIndex(of: "="), token.hasPrefix("--") {
                let option = String(token[..<eq]), value = String(token[token.index(after: eq)...])
                if minimum[option] != nil, isNegativeNumber(value) { return "\(option) must be \(expectation(option)), got \(value)" }
            } else if minimum[token] != nil, index + 1 < arguments.count, isNegativeNumber(arguments[index + 1]) {
                return "\(token) must be \(expectation(token)), got \(arguments[index + 1])"
            }
            index += 1
        }
        return nil
    }

    /// `-1`, `-0.5`, `-1e3`, `-inf`: a token ArgumentParser would read as an option.
    static func isNegativeNumber(_ token: String) -> Bool {
        token.hasPrefix("-") && !token.hasPrefix("--") && Double(token) != nil
    }
}
