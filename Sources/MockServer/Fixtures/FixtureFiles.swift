import Glibc
import APIModel

/// Fixture files the control plane may load: only from the directory named at start
/// (`--fixtures-dir`), never beside it, and with errors that never quote what a file holds.
///
/// Without the rule any caller of the open control plane could read the first byte of any file
/// the server can read, and the structure of any JSON file, through the parse error.
struct FixtureFiles {
    let directory: String?

    func load(_ name: String) throws -> FixtureSet {
        guard let directory else {
            throw APIError(
                status: 403, error: "Forbidden",
                message: "fixtures: loading files over HTTP is off; start with --fixtures-dir DIR, or send the set inline as fixture_set")
        }
        guard let file = resolve(name, in: directory) else {
            throw APIError.invalid("fixtures: no fixture file \(name) in the fixtures directory")
        }
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(file)
        } catch {
            // The OS's reason names no content: safe to say.
            throw APIError.invalid("fixtures: cannot read \(name) in the fixtures directory: \(error)")
        }
        do {
            return try FixtureSet.decode(bytes)
        } catch {
            // The field path only: a message may quote a value ("got \"…\"") or a character.
            let message = error.message ?? ""
            let path = message.split(separator: " ").first.map(String.init) ?? ""
            let located = !message.hasPrefix("invalid JSON") && !path.isEmpty && !message.hasPrefix("body")
            throw APIError.invalid("fixtures: \(name) is not a valid fixture file" + (located ? " (at \(path))" : ""))
        }
    }

    /// The real path of `name` if it lies inside `directory` (symbolic links followed), else nil.
    private func resolve(_ name: String, in directory: String) -> String? {
        guard !name.hasPrefix("/"), !name.split(separator: "/").contains("..") else { return nil }
        guard let base = realPath(directory), let file = realPath(directory + "/" + name) else { return nil }
        return file.hasPrefix(base.hasSuffix("/") ? base : base + "/") ? file : nil
    }

    private func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
