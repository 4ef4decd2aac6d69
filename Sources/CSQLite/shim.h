#include <sqlite3.h>

/// Process-wide settings that must precede any other SQLite call (sqlite3_config is variadic,
/// so Swift cannot call it directly). Memory statistics off: keeping them takes a global mutex
/// on every allocation, ~150 times per update. Returns SQLITE_MISUSE if SQLite already started.
static inline int csqlite_configure_process(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

