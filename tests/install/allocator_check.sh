#!/usr/bin/env bash
# Usage: allocator_check.sh PROGRAM
# The program allocates with mimalloc: mimalloc starts, and the dynamic loader binds the
# program's own malloc, free and realloc to mimalloc, not to glibc. The libraries share the
# program's lookup order, so they then allocate with mimalloc too. (mimalloc also starts
# when only operator new goes to it, so its start alone proves little.)
set -euo pipefail
program=$1
fail() { echo "FAIL: $*" >&2; exit 1; }
# The outputs are read whole (grep -q would close the pipe early).
verbose=$(MIMALLOC_VERBOSE=1 "$program" --help 2>&1 >/dev/null)
grep -q '^mimalloc: process init' <<<"$verbose" || fail "$program: mimalloc does not start"
bindings=$(LD_DEBUG=bindings "$program" --help 2>&1 >/dev/null)
bindings=$(grep -F "binding file $program " <<<"$bindings" || true)
for symbol in malloc free realloc; do
  line=$(grep "normal symbol \`$symbol'" <<<"$bindings" | head -1)
  [ -n "$line" ] || fail "$program: no binding of $symbol seen (LD_DEBUG=bindings)"
  grep -q 'libmimalloc' <<<"$line" || fail "$program: $symbol is bound to glibc, not mimalloc: $line"
done
echo "ok: $program allocates with mimalloc"
