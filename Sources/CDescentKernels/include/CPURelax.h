#ifndef CDESCENT_CPU_RELAX_H
#define CDESCENT_CPU_RELAX_H

/// A spin-wait hint (x86 `pause`, ARM `yield`): lets the sibling hyper-thread run and
/// saves power while a thread polls for work.
static inline void descent_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

#endif
