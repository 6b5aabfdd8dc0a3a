/// The characters (Unicode scalars) of a text, sorted, each with an index for embedding lookup.
public struct CharacterVocabulary: Sendable, Equatable, Codable {
    /// The characters in index order (sorted by code point).
    public let characters: [Character]
    private let indexOf: [UInt32: Int]

    /// The vocabulary of every Unicode scalar that occurs in `text`.
    public init<S: StringProtocol>(text: S) {
        let scalars = Set(text.unicodeScalars.map(\.value)).sorted()
        self.init(sortedScalars: scalars)
    }

    /// The vocabulary of the given characters (each must be a single Unicode scalar; duplicates are removed).
    public init(characters: [Character]) {
        let scalars = characters.map { character -> UInt32 in
            precondition(character.unicodeScalars.count == 1, "'\(character)' is not a single Unicode scalar")
            return character.unicodeScalars.first!.value
        }
        self.init(sortedScalars: Set(scalars).sorted())
    }

    private init(sortedScalars: [UInt32]) {
        characters = sortedScalars.map { Character(Unicode.Scalar($0)!) }
        indexOf = Dictionary(uniqueKeysWithValues: sortedScalars.enumerated().map { ($1, $0) })
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self.init(characters: try container.decode(String.self).map { $0 })
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(String(characters))
    }

    public static func == (lhs: CharacterVocabulary, rhs: CharacterVocabulary) -> Bool {
        lhs.characters == rhs.characters
    }

    /// The number of characters.
    public var count: Int { characters.count }

    /// The index of `scalar`, or nil when it is not in the vocabulary.
    public func index(of scalar: Unicode.Scalar) -> Int? { indexOf[scalar.value] }

    /// The indices of the characters of `text`; fails on the first character outside the vocabulary.
    public func encode<S: StringProtocol>(_ text: S) throws(DataError) -> [Int] {
        var indices: [Int] = []
        indices.reserveCapacity(text.utf8.count)
        for (position, scalar) in text.unicodeScalars.enumerated() {
            guard let index = indexOf[scalar.value] else {
                throw .nonNumeric(
                    "U+\(String(scalar.value, radix: 16, uppercase: true))", path: "text", row: 1,
                    column: "character \(position) (not in the vocabulary)")
            }
            indices.append(index)
        }
        return indices
    }

    /// The text spelled by `indices` (each in `0..<count`).
    public func decode<C: Sequence>(_ indices: C) -> String where C.Element: BinaryInteger {
        var text = String.UnicodeScalarView()
        for index in indices { text.append(characters[Int(index)].unicodeScalars.first!) }
        return String(text)
    }
}
