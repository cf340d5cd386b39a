#!/usr/bin/env bash
# Compile time of the generated `paygen` crate alone (its dependencies already built), with all
# gateways and with each gateway's feature alone, in debug and release. Prints a Markdown table
# of the median of RUNS builds each, and each configuration's share of the all-gateways time.
# Usage: bash tests/benches/compile-time.sh [RUNS]   (from anywhere in the repository)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
gateways=$(sed -n '/^# @generated begin gateway features/,/^# @generated end/p' generated/Cargo.toml |
  grep -E '^[a-z0-9_]+ = \[\]' | cut -d' ' -f1)
# "none" is the crate with no gateway: what every configuration pays regardless (cargo's own
# checks, rustc loading the dependencies' metadata).
configs=("all:" "none:--no-default-features")
for g in $gateways; do configs+=("$g:--no-default-features --features $g"); done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

build_seconds() { # profile flags...
  local profile=$1; shift
  local release=(); [ "$profile" = release ] && release=(--release)
  # Dependencies first, so that only the crate itself is timed.
  cargo build -q -p paygen "${release[@]}" "$@" >/dev/null 2>&1
  for _ in $(seq "$runs"); do
    touch generated/src/lib.rs
    local start end
    start=$(date +%s.%N)
    cargo build -q -p paygen "${release[@]}" "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN {print b - a}'
  done | median
}

echo "| gateways | debug (s) | share | release (s) | share |"
echo "|---|---|---|---|---|"
declare -A all
for config in "${configs[@]}"; do
  name=${config%%:*}; flags=${config#*:}
  row="| $name"
  for profile in debug release; do
    # shellcheck disable=SC2086
    t=$(build_seconds "$profile" $flags)
    [ "$name" = all ] && all[$profile]=$t
    share=$(awk -v t="$t" -v all="${all[$profile]}" 'BEGIN {print 100 * t / all}')
    row="$row | $(printf '%.2f' "$t") | $(printf '%.0f' "$share")%"
  done
  echo "$row |"
done
