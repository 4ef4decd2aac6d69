import Glibc
import HTTPKit
import HTTPKitTLS

/// The mock's HTTPS: a local CA kept with the database (trusted once, the same after restarts and
/// resets; a new one each start for `:memory:`) signing a server certificate for the names a
/// client with the production URL built in asks for. Or the user's own certificate and key.
struct TLSSetup: Sendable {
    let transport: TLSTransportFactory
    /// The CA that signed the server certificate (PEM); nil with `--tls-cert`.
    let caCertificate: String?
    let caFingerprint: String?

    /// Always in the generated server certificate.
    static let builtInNames = ["activitysmith.com", "www.activitysmith.com", "localhost", "127.0.0.1", "::1"]

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func make(_ configuration: MockConfiguration) throws -> TLSSetup {
        if let certificatePath = configuration.tlsCertificatePath, let keyPath = configuration.tlsKeyPath {
            let identity = PEMIdentity(certificate: try text(certificatePath, "--tls-cert"), privateKey: try text(keyPath, "--tls-key"))
            return TLSSetup(transport: try TLSTransportFactory(identity: identity), caCertificate: nil, caFingerprint: nil)
        }
        let ca = try authority(for: configuration.databasePath)
        let server = try CertificateAuthority.makeServerCertificate(names: names(configuration), signedBy: ca)
        return TLSSetup(
            transport: try TLSTransportFactory(identity: server), caCertificate: ca.certificate,
            caFingerprint: try ca.fingerprintSHA256())
    }

    /// The built-in names, `--host` when it is a name (not an address), and each `--tls-name`.
    static func names(_ configuration: MockConfiguration) -> [String] {
        var names = builtInNames
        let candidates = (IPAddress.isLiteral(configuration.host) ? [] : [configuration.host]) + configuration.tlsNames
        for name in candidates where !names.contains(name) { names.append(name) }
        return names
    }

    /// Where a database's CA lives: `<db>.tls/` (the certificate, and its key with mode 0600).
    static func directory(for databasePath: String) -> String { databasePath + ".tls" }

    private static func authority(for databasePath: String) throws -> PEMIdentity {
        let make = { try CertificateAuthority.makeCA(commonName: "activitysmith-mock local CA") }
        guard databasePath != ":memory:" else { return try make() }
        return try CAFiles.load(orMakeFor: databasePath, make: make)
    }

    static func text(_ path: String, _ what: String) throws -> String {
        do {
            return String(decoding: try FileBytes.read(path, limit: 1024 * 1024), as: UTF8.self)
        } catch {
            throw Failure(description: "cannot read \(what) \(path): \(error)")
        }
    }
}
