#!/usr/bin/env bash
# Builds activ and runs its tests in each configuration CI covers, each in its own build tree
# under ${ACTIV_BUILD_ROOT:-build}/test-<name>. The configurations themselves (compiler, flags)
# are the test-<name> presets in CMakePresets.json (only native also builds bench/, to keep it
# compiling); the last one, bench, runs scripts/bench.sh --quick, the benchmark suite's smoke
# mode. On Debian, missing packages are installed first (as root, or through sudo).
#
#   scripts/test.sh                 every configuration
#   scripts/test.sh --quick         native only
#   scripts/test.sh --only NAME     just NAME (repeatable)
#
# Environment: ACTIV_BUILD_ROOT (build trees), ACTIV_JOBS (parallelism, default 2),
# ACTIV_ACCURACY_SAMPLES (read by the accuracy tests; the sanitize run always uses 20000: it
# looks for memory errors and undefined behaviour, the other runs measure accuracy).
set -euo pipefail

all_configs=(native contract avx2 sse sanitize clang bench)

usage() {
    sed -n '2,12s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
    echo "Configurations: ${all_configs[*]}"
}

die() {
    echo "test.sh: $*" >&2
    exit 2
}

selected=()
while (($# > 0)); do
    case $1 in
    --quick) selected+=(native) ;;
    --only)
        (($# > 1)) || die "--only needs a configuration name"
        selected+=("$2")
        shift
        ;;
    --only=*) selected+=("${1#--only=}") ;;
    -h | --help)
        usage
        exit 0
        ;;
    *)
        usage >&2
        die "unknown argument '$1'"
        ;;
    esac
    shift
done
((${#selected[@]} > 0)) || selected=("${all_configs[@]}")
for name in "${selected[@]}"; do
    [[ " ${all_configs[*]} " == *" $name "* ]] || die "unknown configuration '$name' (${all_configs[*]})"
done

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_root=${ACTIV_BUILD_ROOT:-$repo_root/build}
jobs=${ACTIV_JOBS:-2}

# --- dependencies ------------------------------------------------------------------------------
packages=(cmake ninja-build g++ libxsimd-dev libeigen3-dev catch2 libmpfr-dev libgmp-dev
    libbenchmark-dev python3)
[[ " ${selected[*]} " == *" clang "* ]] && packages+=(clang)

if command -v dpkg-query >/dev/null; then
    missing=()
    for package in "${packages[@]}"; do
        # dpkg -s also succeeds for removed packages whose config files remain; check the state.
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$package")
    done
    if ((${#missing[@]} > 0)); then
        as_root=()
        if ((EUID != 0)); then
            command -v sudo >/dev/null || die "missing packages (${missing[*]}); run as root or install sudo"
            as_root=(sudo)
        fi
        echo "== installing ${missing[*]}"
        "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
        "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -q --no-install-recommends "${missing[@]}"
    fi
else
    echo "== no dpkg here: assuming these are installed: ${packages[*]}"
fi

echo "== $(cmake --version | head -n 1); $(c++ --version | head -n 1); $(nproc) cores"

# --- build and test ----------------------------------------------------------------------------
cd "$repo_root"

# Sets failed_stage on failure; set -e does not apply inside a function called from `if`.
run_config() {
    local name=$1
    local dir=$build_root/test-$name
    local test_env=()
    # ASan and UBSan make the MPFR reference comparisons several times slower.
    [[ $name == sanitize ]] && test_env=(ACTIV_ACCURACY_SAMPLES=20000)

    # The benchmark suite's quick mode (every benchmark, briefly) keeps it from rotting; its own
    # script installs the peers it can, builds Release -march=native and prints the table.
    if [[ $name == bench ]]; then
        failed_stage="bench --quick"
        ACTIV_BUILD_ROOT=$build_root ACTIV_JOBS=$jobs "$repo_root/scripts/bench.sh" --quick || return 1
        failed_stage=""
        return 0
    fi

    failed_stage="configure"
    cmake --preset "test-$name" -B "$dir" || return 1
    failed_stage="build"
    cmake --build "$dir" -j "$jobs" || return 1
    failed_stage="test"
    env "${test_env[@]}" ctest --test-dir "$dir" --output-on-failure --no-tests=error -j "$jobs" ||
        return 1
    failed_stage=""
}

summary=()
failures=0
for name in "${selected[@]}"; do
    echo
    echo "== [$name] $build_root/test-$name"
    start=$SECONDS
    if run_config "$name"; then
        outcome=passed
    else
        outcome="FAILED ($failed_stage)"
        failures=$((failures + 1))
    fi
    summary+=("$(printf '  %-10s %-20s %4ds' "$name" "$outcome" $((SECONDS - start)))")
done

echo
echo "== summary"
printf '%s\n' "${summary[@]}"
if ((failures > 0)); then
    echo "== $failures of ${#selected[@]} configuration(s) failed"
    exit 1
fi
echo "== all ${#selected[@]} configuration(s) passed"
