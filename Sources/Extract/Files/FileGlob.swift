#if canImport(Glibc)
import Glibc
#endif

/// Files matching a glob (`email/contacts_*.csv`) below a root folder, sorted by relative path.
public enum FileGlob {
    /// Returns paths relative to `root`. Hidden files are not matched by `*` (POSIX glob).
    public static func match(_ pattern: String, in root: String) -> [String] {
        let full = root.hasSuffix("/") ? root + pattern : root + "/" + pattern
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(full, 0, nil, &result) == 0 else { return [] }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        var paths: [String] = []
        for i in 0..<Int(result.gl_pathc) {
            guard let cString = result.gl_pathv[i] else { continue }
            let path = String(cString: cString)
            var isDirectory = stat()
            if stat(path, &isDirectory) == 0, (isDirectory.st_mode & S_IFMT) == S_IFDIR { continue }
            paths.append(path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path)
        }
        return paths.sorted()
    }
}
