#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ (a separate package; CI never builds it) and runs
# each for SECONDS on a copy of its seed corpus (Fuzz/Corpus/<target>/) in a temp folder.
# Prints libFuzzer's final figures per target (exec/s, corpus entries/bytes, coverage) and
# exits 1 if any target crashed (a trap, an ASan report, a timeout or running out of
# memory; leak reports are off, see Fuzz/README.md); the crashing input is kept under
# .build-fuzz/crashes/<target>/ and its path printed.
#
#   scripts/fuzz.sh SECONDS [TARGET...]      targets: csv npy idx idx-gzip safetensors replay specs
#
# Environment: FUZZ_FLAGS adds libFuzzer flags (e.g. "-max_len=65536"); SWIFT picks the
# swift binary (default: swift on PATH, else /opt/swift/usr/bin/swift).
set -euo pipefail

if [ $# -lt 1 ] || ! [[ "$1" =~ ^[0-9]+$ ]]; then
  echo "usage: scripts/fuzz.sh SECONDS [TARGET...]" >&2
  exit 2
fi
seconds="$1"
shift

root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$root/.build-fuzz"
swift="${SWIFT:-$(command -v swift || echo /opt/swift/usr/bin/swift)}"

# corpus folder -> executable target
declare -A executable=(
  [csv]=FuzzCSV [npy]=FuzzNPY [idx]=FuzzIDX [idx-gzip]=FuzzIDXGzip
  [safetensors]=FuzzSafeTensors [replay]=FuzzReplay [specs]=FuzzSpecs
)
all=(csv npy idx idx-gzip safetensors replay specs)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all[@]}"); fi
for t in "${targets[@]}"; do
  [ -n "${executable[$t]:-}" ] || { echo "fuzz.sh: unknown target '$t' (known: ${all[*]})" >&2; exit 2; }
done

echo "fuzz.sh: building Fuzz/ (debug, -sanitize=fuzzer,address) in $scratch"
# -parse-as-library: the targets have no top-level code; libFuzzer's driver is started from
# <Module>_main (see Fuzz/Sources/CFuzzDriver). lld avoids gold's flood of ASan warnings.
build_log="$(mktemp)"
if ! (cd "$root/Fuzz" && "$swift" build -c debug --scratch-path "$scratch" \
      -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -use-ld=lld) >"$build_log" 2>&1; then
  grep -v "Cannot export local symbol" "$build_log" | tail -40 >&2
  rm -f "$build_log"
  echo "fuzz.sh: build failed" >&2
  exit 2
fi
rm -f "$build_log"
bin="$(cd "$root/Fuzz" && "$swift" build -c debug --scratch-path "$scratch" \
      -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -use-ld=lld --show-bin-path)"

work="$(mktemp -d "${TMPDIR:-/tmp}/descent-fuzz.XXXXXX")"
trap 'rm -rf "$work"' EXIT
failed=()
summary=()
for t in "${targets[@]}"; do
  exe="$bin/${executable[$t]}"
  corpus="$work/$t/corpus"
  crashes="$scratch/crashes/$t"
  mkdir -p "$corpus" "$work/$t/scratch" "$crashes"
  cp "$root/Fuzz/Corpus/$t/"* "$corpus/"
  log="$work/$t/log"
  echo "fuzz.sh: $t for ${seconds}s ($(ls "$corpus" | wc -l) seeds)"
  set +e
  # Leaks off (Foundation leaks under LSan, see Fuzz/README.md); Swift's own backtracer off so
  # that a trap reaches libFuzzer's handler, which saves the input and prints the stack.
  # FUZZ_FLAGS is split into flags on purpose.
  # shellcheck disable=SC2086
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}" SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}" \
    FUZZ_SCRATCH="$work/$t/scratch" "$exe" "$corpus" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -detect_leaks=0 -artifact_prefix="$crashes/" ${FUZZ_FLAGS:-} >"$log" 2>&1
  status=$?
  set -e
  done_line="$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)"
  if [ $status -eq 0 ] && [ -n "$done_line" ]; then
    exec_s="$(sed -E 's/.*exec\/s: ([0-9]+).*/\1/' <<<"$done_line")"
    corp="$(sed -E 's/.*corp: ([0-9]+\/[0-9]+[a-zA-Z]*).*/\1/' <<<"$done_line")"
    cov="$(sed -E 's/.*cov: ([0-9]+).*/\1/' <<<"$done_line")"
    ft="$(sed -E 's/.*ft: ([0-9]+).*/\1/' <<<"$done_line")"
    echo "  $done_line"
    summary+=("$(printf '%-12s exec/s %7s  corpus %-12s cov %6s  ft %6s' "$t" "$exec_s" "$corp" "$cov" "$ft")")
  else
    artifact="$(grep -oE "Test unit written to [^ ]+" "$log" | tail -1 | sed 's/Test unit written to //' || true)"
    echo "  CRASH (exit status $status); log tail:" >&2
    grep -E "ERROR: |Fatal error|SUMMARY|deadly signal|out-of-memory|timeout" "$log" | head -6 | sed 's/^/    /' >&2
    # the stack from the first frame in Descent's code (Sources/ or Fuzz/Sources/)
    grep -E "^ +#[0-9]+ 0x" "$log" | grep -m 6 -E "/Sources/" | sed 's/^ */    /' | cut -c1-300 >&2 || true
    cp "$log" "$crashes/last-log.txt"
    echo "  crash input: ${artifact:-<none written>}  (full log: $crashes/last-log.txt)" >&2
    summary+=("$(printf '%-12s CRASH  %s' "$t" "${artifact:-see $crashes/last-log.txt}")")
    failed+=("$t")
  fi
done

echo
echo "fuzz.sh: ${seconds}s per target"
printf '  %s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: crashed: ${failed[*]}" >&2
  exit 1
fi
