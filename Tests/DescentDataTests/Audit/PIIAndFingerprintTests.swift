import Foundation
import Testing
@testable import DescentData

/// PII recognizers and their checksums, redaction, and the dataset fingerprint.
@Suite struct PIIAndFingerprintTests {
    @Test func luhnAcceptsValidCardNumbersOnly() {
        for valid in ["4111111111111111", "5500 0000 0000 0004", "3400-0000-0000-009", "6011000000000004", "79927398713", "4012888888881881"] {
            #expect(LuhnChecksum.isValid(valid), "\(valid)")
        }
        for invalid in ["4111111111111112", "5500 0000 0000 0005", "79927398710", "1234567812345678", ""] {
            #expect(!LuhnChecksum.isValid(invalid), "\(invalid)")
        }
    }

    @Test func ibanModulo97() {
        for valid in ["GB82 WEST 1234 5698 7654 32", "DE89370400440532013000", "FR1420041010050500013M02606", "NL91ABNA0417164300", "be71 0961 2345 6769"] {
            #expect(IBANChecksum.isValid(valid), "\(valid)")
        }
        for invalid in ["GB82 WEST 1234 5698 7654 33", "DE89370400440532013001", "NL91ABNA041716430", "XX89370400440532013000", "GB82WEST12345698765432X"] {
            #expect(!IBANChecksum.isValid(invalid), "\(invalid)")
        }
    }

    @Test func recognizersFindEachKind() {
        func kinds(_ text: String) -> [PIIKind] { PIIScanner.matches(in: text).map(\.kind) }
        #expect(kinds("write to jane.doe+news@example.co.uk today") == [.email])
        #expect(kinds("call +1 415-555-2671 or (020) 7946 0958") == [.phone, .phone])
        #expect(kinds("card 4111 1111 1111 1111 expires") == [.paymentCard])
        #expect(kinds("card 4111 1111 1111 1112 expires").isEmpty)  // fails Luhn
        #expect(kinds("IBAN DE89 3704 0044 0532 0130 00 please") == [.iban])
        #expect(kinds("from 192.168.1.20 and 2001:db8::8a2e:370:7334") == [.ipAddress, .ipAddress])
        #expect(kinds("ssn 536-22-1234") == [.usSSN])
        #expect(kinds("ssn 000-22-1234, 666-12-3456, 123-45-6789").isEmpty)
        #expect(kinds("born 2024-01-15, paid 12.50, version 1.2.3, 300 units").isEmpty)
    }

    @Test func redactionReplacesEveryMatch() {
        let (text, found) = PIIScanner.redact("Mail a@b.io, call +44 20 7946 0958, card 5500-0000-0000-0004.")
        #expect(text == "Mail [EMAIL], call [PHONE], card [CARD].")
        #expect(found.count == 3)
    }

    @Test func redactedFileKeepsEverythingElse() throws {
        let path = DataFixtures.write("id,note,amount\n1,\"mail x@y.org, then\",1.50\n2,nothing here,NA\n3,\"call 415-555-2671\",2\n")
        let (text, counts) = try Redaction.redact(path: path)
        #expect(text == "id,note,amount\n1,\"mail [EMAIL], then\",1.50\n2,nothing here,NA\n3,call [PHONE],2\n")
        #expect(counts == [.email: 1, .phone: 1])
    }

    @Test func sha256KnownVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func fingerprintIgnoresRowOrderLineEndsAndNumberFormat() throws {
        let a = try CSVReader().read(string: "x,y,c\n1,2.5,a\n3,4,b\n", source: "a")
        let b = try CSVReader().read(string: "x,y,c\r\n3.0,4.00e0,b\r\n1.00e0,2.50,a\r\n", source: "b")
        #expect(DatasetFingerprint(a) == DatasetFingerprint(b))
        let changed = try CSVReader().read(string: "x,y,c\n1,2.5,a\n3,4.5,b\n", source: "c")
        let fa = DatasetFingerprint(a), fc = DatasetFingerprint(changed)
        #expect(fa.sha256 != fc.sha256)
        #expect(fa.columns[0].sha256 == fc.columns[0].sha256)
        #expect(fa.columns[1].sha256 != fc.columns[1].sha256)
        let renamed = try CSVReader().read(string: "x,z,c\n1,2.5,a\n3,4,b\n", source: "d")
        #expect(DatasetFingerprint(renamed).sha256 != fa.sha256)
        let swapped = try CSVReader().read(string: "x,y,c\n1,2.5,b\n3,4,a\n", source: "e")  // same cells per column, other rows
        #expect(DatasetFingerprint(swapped).sha256 != fa.sha256)
    }

    @Test func datasheetAnswersRoundTrip() throws {
        let table = try CSVReader().read(string: "x,y\n1,a\n2,b\n3,a\n", source: "data.csv")
        var sheet = Datasheet(table: table, label: "y")
        let template = sheet.answersTemplate()
        #expect(try Datasheet.parseAnswers(template, source: "t.yaml").values.allSatisfy(\.isEmpty))
        let filled = template.replacingOccurrences(of: "motivation_purpose: \"\"", with: "motivation_purpose: \"To test: \\\"quotes\\\" work\"")
        let answers = try Datasheet.parseAnswers(filled, source: "t.yaml")
        #expect(answers["motivation_purpose"] == "To test: \"quotes\" work")
        sheet = Datasheet(table: table, label: "y", answers: answers)
        let markdown = sheet.markdown()
        #expect(markdown.contains("To test: \"quotes\" work"))
        #expect(markdown.contains("| rows | 3 |"))
        #expect(markdown.contains("## Maintenance"))
        #expect(markdown.contains(DatasetFingerprint(table).sha256))
        #expect(throws: AuditInputError.self) { try Datasheet.parseAnswers("nonsense_key: x", source: "t.yaml") }
    }
}
