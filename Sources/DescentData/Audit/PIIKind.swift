/// The kinds of personal information the audit finds, with the placeholder redaction writes.
public enum PIIKind: String, Sendable, Codable, CaseIterable, Comparable {
    /// An e-mail address.
    case email
    /// A phone number, national or international.
    case phone
    /// A payment-card number that passes the Luhn check.
    case paymentCard = "payment_card"
    /// An international bank account number that passes the mod-97 check.
    case iban
    /// An IPv4 or IPv6 address.
    case ipAddress = "ip_address"
    /// A US social security number.
    case usSSN = "us_ssn"

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

    /// The stronger kind first: e-mail, IBAN, payment card, US SSN, IP address, phone.
    public static func < (a: PIIKind, b: PIIKind) -> Bool { a.priority < b.priority }
}
