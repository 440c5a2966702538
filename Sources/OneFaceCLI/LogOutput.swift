import Foundation
import Logging
import PipelineCore

/// Log lines on stderr, as text for people or JSON lines for log collectors.
///
/// Callers never put customer data in messages or metadata; this handler adds none.
struct StderrLogHandler: LogHandler {
    enum Format: String, Sendable { case text, json }

    let label: String
    let format: Format
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let line: String
        switch format {
        case .text:
            let extras = merged.isEmpty || event.level >= .notice && event.level < .warning ? "" :
                " " + merged.keys.sorted().map { "\($0)=\(merged[$0]!)" }.joined(separator: " ")
            let prefix = event.level >= .warning ? "\(event.level): " : ""
            line = "oneface: \(prefix)\(event.message)\(extras)\n"
        case .json:
            var members = ["\"time\":\(Self.quote(Self.timestamp()))", "\"level\":\(Self.quote(event.level.rawValue))",
                           "\"message\":\(Self.quote(event.message.description))"]
            for key in merged.keys.sorted() { members.append("\(Self.quote(key)):\(Self.jsonValue("\(merged[key]!)"))") }
            line = "{" + members.joined(separator: ",") + "}\n"
        }
        ProgressLine.shared.clear()
        StandardError.write(line)
    }

    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }

    /// A metadata value as JSON: counts and seconds as numbers, everything else as a string.
    static func jsonValue(_ text: String) -> String {
        let isNumber = !text.isEmpty && text.count <= 18 && text.first != "+" && Double(text) != nil
            && text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }
            && !(text.hasPrefix("0") && text.count > 1 && !text.hasPrefix("0."))
        return isNumber ? text : quote(text)
    }

    /// One JSON log line (no trailing newline) with `extra` members already encoded.
    static func jsonLine(level: String, message: String, extra: [(String, String)] = []) -> String {
        var members = ["\"time\":\(quote(timestamp()))", "\"level\":\(quote(level))", "\"message\":\(quote(message))"]
        for (key, value) in extra { members.append("\(quote(key)):\(value)") }
        return "{" + members.joined(separator: ",") + "}"
    }

    static func quote(_ text: String) -> String { JSONText.quote(text) }
}

/// Bootstraps swift-log once per process.
enum LogSetup {
    nonisolated(unsafe) private static var done = false
    /// The format of this process's log lines, for messages written outside swift-log (fatal errors).
    nonisolated(unsafe) static var format = StderrLogHandler.Format.text

    static func logger(format: StderrLogHandler.Format, quiet: Bool, verbose: Bool) -> Logger {
        if !done {
            done = true
            Self.format = format
            let level: Logger.Level = quiet ? .warning : (verbose ? .info : .notice)
            LoggingSystem.bootstrap { label in StderrLogHandler(label: label, format: format, logLevel: level) }
        }
        return Logger(label: "oneface")
    }
}
