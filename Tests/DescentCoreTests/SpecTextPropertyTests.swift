import DescentCore
import PropertyBased
import SpecPropertySupport
import Testing

/// The one spec grammar (`NAME[:key=value,...]`) under random input: printed specs parse back
/// to the same parts, and any text either parses or throws a one-line ``SpecTextError``.
@Suite struct SpecTextPropertyTests {
    /// A spec of random parts: a name, bare values, then settings with unique keys, some tuples.
    static let specs = Generator<SpecText, Shrink.None<SpecText>> { rng in
        let name = SpecGenerators.word("abcdefghijklmnopqrstuvwxyz_0123456789", 1...12, &rng)
        let valueCharacters = "abcXYZ019.-+e_/;:é漢 "
        let positional = (0..<Int.random(in: 0...3, using: &rng)).map { _ in SpecGenerators.word(valueCharacters, 1...10, &rng) }
        var keys: [String] = []
        for _ in 0..<Int.random(in: 0...4, using: &rng) {
            let key = SpecGenerators.word("abcdefghijklmnopqrstuvwxyz_", 1...8, &rng)
            if !keys.contains(key) { keys.append(key) }
        }
        let settings = keys.map { key in
            // The first value may be empty (`key=`); the further values of a tuple may not.
            SpecText.Setting(key, [SpecGenerators.word(valueCharacters, 0...10, &rng)] + (0..<Int.random(in: 0...2, using: &rng)).map { _ in SpecGenerators.word(valueCharacters, 1...8, &rng) })
        }
        return SpecText(name: name, positional: positional, settings: settings)
    }

    @Test func printedSpecsParseBackToTheSameParts() async {
        await propertyCheck(count: 500, input: Self.specs) { spec throws in
            let parsed = try SpecText(parsing: spec.description, positional: true, tuples: true)
            #expect(parsed.name == spec.name && parsed.positional == spec.positional && parsed.settings == spec.settings, "\(spec)")
            #expect(parsed.description == spec.description)
        }
    }

    @Test func anyTextParsesOrThrowsOneLine() async {
        let texts = Generator<String, Shrink.None<String>> { rng in
            Bool.random(using: &rng) ? SpecGenerators.noise(&rng) : SpecGenerators.damaged(Self.specs.run(using: &rng).description, &rng)
        }
        await propertyCheck(count: 1000, input: texts, Gen.bool, Gen.bool) { text, positional, tuples throws in
            do {
                let spec = try SpecText(parsing: text, positional: positional, tuples: tuples)
                // Whatever parses prints a spec that parses to the same parts.
                let again = try SpecText(parsing: spec.description, positional: positional, tuples: tuples)
                #expect(again.name == spec.name && again.positional == spec.positional && again.settings == spec.settings, "\(text)")
            } catch {
                #expect(error is SpecTextError && !"\(error)".isEmpty && !"\(error)".contains("\n"))
            }
        }
    }

    @Test func brokenSpecsThrow() async {
        await propertyCheck(count: 300, input: Self.specs.filter { !$0.settings.isEmpty }) { spec throws in
            let text = spec.description
            let key = spec.settings[0].key
            // A key given twice, an empty item, an empty key, an unknown key.
            #expect(throws: SpecTextError(.givenTwice(key: key))) { try SpecText(parsing: text + ",\(key)=1", positional: true, tuples: true) }
            #expect(throws: SpecTextError.self) { try SpecText(parsing: text + ",", positional: true, tuples: true) }
            #expect(throws: SpecTextError.self) { try SpecText(parsing: text + ",=1", positional: true, tuples: true) }
            #expect(throws: SpecTextError(.unknownKey(key: key, known: []))) { try SpecText(parsing: text, known: [], positional: true, tuples: true) }
            // A bare value after a setting is a tuple only where tuples are allowed.
            #expect(throws: SpecTextError.self) { try SpecText(parsing: text + ",x", positional: true) }
        }
    }

    @Test func sharedValueRules() {
        #expect(SpecText.integer("400") == 400 && SpecText.integer("1e4") == 10_000 && SpecText.integer("1_000") == 1000)
        #expect(SpecText.integer("10.5") == nil && SpecText.integer("1e300") == nil && SpecText.integer("x") == nil)
        #expect(SpecText.real("3e-4") == 3e-4 && SpecText.real("nan") == nil && SpecText.real("inf") == nil)
        #expect(SpecText.boolean("YES") == true && SpecText.boolean("0") == false && SpecText.boolean("maybe") == nil)
        #expect(SpecText.list("30/80;90") == ["30", "80", "90"])
        #expect(SpecText.pair("a=b=c")! == ("a", "b=c") && SpecText.pair("a=b=c", splittingAtLast: true)! == ("a=b", "c"))
        #expect(SpecText.split(" Moons : n=5 ") == ("moons", " n=5"))
        #expect(SpecText.split("csv:C:/x,1.csv").body == "C:/x,1.csv")
    }
}
