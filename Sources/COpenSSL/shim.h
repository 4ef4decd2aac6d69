#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/bio.h>

/* Swift cannot call C macros that take arguments, nor variadic functions: these wrap the few
   OpenSSL calls that are one or the other. */

static inline int copenssl_ctx_set_min_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}

static inline long copenssl_ctx_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}

static inline long copenssl_ctx_set_session_cache_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_session_cache_mode(ctx, mode);
}

/* An ECDSA P-256 key (EVP_EC_gen is a macro over the variadic EVP_PKEY_Q_keygen). */
static inline EVP_PKEY *copenssl_ec_p256_key(void) {
    return EVP_EC_gen("P-256");
}

static inline long copenssl_bio_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

static inline int copenssl_tls1_2_version(void) { return TLS1_2_VERSION; }
static inline int copenssl_tls1_3_version(void) { return TLS1_3_VERSION; }

static inline long copenssl_ctx_add1_chain_cert(SSL_CTX *ctx, X509 *cert) {
    return SSL_CTX_add1_chain_cert(ctx, cert);
}

/* A server's options: no renegotiation (a peer could otherwise make a read want a write), the
   server's cipher order. */
static inline uint64_t copenssl_server_options(void) {
    return SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE;
}

/* Partial writes (the connection keeps what is left), a write buffer that may move between
   retries (a Swift array), and buffers released while idle (memory per idle connection). */
static inline long copenssl_server_modes(void) {
    return SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS;
}

static inline long copenssl_ctx_clear_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_clear_mode(ctx, mode);
}

static inline long copenssl_auto_retry_mode(void) { return SSL_MODE_AUTO_RETRY; }

typedef void (*copenssl_msg_callback)(int write_p, int version, int content_type, const void *buf, size_t len, SSL *ssl, void *arg);

/* Calls `callback` for every protocol message (SSL_set_msg_callback_arg is a macro). */
static inline void copenssl_set_msg_callback(SSL *ssl, copenssl_msg_callback callback, void *arg) {
    SSL_set_msg_callback(ssl, callback);
    SSL_set_msg_callback_arg(ssl, arg);
}

static inline int copenssl_rt_handshake(void) { return SSL3_RT_HANDSHAKE; }

/* A BIO's retry flags (macros over BIO_set_flags / BIO_clear_flags). */
static inline void copenssl_bio_set_retry_read(BIO *bio) { BIO_set_retry_read(bio); }
static inline void copenssl_bio_set_retry_write(BIO *bio) { BIO_set_retry_write(bio); }
static inline void copenssl_bio_clear_retry(BIO *bio) { BIO_clear_retry_flags(bio); }
