// glibc's allocator controls (malloc_trim): part of libc, nothing to link. Linux only.
#if defined(__linux__)
#include <malloc.h>
#endif
