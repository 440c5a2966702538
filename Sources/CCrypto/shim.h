// OpenSSL's libcrypto, for SHA-256 only: it uses the CPU's SHA extensions (~2 GB/s), which keeps the
// content hash of a night's exports out of the critical path.
#include <openssl/evp.h>
