#ifndef DESCENT_KERNEL_SUPPORT_H
#define DESCENT_KERNEL_SUPPORT_H

/* Shared by the kernels: one clone per x86-64 level, picked at run time (no unsafe flags,
   a portable binary), and a square root that vectorises at SwiftPM's -O2 (plain sqrtf
   keeps errno and does not). */
#if defined(__x86_64__) && defined(__clang__) && defined(__linux__)
#define DESCENT_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define DESCENT_CLONES
#endif

#if __has_builtin(__builtin_elementwise_sqrt)
#define DESCENT_SQRT(x) __builtin_elementwise_sqrt(x)
#else
#define DESCENT_SQRT(x) __builtin_sqrtf(x)
#endif

#endif
