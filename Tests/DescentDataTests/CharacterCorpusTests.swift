import Foundation
import Testing
@testable import DescentData

@Suite struct CharacterCorpusTests {
    @Test func bundledCorpusMatchesItsPythonStatistics() throws {
        let corpus = try CharacterCorpus.bundled(contextLength: 64)
        // Computed in Python from genesis.txt: length, distinct characters, entropy of character frequencies.
        #expect(corpus.tokens.count == 186_826)
        #expect(corpus.vocabulary.count == 64)
        #expect(String(corpus.vocabulary.characters) == "\n !\"'(),-.:;?ABCDEFGHIJKLMNOPQRSTUVWYZabcdefghijklmnopqrstuvwxyz")
        #expect(abs(corpus.unigramEntropy - 3.048334387935901) < 1e-9)
        #expect(corpus.vocabulary.decode(corpus.tokens.prefix(33)) == "In the beginning, God created the")
    }

    @Test func windowsAreShiftedByOneAndStayInTheirPart() throws {
        let corpus = try CharacterCorpus(text: "abcdefghijklmnopqrst", contextLength: 3, validationFraction: 0.25)
        #expect(corpus.range(of: .train) == 0..<15)
        #expect(corpus.range(of: .validation) == 15..<20)
        #expect(corpus.windowCount(.validation) == 2)
        let batch = corpus.batch(part: .validation, starts: [0, 1])
        #expect(batch.x.shape == [2, 3])
        #expect(corpus.vocabulary.decode(batch.x.scalars.map { Int($0) }) == "pqrqrs")
        #expect(corpus.vocabulary.decode(batch.y.scalars.map { Int($0) }) == "qrsrst")
        let evaluation = corpus.sequentialBatches(part: .train, batchSize: 2)
        // Train windows start at 0, 3, 6, 9 (a window needs 4 characters of the 15): two batches of two.
        #expect(evaluation.count == 2)
        #expect(corpus.vocabulary.decode(evaluation[1].x.scalars.map { Int($0) }) == "ghijkl")
    }

    @Test func randomBatchesAreSeeded() throws {
        let corpus = try CharacterCorpus.bundled(contextLength: 32)
        var a = RandomGenerator(seed: 5), b = RandomGenerator(seed: 5), c = RandomGenerator(seed: 6)
        let first = corpus.randomBatch(size: 8, generator: &a)
        #expect(first.x.shape == [8, 32])
        // (Drawn outside #expect: the macro's expansion of an inout argument crashed at run time.)
        let again = corpus.randomBatch(size: 8, generator: &b)
        let other = corpus.randomBatch(size: 8, generator: &c)
        #expect(again == first)
        #expect(other != first)
        // Each target row is its input row moved one character on.
        for row in 0..<8 {
            #expect(Array(first.x.scalars[(row * 32 + 1)..<(row * 32 + 32)]) == Array(first.y.scalars[(row * 32)..<(row * 32 + 31)]))
        }
    }

    @Test func entropyOfAKnownDistribution() throws {
        // Frequencies 1/2, 1/4, 1/4: entropy 1.5 ln 2.
        let corpus = try CharacterCorpus(text: String(repeating: "aabc", count: 10), contextLength: 2)
        #expect(abs(corpus.unigramEntropy - 1.5 * log(2.0)) < 1e-12)
    }

    @Test func vocabularyRejectsUnknownCharacters() throws {
        let vocabulary = CharacterVocabulary(text: "abc")
        #expect(try vocabulary.encode("cab") == [2, 0, 1])
        #expect(dataError { try vocabulary.encode("abz") }?.description == "text: row 1, column 'character 2 (not in the vocabulary)': 'U+7A' is not a number")
        #expect(dataError { try CharacterCorpus(text: "abc", contextLength: 8) }?.kind == .shapeMismatch)
    }
}
