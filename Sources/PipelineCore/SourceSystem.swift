/// The four systems that export customer data.
public enum SourceSystem: String, Sendable, CaseIterable, Codable, Comparable {
    case email, support, branch, survey

    public static func < (a: SourceSystem, b: SourceSystem) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    public var description: String {
        switch self {
        case .email: return "E-mail marketing"
        case .support: return "Support tickets"
        case .branch: return "Branch point of sale"
        case .survey: return "Market-research surveys"
        }
    }
}
