/// A labelled truth file, read by the caller (`oneface report --truth`): which entity each source
/// record belongs to. Keys are the source's name and record id joined by U+001F, as `oneface
/// evaluate` keys them (a record is known by its source and id).
public struct TruthLabels: Sendable {
    /// The file's name, for the page.
    public var name: String
    /// Entity per record (rows with an empty entity are left out; see `unlabelled`).
    public var entityByRecord: [String: String]
    /// Records the file names with an empty entity: not evaluated, and not counted as unlabelled.
    public var unlabelled: Set<String>

    public init(name: String, entityByRecord: [String: String], unlabelled: Set<String> = []) {
        self.name = name
        self.entityByRecord = entityByRecord
        self.unlabelled = unlabelled
    }

    public static func key(source: String, recordID: String) -> String { source + "\u{1F}" + recordID }

    func unlabelledCount(in index: [String: Int]) -> Int { unlabelled.filter { index[$0] != nil && entityByRecord[$0] == nil }.count }
}
