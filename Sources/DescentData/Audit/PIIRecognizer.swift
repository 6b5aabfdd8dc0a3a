import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One found piece of personal information in a text.
public struct PIIMatch: Sendable, Equatable {
    /// What it is.
    public let kind: PIIKind
    /// Where it is in the text.
    public let range: Range<String.Index>
}

/// A pattern and a validator for one kind of personal information, in the manner of
/// Microsoft Presidio's predefined recognizers (our own patterns and checks):
///
/// - e-mail: Presidio's address pattern, the domain ending in a top-level label of 2+ letters;
/// - phone: international (`+` and 8–15 digits) or national numbers of 7–15 digits in groups
///   separated by spaces, dots or hyphens, or with an area code in parentheses (Presidio
///   delegates to libphonenumber; dates such as 2024-01-15 are not phone numbers);
/// - payment card: Presidio's pattern (13–19 digits in groups, issuer prefixes 1, 3, 4, 5x, 6)
///   and the Luhn check;
/// - IBAN: country code, check digits and 11–30 characters in groups; country length and mod-97 check;
/// - IP address: dotted IPv4 with octets up to 255, or IPv6 accepted by `inet_pton`;
/// - US SSN: `AAA-GG-SSSS` with one separator kind (`-`, `.` or space); not all one digit, area
///   not 000 or 666, group not 00, serial not 0000, not the advertised 078-05-1120 or 123-45-6789.
public struct PIIRecognizer: @unchecked Sendable {  // NSRegularExpression is immutable and thread-safe.
    /// The kind this recognizer finds.
    public let kind: PIIKind
    let regex: NSRegularExpression
    let validate: @Sendable (Substring) -> Bool

    init(_ kind: PIIKind, _ pattern: String, options: NSRegularExpression.Options = [], validate: @escaping @Sendable (Substring) -> Bool) {
        self.kind = kind
        // The patterns are constants tested by the suite; a bad one is a programming error.
        self.regex = try! NSRegularExpression(pattern: pattern, options: options)
        self.validate = validate
    }

    /// The validated matches of this recognizer in `text`.
    public func matches(in text: String) -> [PIIMatch] {
        let whole = NSRange(text.startIndex..<text.endIndex, in: text)
        return regex.matches(in: text, range: whole).compactMap { result in
            guard let range = Range(result.range, in: text), validate(text[range]) else { return nil }
            return PIIMatch(kind: kind, range: range)
        }
    }

    /// Every recognizer, one per ``PIIKind``.
    public static let all: [PIIRecognizer] = [email, phone, paymentCard, iban, ipv4, ipv6, usSSN]

    static let email = PIIRecognizer(.email, #"\b((([!#$%&'*+\-/=?^_`{|}~\w])|([!#$%&'*+\-/=?^_`{|}~\w][!#$%&'*+\-/=?^_`{|}~.\w]{0,}[!#$%&'*+\-/=?^_`{|}~\w]))[@]\w+([-.]\w+)*\.\w+([-.]\w+)*)\b"#) { match in
        guard let domain = match.split(separator: "@").last, let tld = domain.split(separator: ".").last else { return false }
        return tld.count >= 2 && tld.allSatisfy { $0.isASCII && $0.isLetter }
    }

    static let phone = PIIRecognizer(.phone, #"(?<![\w+.-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?\d{2,4}(?:[ .-]?\d{2,4}){1,3}|\d{2,4}(?:[ .-]\d{2,4}){2,4}|\d{3}[ .-]\d{4})(?![\w.-]*\d)"#) { match in
        let digits = match.filter { $0.isASCII && $0.isNumber }.count
        if match.hasPrefix("+") { return digits >= 8 && digits <= 15 }
        guard digits >= 7 && digits <= 15 else { return false }
        // Dates (2024-01-15, 15.01.2024) and times are not phone numbers.
        let groups = match.split(whereSeparator: { $0 == " " || $0 == "." || $0 == "-" })
        if groups.count == 3, groups.contains(where: { $0.count == 4 }), groups.filter({ $0.count == 2 }).count == 2 { return false }
        // The shape of a US social security number (AAA-GG-SSSS) is left to that recognizer.
        if groups.map(\.count) == [3, 2, 4] { return false }
        return true
    }

    static let paymentCard = PIIRecognizer(.paymentCard, #"\b(?!1\d{12}(?!\d))((4\d{3})|(5[0-5]\d{2})|(6\d{3})|(1\d{3})|(3\d{3}))[- ]?(\d{3,4})[- ]?(\d{3,4})[- ]?(\d{3,5})\b"#) { match in
        LuhnChecksum.isValid(match)
    }

    static let iban = PIIRecognizer(.iban, #"\b[A-Z]{2}[ \-]?[0-9]{2}(?:[ \-]?[A-Z0-9]){11,30}\b"#) { match in
        IBANChecksum.isValid(match)
    }

    static let ipv4 = PIIRecognizer(.ipAddress, #"\b(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\b(?!\.\d)"#) { _ in true }

    static let ipv6 = PIIRecognizer(.ipAddress, #"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])"#) { match in
        guard match.filter(\.isHexDigit).count >= 4 else { return false }
        var address = in6_addr()
        return String(match).withCString { inet_pton(AF_INET6, $0, &address) } == 1
    }

    static let usSSN = PIIRecognizer(.usSSN, #"\b([0-9]{3})([- .])([0-9]{2})\2([0-9]{4})\b"#) { match in
        let digits = match.filter { $0.isASCII && $0.isNumber }
        guard digits.count == 9, Set(digits).count > 1 else { return false }
        let area = digits.prefix(3), group = digits.dropFirst(3).prefix(2), serial = digits.suffix(4)
        if area == "000" || area == "666" || group == "00" || serial == "0000" { return false }
        return !["078051120", "123456789", "219099999"].contains(String(digits))
    }
}

/// Finds personal information in text with every ``PIIRecognizer``; overlapping matches keep
/// the earliest, then the longest, then the one of the stronger kind (an IBAN over a phone number).
public enum PIIScanner {
    /// The matches in `text`, in order, not overlapping.
    public static func matches(in text: String) -> [PIIMatch] {
        // The shortest match of any kind (an e-mail a@b.io, an IPv4 address 1.1.1.1) has 6 characters.
        guard text.utf8.count >= 6, text.contains(where: { $0.isNumber || $0 == "@" || $0 == ":" }) else { return [] }
        let found = PIIRecognizer.all.flatMap { $0.matches(in: text) }
        guard found.count > 1 else { return found }
        let ordered = found.sorted { a, b in
            if a.range.lowerBound != b.range.lowerBound { return a.range.lowerBound < b.range.lowerBound }
            let la = text.distance(from: a.range.lowerBound, to: a.range.upperBound)
            let lb = text.distance(from: b.range.lowerBound, to: b.range.upperBound)
            if la != lb { return la > lb }
            return a.kind < b.kind
        }
        var kept: [PIIMatch] = []
        for match in ordered {
            if let last = kept.last, match.range.lowerBound < last.range.upperBound {
                // Overlap: a stronger kind that covers at least as much replaces the kept one.
                if match.kind < last.kind && match.range.upperBound >= last.range.upperBound { kept[kept.count - 1] = match }
                continue
            }
            kept.append(match)
        }
        return kept
    }

    /// `text` with each match replaced by its kind's placeholder, and the matches.
    public static func redact(_ text: String) -> (text: String, matches: [PIIMatch]) {
        let found = matches(in: text)
        guard !found.isEmpty else { return (text, []) }
        var out = ""
        var position = text.startIndex
        for match in found {
            out += text[position..<match.range.lowerBound]
            out += match.kind.placeholder
            position = match.range.upperBound
        }
        out += text[position...]
        return (out, found)
    }
}
