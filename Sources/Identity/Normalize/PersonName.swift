/// A person's name split into the parts identity resolution compares separately.
///
/// Fields keep the display casing and spelling of the source (in Unicode NFC); compare them through
/// `NameNormalizer.matchKey(_:)`. A part the source did not give is nil, never an empty string.
public struct PersonName: Sendable, Equatable {
    /// Canonical salutation: `Herr`, `Frau` or `Divers` (`Hr.` and `Fr.` are expanded).
    public var salutation: String?
    /// Academic titles as written, in source order and space-separated: `Prof. Dr.`, `Dipl.-Ing.`.
    public var title: String?
    /// Given names, space-separated; double names keep their hyphen (`Hans-Peter`).
    public var first: String?
    /// Family name including particles (`von der Müller`); double names keep their hyphen.
    public var last: String?

    /// A name from its parts; pass nil for a part the source did not give.
    public init(salutation: String? = nil, title: String? = nil, first: String? = nil, last: String? = nil) {
        self.salutation = salutation
        self.title = title
        self.first = first
        self.last = last
    }
}
