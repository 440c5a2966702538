#include <sqlite3.h>

/// Turns off SQLite's memory statistics for the whole process; must run before the first
/// connection opens (sqlite3_config is variadic, which Swift cannot call). With statistics on,
/// every allocation of every connection takes one global mutex: on a two-core load that was about
/// a tenth of the system time. Returns SQLite's result code.
static inline int oneface_sqlite3_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
