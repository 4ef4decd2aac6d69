#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

/* libcurl is loaded when the first webhook delivery needs it, not linked: with its own
   libraries (TLS, Kerberos, LDAP, SSH, HTTP/2...) it cost every start of the server about 4 ms
   of dynamic loading, a sixth of the whole start-up, for a feature many runs never use.
   A binary that links libcurl anyway (the packages add it to their needed libraries, so their
   bundlers copy it) is served by the copy already loaded. */

typedef size_t (*ccurl_data_callback)(char *data, size_t size, size_t count, void *context);
typedef int (*ccurl_debug_callback)(CURL *handle, curl_infotype type, char *data, size_t size, void *context);
typedef int (*ccurl_progress_callback)(void *context, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);

/* The functions the webhook client calls, found by name in the loaded library. */
typedef struct ccurl_library {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *handle);
    CURLcode (*easy_setopt)(CURL *handle, CURLoption option, ...);
    CURLcode (*easy_getinfo)(CURL *handle, CURLINFO info, ...);
    CURLcode (*easy_perform)(CURL *handle);
    const char *(*easy_strerror)(CURLcode code);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *text);
    void (*slist_free_all)(struct curl_slist *list);
    curl_version_info_data *(*version_info)(CURLversion version);
} ccurl_library;

/* One copy per process in practice: only WebhookClient's CurlLibrary.swift calls
   ccurl_shared, and a second copy would only load the same library once more. */
typedef struct ccurl_state {
    ccurl_library library;
    char failure[256];  /* empty when the library is ready */
    pthread_once_t once;
} ccurl_state;

/* Function-local: Swift emits a header's static variables only inside the functions using them. */
static inline ccurl_state *ccurl_state_storage(void) {
    static ccurl_state state = {.once = PTHREAD_ONCE_INIT};
    return &state;
}

static inline void ccurl_shared_load(void) {
    ccurl_state *state = ccurl_state_storage();
    ccurl_library *library = &state->library;
    void *handle = RTLD_DEFAULT;
    if (dlsym(RTLD_DEFAULT, "curl_easy_init") == NULL) {
        handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
        if (handle == NULL) {
            snprintf(state->failure, sizeof state->failure, "libcurl could not be loaded: %s", dlerror());
            return;
        }
    }
#define CCURL_BIND(field, name) \
    if ((*(void **)&library->field = dlsym(handle, name)) == NULL) { \
        snprintf(state->failure, sizeof state->failure, "libcurl.so.4 lacks %s", name); \
        return; \
    }
    CCURL_BIND(global_init, "curl_global_init")
    CCURL_BIND(easy_init, "curl_easy_init")
    CCURL_BIND(easy_cleanup, "curl_easy_cleanup")
    CCURL_BIND(easy_setopt, "curl_easy_setopt")
    CCURL_BIND(easy_getinfo, "curl_easy_getinfo")
    CCURL_BIND(easy_perform, "curl_easy_perform")
    CCURL_BIND(easy_strerror, "curl_easy_strerror")
    CCURL_BIND(slist_append, "curl_slist_append")
    CCURL_BIND(slist_free_all, "curl_slist_free_all")
    CCURL_BIND(version_info, "curl_version_info")
#undef CCURL_BIND
    if (library->global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(state->failure, sizeof state->failure, "libcurl could not be initialized");
    }
}

/* libcurl's functions, loaded and initialized (curl_global_init) by the first call from any
   thread; NULL with `*failure` set when that failed. */
static inline const ccurl_library *ccurl_shared(const char **failure) {
    ccurl_state *state = ccurl_state_storage();
    pthread_once(&state->once, ccurl_shared_load);
    *failure = state->failure;
    return state->failure[0] == 0 ? &state->library : NULL;
}

/* curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: one typed
   wrapper per kind of argument the webhook client passes. */

static inline CURLcode ccurl_set_long(const ccurl_library *lib, CURL *handle, CURLoption option, long value) {
    return lib->easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_set_offset(const ccurl_library *lib, CURL *handle, CURLoption option, curl_off_t value) {
    return lib->easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_set_pointer(const ccurl_library *lib, CURL *handle, CURLoption option, const void *value) {
    return lib->easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_set_data_callback(const ccurl_library *lib, CURL *handle, CURLoption option, ccurl_data_callback callback) {
    return lib->easy_setopt(handle, option, callback);
}

static inline CURLcode ccurl_set_debug_callback(const ccurl_library *lib, CURL *handle, ccurl_debug_callback callback) {
    return lib->easy_setopt(handle, CURLOPT_DEBUGFUNCTION, callback);
}

static inline CURLcode ccurl_set_progress_callback(const ccurl_library *lib, CURL *handle, ccurl_progress_callback callback) {
    return lib->easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

static inline CURLcode ccurl_get_long(const ccurl_library *lib, CURL *handle, CURLINFO info, long *value) {
    return lib->easy_getinfo(handle, info, value);
}

static inline CURLcode ccurl_get_offset(const ccurl_library *lib, CURL *handle, CURLINFO info, curl_off_t *value) {
    return lib->easy_getinfo(handle, info, value);
}

static inline const char *ccurl_system_ca_path(const ccurl_library *lib) {
    return lib->version_info(CURLVERSION_NOW)->capath;
}
