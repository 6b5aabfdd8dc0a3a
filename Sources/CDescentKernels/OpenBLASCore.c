#include "CDescentKernels.h"
#include <stdlib.h>
#include <string.h>
#if defined(__linux__) && defined(__x86_64__)
#include <dlfcn.h>
#endif

/* OpenBLAS built for many CPUs (DYNAMIC_ARCH, as Debian ships it) picks its kernels when it is
   loaded, from the CPU's family and model; a model it does not know, such as a virtual Xeon
   under KVM, gets the Prescott (SSE3) kernels. Its own remedy, OPENBLAS_CORETYPE, is read
   only at load, so the choice is made again here through the library's exported
   gotoblas_dynamic_quit/init, with the variable set for the call and removed after. The
   symbols are looked up at run time: another OpenBLAS build simply keeps its choice. */
int descent_openblas_select_core(void) {
#if defined(__linux__) && defined(__x86_64__)
    if (getenv("OPENBLAS_CORETYPE")) return 0; /* the user's choice stands */
    char *(*corename)(void) = (char *(*)(void))dlsym(RTLD_DEFAULT, "openblas_get_corename");
    void (*quit)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "gotoblas_dynamic_quit");
    void (*init)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "gotoblas_dynamic_init");
    if (!corename || !quit || !init) return 0;
    const char *name = corename();
    if (!name || strcmp(name, "Prescott") != 0) return 0;
    __builtin_cpu_init();
    const char *core = NULL;
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl"))
        core = "SkylakeX";
    else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        core = "Haswell";
    if (!core) return 0;
    setenv("OPENBLAS_CORETYPE", core, 1);
    quit();
    init();
    unsetenv("OPENBLAS_CORETYPE");
    return strcmp(corename(), core) == 0 ? 1 : -1;
#else
    return 0;
#endif
}
