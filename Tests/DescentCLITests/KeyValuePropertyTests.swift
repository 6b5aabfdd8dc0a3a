import DescentCore
import PropertyBased
import SpecPropertySupport
import Testing
@testable import DescentCLI

/// The command line's `key=value` options under random input: a pair prints and reads back
/// (a column name may hold `=`), lists drop empty items, and every spec grammar fed random
/// text through the fuzz entry point gives a value or an error, never a trap.
@Suite struct KeyValuePropertyTests {
    @Test func pairsReadBack() async {
        let pairs = Generator<(String, String), Shrink.None<(String, String)>> { rng in
            (SpecGenerators.word("abc XYZ=_.:é0", 1...12, &rng), SpecGenerators.word("abc0.-e_/:", 1...8, &rng))
        }
        await propertyCheck(count: 500, input: pairs) { key, value throws in
            let read = try KeyValue.pair(" \(key) = \(value) ", option: "--test")
            #expect(read.key == key && read.value == value)
            #expect(try KeyValue.keyed("\(key)=\(value)", option: "--test") == (key, value))
            #expect(try KeyValue.keyed(value, option: "--test") == (nil, value))
            #expect(throws: CommandFailure.self) { try KeyValue.pair("\(key)=", option: "--test") }
            #expect(throws: CommandFailure.self) { try KeyValue.pair(value.replacingEquals(), option: "--test") }
        }
    }

    @Test func listsDropEmptyItems() async {
        let lists = Generator<[String], Shrink.None<[String]>> { rng in
            (0..<Int.random(in: 0...6, using: &rng)).map { _ in SpecGenerators.word("abc _0", 0...6, &rng) }
        }
        await propertyCheck(count: 300, input: lists) { items throws in
            #expect(KeyValue.list(items.joined(separator: " , ")) == items.filter { !$0.isEmpty })
        }
    }

    @Test func everyGrammarTakesRandomLines() async {
        let texts = Generator<String, Shrink.None<String>> { rng in
            (0..<6).map { _ in SpecGenerators.noise(&rng) }.joined(separator: "\n")
        }
        await propertyCheck(count: 300, input: texts) { text in SpecGrammars.parseEachLine(text) }
    }
}

extension String {
    fileprivate func replacingEquals() -> String { String(map { $0 == "=" ? "_" : $0 }) }
}
