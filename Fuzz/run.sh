#!/bin/bash
# Builds the X12 fuzz target with libFuzzer and AddressSanitizer and runs it for SECONDS (default 60), starting from
# the golden files. Usage: bash Fuzz/run.sh [SECONDS] [WORK_DIR]
set -euo pipefail
seconds="${1:-60}"
work="${2:-$(mktemp -d)}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$work/modules" "$work/corpus"
cp "$repo"/../shared/x12/golden/*.x12 "$work/corpus/" 2>/dev/null || true
# The modules share a package name, as SwiftPM gives them, for their `package` declarations.
flags=(-sanitize=fuzzer,address -parse-as-library -O -g -package-name revcycle)
echo "building the fuzz target in $work"
swiftc "${flags[@]}" -emit-module -emit-library -static -module-name X12 -o "$work/modules/libX12.a" \
    -emit-module-path "$work/modules/X12.swiftmodule" "$repo"/Sources/X12/*.swift
swiftc "${flags[@]}" -emit-module -emit-library -static -module-name HealthCareX12 -I "$work/modules" -o "$work/modules/libHealthCareX12.a" \
    -emit-module-path "$work/modules/HealthCareX12.swiftmodule" "$repo"/Sources/HealthCareX12/*.swift "$repo"/Sources/HealthCareX12/Guides/*.swift
swiftc "${flags[@]}" -I "$work/modules" "$repo/Fuzz/X12Fuzz.swift" "$work/modules/libHealthCareX12.a" "$work/modules/libX12.a" -o "$work/x12fuzz"
echo "fuzzing for $seconds s"
# Leak checking is off: the guides live in a global for the whole run, and LeakSanitizer cannot follow Swift's
# tagged pointers to them, so it reports them as leaked. Crashes, traps and memory errors are what we look for.
ASAN_OPTIONS=detect_leaks=0 "$work/x12fuzz" -detect_leaks=0 -max_total_time="$seconds" -max_len=65536 -print_final_stats=1 -artifact_prefix="$work/" "$work/corpus"
