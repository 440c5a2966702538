import Foundation
import Pipeline

/// A one-line progress display for long stages, only when stderr is a terminal.
final class ProgressLine: ProgressReporter, @unchecked Sendable {
    // @unchecked: used from the main thread only (the stage loop), like the terminal itself.
    static let shared = ProgressLine()

    var isEnabled = false
    private var lastDraw = Date.distantPast
    private var visible = false

    func update(stage: String, item: String, rows: Int, elapsed: Double) {
        guard isEnabled, Date().timeIntervalSince(lastDraw) >= 0.25 else { return }
        lastDraw = Date()
        let rate = elapsed > 0 ? Int(Double(rows) / elapsed) : 0
        let text = "\r\u{1B}[K\(stage) \(item): \(rows) rows, \(rate) rows/s"
        StandardError.write(text)
        visible = true
    }

    func finish() { clear() }

    func clear() {
        guard visible else { return }
        StandardError.write("\r\u{1B}[K")
        visible = false
    }
}
