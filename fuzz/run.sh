#!/usr/bin/env bash
# Coverage-guided fuzzing of prongsai's parsers (libFuzzer via cargo-fuzz), each target for a
# fixed time. Prints the executions of every target and fails if any target found a crash.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]      (default: 300 s; record thai_date site_toml)
#
# Only stable Rust is needed: cargo-fuzz passes -Z flags, which stable rustc accepts with
# RUSTC_BOOTSTRAP=1. No sanitizer by default (the code is safe Rust; SANITIZER=address to use ASan).
# Debug assertions are on, so arithmetic overflow is a crash too. Inputs found so far grow in
# fuzz/corpus/<target>/ (seeded from fuzz/seeds/<target>/); crashes land in fuzz/artifacts/<target>/
# and belong in tests/it/regressions.rs once fixed.
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-300}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(record thai_date site_toml)
fi
export RUSTC_BOOTSTRAP=1
san="${SANITIZER:-none}"
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
cargo fuzz build -s "$san" -a >/dev/null
mkdir -p logs
declare -A max_len=([record]=16384 [thai_date]=256 [site_toml]=4096)
status=0
summary=()
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  dict=()
  [ -f "dicts/$t.dict" ] && dict=(-dict="dicts/$t.dict")
  start=$(date +%s)
  set +e
  cargo fuzz run -s "$san" -a "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$secs" -max_len="${max_len[$t]:-4096}" -timeout=20 -rss_limit_mb=4096 \
    -print_final_stats=1 "${dict[@]}" >"logs/$t.log" 2>&1
  rc=$?
  set -e
  took=$(( $(date +%s) - start ))
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "logs/$t.log" | tail -1 | grep -o '[0-9]*' || true)
  crashes=$(find "artifacts/$t" -type f | wc -l)
  line="$t: ${execs:-?} executions in ${took} s, coverage ${cov:-?} edges, corpus $(find "corpus/$t" -type f | wc -l) inputs, exit $rc, artifacts $crashes"
  echo "$line"
  summary+=("$line")
  if [ "$rc" -ne 0 ]; then
    status=1
    grep -E 'panicked|ERROR|SUMMARY|Test unit written' "logs/$t.log" | head -20 || true
  fi
done
echo "--- fuzz summary (${secs} s per target)"
printf '%s\n' "${summary[@]}"
exit $status
