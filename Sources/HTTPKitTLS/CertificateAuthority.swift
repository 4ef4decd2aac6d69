import COpenSSL
import Glibc

/// A certificate and its private key, as PEM text.
public struct PEMIdentity: Sendable, Equatable {
    /// The certificate, followed by its chain when there is one.
    public var certificate: String
    public var privateKey: String

    public init(certificate: String, privateKey: String) {
        self.certificate = certificate
        self.privateKey = privateKey
    }

    /// SHA-256 of the (first) certificate's DER, as colon-separated upper-case hex: what
    /// browsers and `openssl x509 -fingerprint -sha256` show.
    public func fingerprintSHA256() throws -> String {
        let certs = try PEM.certificates(certificate)
        defer { certs.forEach { X509_free($0) } }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(certs[0], EVP_sha256(), &digest, &length) == 1 else { throw TLSError("X509_digest") }
        return digest[0..<Int(length)].map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return hex.count == 1 ? "0" + hex : hex
        }.joined(separator: ":")
    }
}

/// A local certificate authority: one ECDSA P-256 CA that signs server certificates for the names
/// a client will ask for (so a client with the production URL built in, pointed at the mock by a
/// hosts entry, accepts it once it trusts the CA).
public enum CertificateAuthority {
    /// A new self-signed CA, valid for ten years.
    public static func makeCA(commonName: String) throws -> PEMIdentity {
        guard let key = copenssl_ec_p256_key() else { throw TLSError("generating an ECDSA P-256 key") }
        defer { EVP_PKEY_free(key) }
        let cert = try certificate(
            commonName: commonName, key: key, signer: nil, days: 3650,
            extensions: [
                (NID_basic_constraints, "critical,CA:TRUE,pathlen:0"),
                (NID_key_usage, "critical,keyCertSign,cRLSign,digitalSignature"),
                (NID_subject_key_identifier, "hash")
            ])
        defer { X509_free(cert) }
        return PEMIdentity(certificate: try PEM.certificate(cert), privateKey: try PEM.privateKey(key))
    }

    /// A server certificate for `names` (DNS names and IP literals), signed by `ca`, valid for
    /// 397 days (within what browsers and Apple's clients accept). Its PEM holds the chain: the
    /// server certificate, then the CA's.
    public static func makeServerCertificate(names: [String], signedBy ca: PEMIdentity) throws -> PEMIdentity {
        let caCerts = try PEM.certificates(ca.certificate)
        defer { caCerts.forEach { X509_free($0) } }
        let caKey = try PEM.privateKey(ca.privateKey)
        defer { EVP_PKEY_free(caKey) }
        guard let key = copenssl_ec_p256_key() else { throw TLSError("generating an ECDSA P-256 key") }
        defer { EVP_PKEY_free(key) }
        let alternativeNames = names.map { IPAddress.isLiteral($0) ? "IP:\($0)" : "DNS:\($0)" }.joined(separator: ",")
        let cert = try certificate(
            commonName: names.first ?? "localhost", key: key, signer: (caCerts[0], caKey), days: 397,
            extensions: [
                (NID_basic_constraints, "critical,CA:FALSE"),
                (NID_key_usage, "critical,digitalSignature"),
                (NID_ext_key_usage, "serverAuth"),
                (NID_subject_key_identifier, "hash"),
                (NID_authority_key_identifier, "keyid:always"),
                (NID_subject_alt_name, alternativeNames)
            ])
        defer { X509_free(cert) }
        return PEMIdentity(certificate: try PEM.certificate(cert) + ca.certificate, privateKey: try PEM.privateKey(key))
    }

    private static func certificate(
        commonName: String, key: OpaquePointer, signer: (cert: OpaquePointer, key: OpaquePointer)?,
        days: Int, extensions: [(Int32, String)]
    ) throws -> OpaquePointer {
        guard let cert = X509_new() else { throw TLSError("X509_new") }
        do {
            guard X509_set_version(cert, 2) == 1,  // v3
                ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert), UInt64.random(in: 1...(UInt64.max >> 1))) == 1,
                X509_gmtime_adj(X509_getm_notBefore(cert), -3600) != nil,  // an hour of clock skew
                X509_gmtime_adj(X509_getm_notAfter(cert), days * 86_400) != nil,
                X509_set_pubkey(cert, key) == 1
            else { throw TLSError("filling in a certificate") }
            let subject = X509_get_subject_name(cert)
            guard X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_ASC, "activitysmith-mock", -1, -1, 0) == 1,
                X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC, commonName, -1, -1, 0) == 1,
                X509_set_issuer_name(cert, signer.map { X509_get_subject_name($0.cert) } ?? subject) == 1
            else {
                throw TLSError("naming a certificate")
            }
            var context = X509V3_CTX()
            X509V3_set_ctx(&context, signer?.cert ?? cert, cert, nil, nil, 0)
            for (nid, value) in extensions {
                guard let ext = X509V3_EXT_conf_nid(nil, &context, nid, value) else { throw TLSError("extension \(value)") }
                defer { X509_EXTENSION_free(ext) }
                guard X509_add_ext(cert, ext, -1) == 1 else { throw TLSError("adding extension \(value)") }
            }
            guard X509_sign(cert, signer?.key ?? key, EVP_sha256()) > 0 else { throw TLSError("signing a certificate") }
            return cert
        } catch {
            X509_free(cert)
            throw error
        }
    }
}

/// IP literals in a certificate's names go in as IP entries, everything else as DNS names.
public enum IPAddress {
    public static func isLiteral(_ name: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, name, &v4) == 1 || inet_pton(AF_INET6, name, &v6) == 1
    }
}
