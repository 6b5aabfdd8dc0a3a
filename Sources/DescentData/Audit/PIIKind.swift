/// The kinds of personal information the audit finds, with the placeholder redaction writes.
public enum PIIKind: String, Sendable, Codable, CaseIterable, Comparable {
    case email, phone, paymentCard = "payment_card", iban, ipAddress = "ip_address", usSSN = "us_ssn"

    /// What replaces a match: `[EMAIL]`, `[PHONE]`, `[CARD]`, `[IBAN]`, `[IP]`, `[SSN]`.
    public var placeholder: String {
        switch self {
        case .email: "[EMAIL]"
        case .phone: "[PHONE]"
        case .paymentCard: "[CARD]"
        case .iban: "[IBAN]"
        case .ipAddress: "[IP]"
        case .usSSN: "[SSN]"
        }
    }

    /// Which kind wins when two matches overlap (an IBAN's digits can look like a phone number).
    var priority: Int { PIIKind.allCases.firstIndex(of: self).map { [0, 5, 2, 1, 3, 4][$0] } ?? 9 }

    public static func < (a: PIIKind, b: PIIKind) -> Bool { a.priority < b.priority }
}
