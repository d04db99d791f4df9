#!/usr/bin/env bash
# Builds activ's benchmark suite (Release, -march=native) and runs it: every function and
# derivative, float and double, from L1 to DRAM sizes (the family: L1, L2, DRAM), against the
# memory roofline (memcpy and a plain xsimd copy loop), naive scalar code, xsimd's math, Eigen
# and, when installed, SLEEF, oneDNN and XNNPACK. Writes bench.json, bench.md (the tables),
# bench.png (the core four's chart) and bench_family.png (the family's) and prints the tables;
# the console output goes to <build root>/bench/bench.log. On Debian, missing
# packages are installed first (as root, or through sudo); the peers are installed when apt has
# them and skipped otherwise.
#
#   scripts/bench.sh                  full run: 3 repetitions each, median, random order
#                                     (~1200 benchmarks: about 4 to 5 minutes on an idle
#                                     2-core machine)
#   scripts/bench.sh --quick          every benchmark once, briefly: a smoke test (CI)
#   scripts/bench.sh --filter REGEX   only the benchmarks whose name matches REGEX
#                                     (names: <function>/<implementation>/<type>/<size>)
#   scripts/bench.sh --out DIR        results directory (default: bench/results; with
#                                     --quick: <build root>/bench/quick)
#   scripts/bench.sh -- ARGS...       passes ARGS on to activ_bench (e.g. --cpu=0)
#
# Environment: ACTIV_BUILD_ROOT (build trees, default build/), ACTIV_JOBS (build parallelism,
# default 2), ACTIV_BENCH_MIN_TIME (seconds per benchmark and repetition, default 0.04).
set -euo pipefail

die() {
    echo "bench.sh: $*" >&2
    exit 2
}

usage() {
    sed -n '2,22s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

quick=0
filter=""
out_dir=""
extra=()
while (($# > 0)); do
    case $1 in
    --quick) quick=1 ;;
    --filter)
        (($# > 1)) || die "--filter needs a regular expression"
        filter=$2
        shift
        ;;
    --filter=*) filter=${1#--filter=} ;;
    --out)
        (($# > 1)) || die "--out needs a directory"
        out_dir=$2
        shift
        ;;
    --out=*) out_dir=${1#--out=} ;;
    --)
        shift
        extra=("$@")
        break
        ;;
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

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_root=${ACTIV_BUILD_ROOT:-$repo_root/build}
build_dir=$build_root/bench
jobs=${ACTIV_JOBS:-2}
if [[ -z $out_dir ]]; then
    if ((quick)); then out_dir=$build_dir/quick; else out_dir=$repo_root/bench/results; fi
fi

# --- dependencies ------------------------------------------------------------------------------
required=(cmake ninja-build g++ libxsimd-dev libeigen3-dev libbenchmark-dev python3
    python3-matplotlib)
peers=(libsleef-dev libdnnl-dev libxnnpack-dev libpthreadpool-dev)

installed() {
    # dpkg -s also succeeds for removed packages whose config files remain; check the state.
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

apt_install() {
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "$@"
}

if command -v dpkg-query >/dev/null; then
    missing=() missing_peers=()
    for package in "${required[@]}"; do installed "$package" || missing+=("$package"); done
    for package in "${peers[@]}"; do installed "$package" || missing_peers+=("$package"); done
    if ((${#missing[@]} + ${#missing_peers[@]} > 0)); then
        as_root=()
        if ((EUID != 0)); then
            if command -v sudo >/dev/null; then
                as_root=(sudo)
            elif ((${#missing[@]} > 0)); then
                die "missing packages (${missing[*]}); run as root or install sudo"
            else
                echo "== not root: skipping the peers ${missing_peers[*]}"
                missing_peers=()
            fi
        fi
    fi
    if ((${#missing[@]} + ${#missing_peers[@]} > 0)); then
        "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
        if ((${#missing[@]} > 0)); then
            echo "== installing ${missing[*]}"
            apt_install "${missing[@]}"
        fi
        # The peers are optional: install those apt knows, one by one, and go on without the rest.
        for package in "${missing_peers[@]}"; do
            if apt-cache show "$package" >/dev/null 2>&1 && apt_install "$package"; then
                echo "== installed peer $package"
            else
                echo "== peer $package is not available here: benchmarking without it"
            fi
        done
    fi
else
    echo "== no dpkg here: assuming these are installed: ${required[*]} (peers optional)"
fi

echo "== $(cmake --version | head -n 1); $(c++ --version | head -n 1); $(nproc) cores"

# --- build -------------------------------------------------------------------------------------
cmake -S "$repo_root" -B "$build_dir" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS="-march=native" \
    -DACTIV_BUILD_BENCH=ON \
    -DACTIV_BUILD_TESTS=OFF \
    -DACTIV_BUILD_EXAMPLES=OFF \
    -DACTIV_INSTALL=OFF
cmake --build "$build_dir" -j "$jobs" --target activ_bench
bench=$build_dir/bench/activ_bench

# --- run ---------------------------------------------------------------------------------------
mkdir -p "$out_dir"
json=$out_dir/bench.json
log=$build_dir/bench.log # console output: kept out of the results directory
rm -f "$json" "$log" "$out_dir/bench.md" "$out_dir/bench.png" "$out_dir/bench_family.png" # no stale results
args=(--benchmark_out="$json" --benchmark_out_format=json)
[[ -n $filter ]] && args+=(--benchmark_filter="$filter")
if ((quick)); then
    args+=(--benchmark_min_time=0.01)
else
    args+=(--benchmark_min_time="${ACTIV_BENCH_MIN_TIME:-0.04}"
        --benchmark_repetitions=3
        --benchmark_report_aggregates_only=true
        --benchmark_enable_random_interleaving=true)
fi
args+=("${extra[@]}")

count=$("$bench" --benchmark_list_tests=true ${filter:+--benchmark_filter="$filter"} | wc -l)
((count > 0)) || die "no benchmark matches '$filter'"
echo "== running $count benchmarks$( ((quick)) && echo " (quick)"); log: $log"
# oneDNN's OpenMP runtime reads this at load time; activ_bench also calls omp_set_num_threads(1).
export OMP_NUM_THREADS=1
start=$SECONDS
if ((quick)); then
    "$bench" "${args[@]}" 2>&1 | tee "$log"
else
    # The full console output (mean, median, stddev, cv of each) is in the log; show the medians.
    "$bench" "${args[@]}" 2>&1 | tee "$log" | grep --line-buffered -v -E '_(mean|stddev|cv) '
fi
echo "== $count benchmarks in $((SECONDS - start)) s"

# --- report ------------------------------------------------------------------------------------
# A python3 ahead of the system's on PATH (pyenv, a venv) may lack the matplotlib installed above.
python=python3
if ! python3 -c "import matplotlib" 2>/dev/null && [[ -x /usr/bin/python3 ]] &&
    /usr/bin/python3 -c "import matplotlib" 2>/dev/null; then
    python=/usr/bin/python3
fi
status=0
"$python" "$repo_root/scripts/bench_report.py" "$json" \
    --md "$out_dir/bench.md" --png "$out_dir/bench.png" \
    --png-family "$out_dir/bench_family.png" || status=$?
echo
cat "$out_dir/bench.md"
echo
results=()
for file in "$json" "$out_dir/bench.md" "$out_dir/bench.png" "$out_dir/bench_family.png"; do
    [[ -f $file ]] && results+=("$file")
done
echo "== results: ${results[*]}"
exit "$status"
