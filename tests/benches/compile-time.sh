#!/usr/bin/env bash
# Compile time of the generated `paygen` crate alone (its dependencies already built), with all
# gateways, with none, and with each gateway's feature alone, in debug and release. For each it
# prints the median of RUNS builds of two measures: rustc's time for the crate as cargo records it
# (`--timings`, read by unit-time.py), and the wall-clock time of the whole `cargo build`, which
# adds cargo's own start-up and checks. Shares are of the all-gateways build, same profile, same
# measure. Usage: bash tests/benches/compile-time.sh [RUNS]   (from anywhere in the repository)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
gateways=$(sed -n '/^# @generated begin gateway features/,/^# @generated end/p' generated/Cargo.toml |
  grep -E '^[a-z0-9_]+ = \[\]' | cut -d' ' -f1)
# "none" is the crate with no gateway: what every configuration pays regardless.
configs=("all:" "none:--no-default-features")
for g in $gateways; do configs+=("$g:--no-default-features --features $g"); done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
share() { awk -v t="$1" -v all="$2" 'BEGIN {printf "%.0f%%", 100 * t / all}'; }

# Prints "unit wall": the medians of RUNS builds of the crate alone.
measure() { # profile flags...
  local profile=$1; shift
  local release=(); [ "$profile" = release ] && release=(--release)
  # Dependencies (and this feature set) first, so that only the crate itself is timed.
  cargo build -q -p paygen "${release[@]}" "$@" >/dev/null 2>&1
  local units=() walls=()
  for _ in $(seq "$runs"); do
    touch generated/src/lib.rs
    local start end
    start=$(date +%s.%N)
    cargo build -q -p paygen --timings "${release[@]}" "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    walls+=("$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')")
    units+=("$(python3 tests/benches/unit-time.py target paygen)")
  done
  echo "$(printf '%s\n' "${units[@]}" | median) $(printf '%s\n' "${walls[@]}" | median)"
}

echo "| gateways | debug rustc (s) | share | debug wall (s) | share | release rustc (s) | share | release wall (s) | share |"
echo "|---|---|---|---|---|---|---|---|---|"
declare -A all
for config in "${configs[@]}"; do
  name=${config%%:*}; flags=${config#*:}
  row="| $name"
  for profile in debug release; do
    # shellcheck disable=SC2086
    read -r unit wall <<<"$(measure "$profile" $flags)"
    if [ "$name" = all ]; then all[$profile-unit]=$unit; all[$profile-wall]=$wall; fi
    row="$row | $unit | $(share "$unit" "${all[$profile-unit]}") | $(printf '%.2f' "$wall") | $(share "$wall" "${all[$profile-wall]}")"
  done
  echo "$row |"
done
