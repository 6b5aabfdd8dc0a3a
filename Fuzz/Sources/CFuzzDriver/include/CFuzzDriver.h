#ifndef C_FUZZ_DRIVER_H
#define C_FUZZ_DRIVER_H

/// Runs libFuzzer (LLVMFuzzerRunDriver) on the target's LLVMFuzzerTestOneInput with the
/// process's arguments; returns libFuzzer's exit status.
int descent_fuzz_main(int argc, char **argv);

#endif
