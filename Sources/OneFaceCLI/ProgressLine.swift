import Foundation
import Pipeline

/// A one-line progress display for long stages, only when stderr is a terminal: the file being
/// extracted with its share read, rows and rows per second and the time left; the step a stage
/// is on, of how many, and the time it has taken.
final class ProgressLine: ProgressReporter, @unchecked Sendable {
    // @unchecked: used from the main thread only (the stage loop), like the terminal itself.
    static let shared = ProgressLine()

    var isEnabled = false
    private var lastDraw = Date.distantPast
    private var visible = false

    func update(stage: String, item: String, done: Int64, total: Int64, rows: Int, elapsed: Double) {
        guard isEnabled, Date().timeIntervalSince(lastDraw) >= 0.25 else { return }
        draw(Self.text(stage: stage, item: item, done: done, total: total, rows: rows, elapsed: elapsed))
    }

    func step(stage: String, index: Int, count: Int, name: String, elapsed: Double) {
        guard isEnabled else { return }
        draw("\(stage): step \(index) of \(count), \(name) (\(Self.duration(elapsed)) so far)")
    }

    func finish() { clear() }

    func clear() {
        guard visible else { return }
        StandardError.write("\r\u{1B}[K")
        visible = false
    }

    private func draw(_ text: String) {
        lastDraw = Date()
        StandardError.write("\r\u{1B}[K" + text)
        visible = true
    }

    /// `extract email/contacts.csv: 45% · 123,456 rows · 98,000 rows/s · 0:12 left`.
    static func text(stage: String, item: String, done: Int64, total: Int64, rows: Int, elapsed: Double) -> String {
        var parts: [String] = []
        let share = total > 0 ? min(1, Double(done) / Double(total)) : 0
        parts.append((total > 0 ? "\(Int(share * 100))%, " : "") + "\(rows) rows")
        if elapsed > 0 { parts.append("\(Int(Double(rows) / elapsed)) rows/s") }
        if share > 0.02, elapsed > 1 { parts.append(duration(elapsed * (1 - share) / share) + " left") }
        return "\(stage) \(item): " + parts.joined(separator: " · ")
    }

    /// `0:42`, `12:05`, `1:02:03`.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, secs) : String(format: "%d:%02d", minutes, secs)
    }
}
