/// A problem in the pipeline file, with where it is and what is expected instead.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let key: String
    public let problem: String

    public init(file: String, line: Int?, key: String, problem: String) {
        self.file = file
        self.line = line
        self.key = key
        self.problem = problem
    }

    public var description: String {
        let at = line.map { "\(file):\($0)" } ?? file
        return "\(at): `\(key)`: \(problem)"
    }
}
