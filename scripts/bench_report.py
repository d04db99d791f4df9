#!/usr/bin/env python3
"""Turns activ_bench's Google Benchmark JSON into a markdown table and a PNG chart.

    scripts/bench_report.py RESULTS.json [--md OUT.md] [--png OUT.png] [--png-family OUT.png]

Benchmark names are <function>/<implementation>/<type>/<size> (see bench/bench_activ.cpp).
Each benchmark contributes its median: the "median" aggregate when the run had repetitions,
else the median of its iteration runs.

Tables, in Gitems/s (10^9 elements per second): first a summary against the targets (activ
against the fastest peer at L1 and L2, activ's DRAM bandwidth as a percentage of the copy
loop's), then one table per group (the core four with copy, the family) and type: one row per
function x size, one column per implementation, the fastest cell of each row in bold, and at the
DRAM size each cell's bandwidth as a percentage of the xsimd copy loop's at the same type and
size. The dense_* benchmarks (an Eigen layer f(W x + b)) get a table of their own, in
microseconds.

Charts: Gitems/s per function and implementation, grouped bars, log scale, one panel per type
and size (L2, DRAM), the copy loop and memcpy as horizontal lines: --png for the core four,
--png-family (default: --png's name with _family, e.g. bench_family.png) for the family, one
wide panel per row. Needs matplotlib; without it only the tables are written.
"""

import argparse
import json
import statistics
import sys
from collections import defaultdict

# Display order; anything else is appended in order of appearance.
CORE = ["relu", "sigmoid", "tanh", "step"]
FAMILY = ["leaky_relu", "elu", "selu", "celu", "gelu", "gelu_tanh", "silu", "swish", "mish",
          "softplus", "log_sigmoid", "softsign", "hardtanh", "relu6", "hardsigmoid", "hardswish",
          "spike_straight_through", "spike_fast_sigmoid", "spike_sigmoid", "spike_atan",
          "spike_triangle", "spike_gaussian"]
# The piecewise-linear ones (and hardswish, piecewise quadratic): their target at DRAM is the
# copy loop's bandwidth (within 5%); every derivative from y is as cheap.
PIECEWISE = {"relu", "step", "leaky_relu", "hardtanh", "relu6", "hardsigmoid", "hardswish"}
DRAM_TARGET = 95  # percent of the copy loop
NOISE = 0.95  # activ / best peer in [NOISE, 1): level within run-to-run noise, marked ~


def with_derivatives(functions):
    return [g for f in functions for g in (f, "d_" + f, "d_" + f + "_y")]


FUNCTIONS = ["copy"] + with_derivatives(CORE) + with_derivatives(FAMILY)
IMPLS = ["activ", "naive", "eigen", "xsimd", "sleef_u10", "sleef_u35", "dnnl", "xnnpack",
         "memcpy", "activ_split", "eigen_split", "gemm_only"]
TYPES = ["f32", "f64"]
LEVELS = {4096: "L1", 65536: "L2", 1048576: "L3", 16777216: "DRAM"}
L2_SIZE, DRAM_SIZE = 65536, 16777216
ROOFLINE_IMPL = "xsimd"  # copy/xsimd: the plain vectorized copy loop

TIME_UNIT_TO_US = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}


def base_function(function):
    """d_gelu_y -> gelu"""
    if function.startswith("d_"):
        function = function[2:]
    if function.endswith("_y"):
        function = function[:-2]
    return function


def is_family(function):
    return base_function(function) in FAMILY


def ordered(values, preferred):
    values = set(values)
    return [v for v in preferred if v in values] + sorted(values - set(preferred))


def load(path):
    """{(function, impl, type, size): {"items": items/s, "time_us": per call}}, context, reps."""
    with open(path) as f:
        data = json.load(f)
    runs = defaultdict(list)
    medians = {}
    errors = []
    repetitions = 1
    for b in data.get("benchmarks", []):
        if b.get("error_occurred"):
            errors.append(f"{b['name']}: {b.get('error_message', 'error')}")
            continue
        run_name = b.get("run_name", b["name"])
        repetitions = max(repetitions, int(b.get("repetitions", 1)))
        sample = {
    "items" : b.get("items_per_second"),
        "time_us" : b["cpu_time"] * TIME_UNIT_TO_US.get(b.get("time_unit", "ns"), 1e-3)}
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                medians[run_name] = sample
        else:
            runs[run_name].append(sample)
    for run_name, samples in runs.items():
        if run_name not in medians:
            medians[run_name] = {
key: statistics.median(s[key] for s in samples) if samples[0][key] is not None
                else None
                for key in ("items", "time_us")}
    results = {}
    for run_name, sample in medians.items():
        parts = run_name.split("/")
        if len(parts) != 4:
            continue
        function, impl, type_, size = parts
        results[(function, impl, type_, size)] = sample
    return results, data.get("context", {}), repetitions, errors


def fmt(v):
    return f"{v:.3g}" if v < 10 else f"{v:.1f}"


def array_table(results, family, type_):
    """One table: the core four (with copy) or the family, one type."""
    keys = [k for k in results if not k[0].startswith("dense_") and k[2] == type_
            and is_family(k[0]) == family]
    if not keys:
        return []
    functions = ordered({k[0] for k in keys}, FUNCTIONS)
    impls = ordered({k[1] for k in keys}, IMPLS)
    sizes = sorted({int(k[3]) for k in keys})
    lines = ["| function | size | " + " | ".join(impls) + " | activ / best peer |",
             "|---|---:|" + "---:|" * len(impls) + "---:|"]
    for function in functions:
        for size in sizes:
            row = {
i: results.get((function, i, type_, str(size))) for i in impls}
            row = {
i: r["items"] / 1e9 for i, r in row.items() if r and r["items"]}
            if not row:
                continue
            best = max(row.values())
            roof = results.get(("copy", ROOFLINE_IMPL, type_, str(size)))
            cells = []
            for impl in impls:
                if impl not in row:
                    cells.append("")
                    continue
                cell = fmt(row[impl])
                if row[impl] == best:
                    cell = f"**{cell}**"
                if size == DRAM_SIZE and roof and roof["items"]:
                    cell += f" ({100 * row[impl] * 1e9 / roof['items']:.0f}%)"
                cells.append(cell)
            peers = [v for i, v in row.items() if i != "activ"]
            ratio = (f"{row['activ'] / max(peers):.2f}x" if "activ" in row and peers
                     and function != "copy" else "")
            level = LEVELS.get(size)
            size_label = f"{size} ({level})" if level else str(size)
            lines.append(f"| {function} | {size_label} | " + " | ".join(cells) +
                         f" | {ratio} |")
    return lines


def items(results, key):
    r = results.get(key)
    return r["items"] if r and r["items"] else None


def target_table(results):
    """Per function and type: activ / best peer at L1 and L2, activ's DRAM % of the copy loop."""
    keys = [k for k in results if not k[0].startswith("dense_") and k[0] != "copy"]
    if not keys:
        return []
    lines = ["| function | type | L1: activ / best peer | L2: activ / best peer | "
             "DRAM: activ % of copy | best peer at DRAM |",
             "|---|---|---:|---:|---:|---:|"]
    for function in ordered({k[0] for k in keys}, FUNCTIONS):
        for type_ in ordered({k[2] for k in keys}, TYPES):
            cells = []
            for size in (4096, L2_SIZE):
                activ = items(results, (function, "activ", type_, str(size)))
                peers = {k[1]: items(results, k) for k in keys
                         if k[0] == function and k[2] == type_ and k[3] == str(size)
                         and k[1] != "activ" and items(results, k)}
                if activ and peers:
                    best = max(peers, key=peers.get)
                    ratio = activ / peers[best]
                    mark = "" if ratio >= 1 else " ~" if ratio >= NOISE else " ✗"
                    cells.append(f"{ratio:.2f}x ({best}){mark}")
                else:
                    cells.append("")
            roof = items(results, ("copy", ROOFLINE_IMPL, type_, str(DRAM_SIZE)))
            activ = items(results, (function, "activ", type_, str(DRAM_SIZE)))
            peers = [items(results, k) for k in keys
                     if k[0] == function and k[2] == type_ and k[3] == str(DRAM_SIZE)
                     and k[1] != "activ" and items(results, k)]
            if roof and activ:
                pct = 100 * activ / roof
                mark = (" ✗" if base_function(function) in PIECEWISE and pct < DRAM_TARGET
                        else "")
                cells.append(f"{pct:.0f}%{mark}")
            else:
                cells.append("")
            cells.append(f"{100 * max(peers) / roof:.0f}%" if roof and peers else "")
            if any(cells):
                lines.append(f"| {function} | {type_} | " + " | ".join(cells) + " |")
    return lines


def dense_table(results):
    keys = [k for k in results if k[0].startswith("dense_")]
    if not keys:
        return []
    impls = ordered({k[1] for k in keys}, IMPLS)
    lines = ["| layer | type | size | " + " | ".join(impls) + " |",
             "|---|---|---|" + "---:|" * len(impls)]
    for function in ordered({k[0] for k in keys}, []):
        for type_ in ordered({k[2] for k in keys}, TYPES):
            for size in sorted({k[3] for k in keys}):
                row = {
i: results.get((function, i, type_, size)) for i in impls}
                row = {
i: r["time_us"] for i, r in row.items() if r}
                if not row:
                    continue
                with_activation = [t for i, t in row.items() if i != "gemm_only"]
                best = min(with_activation) if with_activation else None
                cells = []
                for impl in impls:
                    if impl not in row:
                        cells.append("")
                        continue
                    cell = f"{row[impl]:.1f}"
                    cells.append(f"**{cell}**" if row[impl] == best and impl != "gemm_only" else cell)
                lines.append(f"| {function} | {type_} | {size} | " + " | ".join(cells) + " |")
    return lines


def markdown(results, context, repetitions, errors):
    out = ["# activ benchmark results", ""]
    stat = ("median of %d repetitions" % repetitions if repetitions > 1
            else "a single repetition (quick run: numbers are rough)")
    caches = ", ".join(f"L{c['level']}{'d' if c['type'] == 'Data' else ''} "
                       f"{c['size'] // 1024} KiB" for c in context.get("caches", [])
                       if c.get("type") != "Instruction")
    facts = [
        ("date", context.get("date")),
        ("host", f"{context.get('host_name', '?')}, {context.get('num_cpus', '?')} CPUs at "
                 f"{context.get('mhz_per_cpu', '?')} MHz; {caches}"),
        ("load average", ", ".join(f"{x:.2f}" for x in context.get("load_avg", []))),
    ]
    facts += [(k[len("activ_"):], v) for k, v in sorted(context.items()) if k.startswith("activ_")]
    out += [f"- **{k}**: {v}" for k, v in facts if v]
    out += ["", "## Throughput", "",
            f"Gitems/s (10^9 elements per second, higher is better), {stat}, CPU time. "
            "**Bold**: fastest in the row. At the DRAM size, in parentheses: the bandwidth as a "
            "percentage of the plain xsimd copy loop's (`copy` row, `xsimd` column), with "
            "2 · n · sizeof(T) bytes per call for every implementation: above 100% an "
            "implementation moves fewer bytes than that (the peers' d_step writes zeros without "
            "reading its input) or beats the plain copy loop's store pattern. `d_f`: derivative "
            "from x; `d_f_y`: derivative from y = f(x). Last column: activ's throughput over the "
            "fastest other implementation's in the row.", ""]
    targets = target_table(results)
    if targets:
        out += ["### Targets", "",
                "activ's throughput over the fastest other implementation's (naive included) in "
                f"the same run at L1 and L2 (target: at least 1.00x; ~ from {NOISE:.2f}x, within "
                "run-to-run noise; ✗ below), and activ's bandwidth at DRAM as a percentage of the "
                f"copy loop's (target for the piecewise-linear functions: {DRAM_TARGET}% or more; "
                "✗ below), beside the fastest peer's.", ""]
        out += targets
    types = ordered({k[2] for k in results}, TYPES)
    for family, title in ((False, "Core functions"), (True, "The family")):
        for type_ in types:
            table = array_table(results, family, type_)
            if table:
                out += ["", f"### {title}, {type_}", ""] + table
    dense = dense_table(results)
    if dense:
        out += ["", "## Fused dense layer f(W x + b)", "",
                "Microseconds per call (lower is better): W 256x256 times a batch x of 64 "
                "columns, plus b, then f, into a preallocated matrix. `activ`: "
                "`activ::apply(f, (W * x).colwise() + b)`; `eigen`: "
                "`((W * x).colwise() + b).array().logistic()` / `.tanh()` (Eigen 3.4 does not "
                "vectorize a colwise broadcast: both run their scalar paths); `*_split`: "
                "`out = W * x; out.colwise() += b;` then f on `out` in place (vectorized); "
                "`gemm_only`: the layer without f.", ""]
        out += dense
    if errors:
        out += ["", "## Errors", ""] + [f"- {e}" for e in errors]
    return "\n".join(out) + "\n"


def chart(results, path, family=False):
    """The core four (family=False) or the family: one panel per type at L2 and at DRAM."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("bench_report.py: matplotlib not found (python3-matplotlib): no chart",
              file=sys.stderr)
        return False
    keys = [k for k in results if not k[0].startswith("dense_") and k[0] != "copy"
            and is_family(k[0]) == family]
    types = ordered({k[2] for k in keys}, TYPES)
    panels = [(size, type_) for size in (L2_SIZE, DRAM_SIZE) for type_ in types
              if any(k[2] == type_ and int(k[3]) == size for k in keys)]
    if not panels:
        if keys or not family:
            print(f"bench_report.py: no L2 or DRAM size in the results: no chart {path}",
                  file=sys.stderr)
        return False
    functions = ordered({k[0] for k in keys}, FUNCTIONS)
# Colors by implementation across both charts.
    all_impls = ordered({k[1] for k in results}, IMPLS)
    impls = ordered({k[1] for k in keys}, IMPLS)
    colors = {
impl: plt.get_cmap("tab10")(all_impls.index(impl) % 10) for impl in impls}
# The family's ~45 functions: one full-width panel per row, so that the bars stay readable.
    ncols = 1 if family else len(types)
    nrows = (len(panels) + ncols - 1) // ncols
    panel_width = max(9.0, 0.42 * len(functions)) if family else 9.0
    fig, axes = plt.subplots(nrows, ncols, figsize=(panel_width * ncols, 5 * nrows),
                             squeeze=False)
    width = 0.8 / len(impls)
    for ax, (size, type_) in zip(axes.flat, panels):
        for j, impl in enumerate(impls):
            xs, ys = [], []
            for i, function in enumerate(functions):
                r = results.get((function, impl, type_, str(size)))
                if r and r["items"]:
                    xs.append(i - 0.4 + (j + 0.5) * width)
                    ys.append(r["items"] / 1e9)
            if xs:
                ax.bar(xs, ys, width, label=impl, color=colors[impl])
        for impl, style in ((ROOFLINE_IMPL, "--"), ("memcpy", ":")):
            r = results.get(("copy", impl, type_, str(size)))
            if r and r["items"]:
                label = "copy loop (xsimd)" if impl == ROOFLINE_IMPL else "memcpy"
                ax.axhline(r["items"] / 1e9, color="black", linestyle=style, linewidth=1,
                           label=label)
        ax.set_yscale("log")
        ax.set_xticks(range(len(functions)))
        ax.set_xticklabels(functions, rotation=45, ha="right")
        ax.set_ylabel("Gitems/s (log scale)")
        ax.set_title(f"{type_}, {size} elements ({LEVELS.get(size, '')})")
        ax.grid(axis="y", which="both", alpha=0.3)
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    what = "the family" if family else "the core functions"
    fig.suptitle(f"activ throughput, {what}, per function and implementation (higher is better)",
                 fontsize="x-large")
    height = 5 * nrows  # inches: the title on top, the legend at the bottom, 0.6 in each
    fig.tight_layout(rect=(0, 0.6 / height, 1, 1 - 0.6 / height))
    fig.legend(handles, labels, loc="lower center", bbox_to_anchor=(0.5, 0),
               ncol=min(len(labels), 10), frameon=False)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("json", help="Google Benchmark JSON output of activ_bench")
    parser.add_argument("--md", help="write the markdown table here")
    parser.add_argument("--png", help="write the chart of the core functions here")
    parser.add_argument("--png-family",
                        help="write the family's chart here (default: --png's name with _family "
                             "before the extension)")
    args = parser.parse_args()

    results, context, repetitions, errors = load(args.json)
    if not results:
        sys.exit(f"bench_report.py: no benchmark results in {args.json}")
    text = markdown(results, context, repetitions, errors)
    if args.md:
        with open(args.md, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    if args.png:
        chart(results, args.png)
    png_family = args.png_family
    if not png_family and args.png:
        stem, dot, ext = args.png.rpartition(".")
        png_family = f"{stem}_family.{ext}" if dot else args.png + "_family"
    if png_family:
        chart(results, png_family, family=True)
    if errors:
        print(f"bench_report.py: {len(errors)} benchmark(s) failed", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
