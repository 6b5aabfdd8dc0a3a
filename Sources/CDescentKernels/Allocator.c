#include "CDescentKernels.h"
#include <stdlib.h>  /* defines __GLIBC__ on glibc systems */
#if defined(__GLIBC__)
#include <malloc.h>
#endif

void descent_tune_allocator(void) {
#if defined(__GLIBC__)
    /* 32 MiB is the largest mmap threshold glibc accepts on 64-bit systems
       (DEFAULT_MMAP_THRESHOLD_MAX); a larger value is refused and changes nothing. */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}
