#include "CFuzzDriver.h"
#include <stddef.h>
#include <stdint.h>

// SwiftPM (tools version >= 5.5) links an executable target with `--defsym main=<Module>_main`,
// so libFuzzer's own main is never used; each target's <Module>_main calls this instead, which
// hands the arguments to libFuzzer's documented driver entry point.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int descent_fuzz_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
