/// A spec as written on the command line, `NAME[:key=value,...]`: the one grammar of `--data`,
/// `--model`, `--optimizer` with `--hp`, `--schedule`, `--problem` and the `key=value` options.
///
/// - The name is the text before the first `:`, trimmed, in lower case; the body is the rest as written (nil
///   without a `:`), so a path keeps its commas and colons (`csv:C:/data,1.csv`).
/// - The body's items are separated by `,`, each trimmed; an empty item is an error.
/// - An item `key=value` (split at the first `=`, both sides trimmed, the key not empty) starts a
///   setting; bare items after it add values to it, so a tuple is written as in a PyTorch config
///   (`betas=0.9,0.95`); bare items before the first setting are positional (`mlp:256,256`).
/// - A list inside one value separates its items with `/` (`milestones=30/80`).
/// - A key is given once.
///
/// ``description`` prints a spec in this grammar, so every spec type's printer is one call.
package struct SpecText: Sendable, Hashable, CustomStringConvertible {
    /// One `key=value[,value...]` setting.
    package struct Setting: Sendable, Hashable {
        package var key: String
        package var values: [String]

        /// A setting of `key` with one or more values.
        package init(_ key: String, _ values: [String]) {
            self.key = key
            self.values = values
        }

        /// A setting of `key` with one value.
        package init(_ key: String, _ value: String) { self.init(key, [value]) }

        /// The value when there is exactly one.
        package var value: String? { values.count == 1 ? values[0] : nil }
    }

    /// The name, trimmed (`mlp`, `onecycle`).
    package let name: String
    /// The text after the first `:`, untrimmed; nil without a `:`.
    package let body: String?
    /// Bare items before the first setting.
    package let positional: [String]
    /// The `key=value` settings in the order given.
    package let settings: [Setting]

    /// Splits `text`; throws ``SpecTextError`` for an empty item, an empty key, a key given
    /// twice, a bare item when `positional`/`tuples` do not allow it, or a key not in `known`.
    ///
    /// - Parameters:
    ///   - known: the keys the spec takes (nil: any).
    ///   - positional: whether bare items may come before the first setting.
    ///   - tuples: whether bare items may follow a setting as its further values.
    package init(parsing text: String, known: [String]? = nil, positional allowsPositional: Bool = false,
                tuples: Bool = false) throws(SpecTextError) {
        let (name, body) = SpecText.split(text)
        try self.init(name: name, body: body, known: known, positional: allowsPositional, tuples: tuples)
    }

    /// Reads `body` as the items after the `:` of a spec named `name` (for options that give the
    /// settings alone, as `--hp lr=0.1,betas=0.9,0.95`); the rules and errors of ``init(parsing:known:positional:tuples:)``.
    package init(name: String, body: String?, known: [String]? = nil, positional allowsPositional: Bool = false,
                tuples: Bool = false) throws(SpecTextError) {
        self.name = name
        self.body = body
        var positional: [String] = []
        var settings: [Setting] = []
        for item in SpecText.items(body) {
            if let (key, value) = SpecText.pair(item) {
                guard !key.isEmpty else { throw SpecTextError(.emptyKey(item: item)) }
                if let known, !known.contains(key) { throw SpecTextError(.unknownKey(key: key, known: known)) }
                guard !settings.contains(where: { $0.key == key }) else { throw SpecTextError(.givenTwice(key: key)) }
                settings.append(Setting(key, value))
            } else if item.isEmpty {
                throw SpecTextError(.emptyItem(body: body ?? ""))
            } else if settings.isEmpty, allowsPositional {
                positional.append(item)
            } else if !settings.isEmpty, tuples {
                settings[settings.count - 1].values.append(item)
            } else {
                throw SpecTextError(.notKeyValue(item: item))
            }
        }
        self.positional = positional
        self.settings = settings
    }

    /// A spec to print: `name`, then the positional values and the settings after a `:`.
    package init(name: String, positional: [String] = [], settings: [Setting] = []) {
        self.name = name
        self.positional = positional
        self.settings = settings
        let items = positional + settings.map { "\($0.key)=\($0.values.joined(separator: ","))" }
        body = items.isEmpty ? nil : items.joined(separator: ",")
    }

    /// The spec in the grammar: `name[:positional,...,key=value,...]`.
    package var description: String { body.map { "\(name):\($0)" } ?? name }

    /// The value of `key` when it was given with exactly one value; nil when absent.
    ///
    /// Throws ``SpecTextError`` when the key was given as a tuple of several values.
    package func value(_ key: String) throws(SpecTextError) -> String? {
        guard let setting = settings.first(where: { $0.key == key }) else { return nil }
        guard let value = setting.value else { throw SpecTextError(.oneValue(key: key, count: setting.values.count)) }
        return value
    }

    // MARK: - The shared lexical rules

    /// The name (before the first `:`, trimmed, in lower case) and the body (the rest as
    /// written, nil without a `:`) of `text`, for specs whose body is a path, not settings.
    package static func split(_ text: String) -> (name: String, body: String?) {
        let trimmed = trim(text)
        let colon = trimmed.firstIndex(of: ":")
        return (trim(trimmed[..<(colon ?? trimmed.endIndex)]).lowercased(), colon.map { String(trimmed[trimmed.index(after: $0)...]) })
    }

    /// Spaces and tabs trimmed from both ends.
    package static func trim<S: StringProtocol>(_ text: S) -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isBlank($0) }), let last = text.lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(text[first...last])
    }

    /// The items of `body`, split at `,` and trimmed; none for a nil body.
    package static func items(_ body: String?) -> [String] {
        guard let body else { return [] }
        return body.split(separator: ",", omittingEmptySubsequences: false).map(trim)
    }

    /// `key=value` split at the first `=` (or the last, for keys that may hold one, as column
    /// names), both sides trimmed; nil when there is no `=`.
    package static func pair(_ item: String, splittingAtLast: Bool = false) -> (key: String, value: String)? {
        guard let equals = splittingAtLast ? item.lastIndex(of: "=") : item.firstIndex(of: "=") else { return nil }
        return (trim(item[..<equals]), trim(item[item.index(after: equals)...]))
    }

    /// A whole number: `400`, `1_000`, or a decimal with no fraction below 2⁵³ (`1e4`); nil otherwise.
    package static func integer(_ text: String) -> Int? {
        let cleaned = text.contains("_") ? text.replacingUnderscores() : text
        if let value = Int(cleaned) { return value }
        guard let value = real(cleaned), value == value.rounded(), abs(value) < 9_007_199_254_740_992 else { return nil }
        return Int(value)
    }

    /// A finite number (`3e-4`); nil for anything else, NaN and infinities included.
    package static func real(_ text: String) -> Double? {
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// `true`/`yes`/`1` or `false`/`no`/`0`, in any case; nil otherwise.
    package static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "1", "1.0": true
        case "false", "no", "0", "0.0": false
        default: nil
        }
    }

    /// The items of a list value, separated by `/` (or `;`), each trimmed.
    package static func list(_ value: String) -> [String] {
        value.split(omittingEmptySubsequences: false) { $0 == "/" || $0 == ";" }.map(trim)
    }
}

/// A spec that does not follow the ``SpecText`` grammar; each spec type puts its own prefix
/// (the spec and what it names) in front of ``description``.
package struct SpecTextError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    package enum Problem: Sendable, Equatable {
        case notKeyValue(item: String)
        case emptyItem(body: String)
        case emptyKey(item: String)
        case givenTwice(key: String)
        case unknownKey(key: String, known: [String])
        case oneValue(key: String, count: Int)
    }

    package let problem: Problem

    package init(_ problem: Problem) { self.problem = problem }

    /// One line naming the item or key.
    package var description: String {
        switch problem {
        case .notKeyValue(let item): "'\(item)' is not key=value"
        case .emptyItem(let body): body.isEmpty ? "no settings after ':'" : "an empty item in '\(body)'"
        case .emptyKey(let item): "'\(item)' has no key before '='"
        case .givenTwice(let key): "\(key) is given twice"
        case .unknownKey(let key, let known): "unknown key '\(key)' (known: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
        case .oneValue(let key, let count): "\(key) takes one value, got \(count)"
        }
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
