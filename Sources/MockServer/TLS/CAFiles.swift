import Glibc
import HTTPKitTLS

/// The CA's two files beside the database, `<db>.tls/ca.pem` and `ca-key.pem` (mode 0600, the
/// directory 0700), appearing whole or not at all: both are written into `<db>.tls.new-<pid>`,
/// which is then renamed into place in one step. A kill at any moment leaves either no CA (made
/// anew at the next start), or the whole one. Leftovers of killed starts (temporary directories,
/// and the `*.tmp-<pid>` copies of earlier versions) are removed at start.
enum CAFiles {
    static func load(orMakeFor databasePath: String, make: () throws -> PEMIdentity) throws -> PEMIdentity {
        let directory = TLSSetup.directory(for: databasePath)
        let certificatePath = directory + "/ca.pem", keyPath = directory + "/ca-key.pem"
        removeLeftovers(directory)
        if exists(certificatePath) && exists(keyPath) {
            return PEMIdentity(
                certificate: try TLSSetup.text(certificatePath, "the CA certificate"), privateKey: try TLSSetup.text(keyPath, "the CA key"))
        }
        // Half a CA (one file of two, left by a version that wrote them one by one): never whole, so made anew.
        for file in [certificatePath, keyPath] where exists(file) { unlink(file) }
        rmdir(directory)
        let ca = try make()
        let staging = "\(directory).new-\(getpid())"
        guard mkdir(staging, 0o700) == 0 else { throw failure("cannot create \(staging)") }
        do {
            try FileBytes.write(Array(ca.privateKey.utf8), to: staging + "/ca-key.pem", mode: 0o600)
            try FileBytes.write(Array(ca.certificate.utf8), to: staging + "/ca.pem", mode: 0o644)
        } catch {
            removeTree(staging)
            throw TLSSetup.Failure(description: "cannot write the CA to \(staging): \(error)")
        }
        guard rename(staging, directory) == 0 else {
            let error = failure("cannot move the CA into \(directory)")
            removeTree(staging)
            throw error
        }
        return ca
    }

    /// `<db>.tls.new-*` directories beside the database, and `*.tmp-*` files in `<db>.tls`.
    private static func removeLeftovers(_ directory: String) {
        let parent = directory.contains("/") ? String(directory[..<directory.lastIndex(of: "/")!]) : "."
        let base = directory.split(separator: "/").last.map(String.init) ?? directory
        for name in entries(parent.isEmpty ? "/" : parent) where name.hasPrefix(base + ".new-") {
            removeTree((parent.isEmpty ? "" : parent) + "/" + name)
        }
        for name in entries(directory) where name.contains(".tmp-") { unlink(directory + "/" + name) }
    }

    /// Removes a directory of plain files (what `load` stages), then the directory.
    private static func removeTree(_ path: String) {
        for name in entries(path) { unlink(path + "/" + name) }
        rmdir(path)
    }

    private static func entries(_ directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    private static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    private static func failure(_ what: String) -> TLSSetup.Failure {
        TLSSetup.Failure(description: "\(what): \(String(cString: strerror(errno)))")
    }
}
