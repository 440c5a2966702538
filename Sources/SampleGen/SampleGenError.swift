/// Why the generator could not write a sample.
public enum SampleGenError: Error, CustomStringConvertible, Equatable {
    /// `customers` is outside 1...`SampleOptions.maximumCustomers`.
    case invalidCustomerCount(Int)
    /// No system was selected.
    case noSystemSelected
    /// `night` is outside 1...`SampleOptions.maximumNight`, or its people would outgrow the customer numbers.
    case invalidNight(Int)
    /// A folder or file could not be created or written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidCustomerCount(let count):
            return "sample: --customers \(count) is out of range; use 1 to \(SampleOptions.maximumCustomers)."
        case .invalidNight(let night):
            return "sample: --night \(night) is out of range; use 1 to \(SampleOptions.maximumNight), with at most \(SampleOptions.maximumCustomers) people by that night."
        case .noSystemSelected:
            return "sample: no system selected; pass --systems with one or more of email,support,branch,survey."
        case .cannotWrite(let path, let reason):
            return "sample: cannot write \(path): \(reason). Check that the output folder is writable and has free space."
        }
    }
}
