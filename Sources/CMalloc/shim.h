// glibc's allocator controls (malloc_trim): part of libc, nothing to link.
#include <malloc.h>
