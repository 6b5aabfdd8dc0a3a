/// The Luhn (mod 10) check digit that payment-card numbers carry (ISO/IEC 7812-1).
public enum LuhnChecksum {
    /// Whether the digits of `text` (other characters ignored) pass the Luhn check; false without digits.
    public static func isValid(_ text: some StringProtocol) -> Bool {
        let digits = text.compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        guard !digits.isEmpty else { return false }
        var sum = 0
        for (position, digit) in digits.reversed().enumerated() {
            if position % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }
}
