/// An exact decimal number: `units / 10^scale`, as written in the source (no floating point).
///
/// `12,50` is `units: 1250, scale: 2`; equality compares the spelling, so `12.5` and `12.50` differ.
/// Staged as its canonical text (`description`).
public struct ExactDecimal: Sendable, Equatable, CustomStringConvertible {
    public var units: Int64
    /// Digits after the decimal point, 0...18.
    public var scale: Int

    public init(units: Int64, scale: Int) {
        self.units = units
        self.scale = scale
    }

    /// Canonical text: optional `-`, digits, and `.` with exactly `scale` digits (`1234.56`, `-0.05`, `12`).
    public var description: String {
        let magnitude = String(units.magnitude)
        let sign = units < 0 ? "-" : ""
        guard scale > 0 else { return sign + magnitude }
        let padded = magnitude.count <= scale
            ? String(repeating: "0", count: scale - magnitude.count + 1) + magnitude
            : magnitude
        let split = padded.index(padded.endIndex, offsetBy: -scale)
        return sign + padded[..<split] + "." + padded[split...]
    }
}
