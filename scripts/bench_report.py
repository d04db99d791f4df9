#!/usr/bin/env python3
"""Turns activ_bench's Google Benchmark JSON into a markdown table and a PNG chart.

    scripts/bench_report.py RESULTS.json [--md OUT.md] [--png OUT.png]

Benchmark names are <function>/<implementation>/<type>/<size> (see bench/bench_activ.cpp).
Each benchmark contributes its median: the "median" aggregate when the run had repetitions,
else the median of its iteration runs.

Table: one row per function x type x size, one column per implementation, cells in Gitems/s
(10^9 elements per second); the fastest cell of each row in bold; at the DRAM size each cell
also gives its bandwidth as a percentage of the xsimd copy loop's at the same type and size.
The dense_* benchmarks (an Eigen layer f(W x + b)) get a table of their own, in microseconds.

Chart: Gitems/s per function and implementation, grouped bars, one panel per type at the L2
size and one at the DRAM size; the copy loop and memcpy as horizontal lines. Needs matplotlib;
without it only the table is written.
"""

import argparse
import json
import statistics
import sys
from collections import defaultdict

# Display order; anything else is appended in order of appearance.
FUNCTIONS = ["copy", "relu", "d_relu", "d_relu_y", "sigmoid", "d_sigmoid", "d_sigmoid_y",
             "tanh", "d_tanh", "d_tanh_y", "step", "d_step", "d_step_y"]
IMPLS = ["activ", "naive", "eigen", "xsimd", "sleef_u10", "sleef_u35", "dnnl", "xnnpack",
         "memcpy", "activ_split", "eigen_split", "gemm_only"]
TYPES = ["f32", "f64"]
LEVELS = {4096: "L1", 65536: "L2", 1048576: "L3", 16777216: "DRAM"}
L2_SIZE, DRAM_SIZE = 65536, 16777216
ROOFLINE_IMPL = "xsimd"  # copy/xsimd: the plain vectorized copy loop

TIME_UNIT_TO_US = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}


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
        sample = {"items": b.get("items_per_second"),
                  "time_us": b["cpu_time"] * TIME_UNIT_TO_US.get(b.get("time_unit", "ns"), 1e-3)}
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


def array_table(results):
    keys = [k for k in results if not k[0].startswith("dense_")]
    if not keys:
        return []
    functions = ordered({k[0] for k in keys}, FUNCTIONS)
    impls = ordered({k[1] for k in keys}, IMPLS)
    types = ordered({k[2] for k in keys}, TYPES)
    sizes = sorted({int(k[3]) for k in keys})
    lines = ["| function | type | size | " + " | ".join(impls) + " |",
             "|---|---|---:|" + "---:|" * len(impls)]
    for function in functions:
        for type_ in types:
            for size in sizes:
                row = {i: results.get((function, i, type_, str(size))) for i in impls}
                row = {i: r["items"] / 1e9 for i, r in row.items() if r and r["items"]}
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
                level = LEVELS.get(size)
                size_label = f"{size} ({level})" if level else str(size)
                lines.append(f"| {function} | {type_} | {size_label} | " + " | ".join(cells) + " |")
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
                row = {i: results.get((function, i, type_, size)) for i in impls}
                row = {i: r["time_us"] for i, r in row.items() if r}
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
            "from x; `d_f_y`: derivative from y = f(x).", ""]
    out += array_table(results)
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


def chart(results, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("bench_report.py: matplotlib not found (python3-matplotlib): no chart",
              file=sys.stderr)
        return False
    keys = [k for k in results if not k[0].startswith("dense_") and k[0] != "copy"]
    types = ordered({k[2] for k in keys}, TYPES)
    panels = [(size, type_) for size in (L2_SIZE, DRAM_SIZE) for type_ in types
              if any(k[2] == type_ and int(k[3]) == size for k in keys)]
    if not panels:
        print("bench_report.py: no L2 or DRAM size in the results: no chart", file=sys.stderr)
        return False
    functions = ordered({k[0] for k in keys}, FUNCTIONS)
    impls = ordered({k[1] for k in keys}, IMPLS)
    colors = {impl: plt.get_cmap("tab10")(i % 10) for i, impl in enumerate(impls)}
    ncols = len(types)
    nrows = (len(panels) + ncols - 1) // ncols
    fig, axes = plt.subplots(nrows, ncols, figsize=(9 * ncols, 5 * nrows), squeeze=False)
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
    fig.suptitle("activ throughput per function and implementation (higher is better)",
                 fontsize="x-large")
    fig.tight_layout(rect=(0, 0, 1, 0.93))
    fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.955),
               ncol=min(len(labels), 10), frameon=False)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("json", help="Google Benchmark JSON output of activ_bench")
    parser.add_argument("--md", help="write the markdown table here")
    parser.add_argument("--png", help="write the chart here")
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
    if errors:
        print(f"bench_report.py: {len(errors)} benchmark(s) failed", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
