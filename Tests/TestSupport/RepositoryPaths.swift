import Foundation

/// Paths inside the OneFace checkout, found from this source file's location.
public enum RepositoryPaths {
    /// The repository root (the folder holding Package.swift).
    public static var root: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()   // TestSupport
            .deletingLastPathComponent()   // Tests
            .deletingLastPathComponent()   // root
    }

    /// `Tests/<target>/<relative>` in the checkout.
    public static func tests(_ relative: String) -> URL {
        root.appendingPathComponent("Tests").appendingPathComponent(relative)
    }

    /// The built `oneface` binary: `ONEFACE_BIN` if set, else the newest of the debug and release builds.
    public static var onefaceBinary: String {
        if let fromEnv = ProcessInfo.processInfo.environment["ONEFACE_BIN"], !fromEnv.isEmpty { return fromEnv }
        let candidates = [".build/debug/oneface", ".build/release/oneface"].map { root.appendingPathComponent($0).path }
        let existing = candidates.filter { FileManager.default.isExecutableFile(atPath: $0) }
        let newest = existing.max { modificationDate($0) < modificationDate($1) }
        return newest ?? candidates[0]
    }

    private static func modificationDate(_ path: String) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date) ?? .distantPast
    }
}
