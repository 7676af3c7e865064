#!/usr/bin/env python3
"""Optional: plot ribbon's CSV tables with matplotlib (ribbon draws its own SVG figures and does not
need this; `pip install matplotlib` first).

  python3 examples/plot_csv.py phase_diagram.csv            # dense scan: worst-ratio maps, one panel per r
  python3 examples/plot_csv.py boundaries.csv               # scan --boundaries AXIS: boundary per point
  python3 examples/plot_csv.py output/ratio_boundary.csv    # reproduce's boundary table (the scan --boundaries schema)

The figure is written to FILE.png in the current directory (or --out PATH), never into output/.
Rows with status=error and empty cells (a verdict without a worst ratio, a boundary that is always or
never crossed) are left out and counted on stderr.
"""
import argparse, csv, math, os, sys

import matplotlib
matplotlib.use("Agg")  # files only, no display needed
import matplotlib.pyplot as plt

p = argparse.ArgumentParser(description="Plot a ribbon CSV table.")
p.add_argument("table")
p.add_argument("--out", help="figure path (default: ./<table name>.png)")
a = p.parse_args()
rows = list(csv.DictReader(open(a.table, newline="")))
if not rows:
    sys.exit(f"plot_csv: {a.table} has no rows")
out = a.out or os.path.splitext(os.path.basename(a.table))[0] + ".png"


def number(row, key):
    """The cell as a float, or None when empty, missing, or not finite."""
    try:
        x = float(row.get(key) or "nan")
    except ValueError:
        return None
    return x if math.isfinite(x) else None


ok = [r for r in rows if r.get("status", "ok") == "ok"]
skipped = len(rows) - len(ok)

if "worst_ratio" in rows[0]:
    # Dense scan: one panel per ratio r, slope × steps coloured by the worst ratio (hatched: not HR).
    ratios = sorted({number(r, "ratio") for r in ok if number(r, "ratio") is not None})
    fig, axes = plt.subplots(1, len(ratios), figsize=(4.5 * len(ratios), 4), sharey=True, squeeze=False)
    scatter = None
    for ax, ratio in zip(axes[0], ratios):
        sub = [r for r in ok if number(r, "ratio") == ratio and None not in (number(r, "slope"), number(r, "steps"), number(r, "worst_ratio"))]
        skipped += sum(1 for r in ok if number(r, "ratio") == ratio) - len(sub)
        scatter = ax.scatter([number(r, "slope") for r in sub], [number(r, "steps") for r in sub],
                             c=[number(r, "worst_ratio") for r in sub], cmap="viridis", vmin=0, vmax=1, marker="s", s=40)
        hr = [r for r in sub if r.get("hyper_ribbon") == "true"]
        ax.scatter([number(r, "slope") for r in hr], [number(r, "steps") for r in hr], facecolors="none", edgecolors="white",
                   marker="o", s=12, label="hyper-ribbon")
        ax.set(xscale="log", yscale="log", xlabel="slope c", title=f"r = {ratio:g}")
    axes[0][0].set_ylabel("steps T")
    if scatter is not None:
        fig.colorbar(scatter, ax=axes[0].tolist(), label="worst ratio μ_{k+1}/μ_k (white ring: HR)")
elif "exact" in rows[0] and "axis" in rows[0]:
    # scan --boundaries AXIS: the exact boundary against the first parameter that varies, one line per other setting.
    axis = ok[0]["axis"] if ok else rows[0].get("axis", "")
    candidates = [c for c in ("slope", "alpha", "steps", "ratio", "eta", "sigma0", "dim") if c in rows[0] and c != axis]
    varying = [c for c in candidates if len({r[c] for r in ok}) > 1]
    x = varying[0] if varying else candidates[0]
    groups = {}
    for r in ok:
        key = tuple((c, r[c]) for c in varying[1:])
        groups.setdefault(key, []).append(r)
    fig, ax = plt.subplots(figsize=(5.5, 4))
    for key, sub in sorted(groups.items()):
        pts = [(number(r, x), number(r, "exact")) for r in sub]
        good = sorted(pt for pt in pts if None not in pt)
        skipped += len(pts) - len(good)
        if good:
            ax.plot(*zip(*good), "o-", label=", ".join(f"{c} = {v}" for c, v in key) or f"exact {axis} boundary")
            if "best_closed_form_value" in rows[0]:
                cf = sorted((number(r, x), number(r, "best_closed_form_value")) for r in sub if None not in (number(r, x), number(r, "best_closed_form_value")))
                if cf:
                    ax.plot(*zip(*cf), "x--", color=ax.lines[-1].get_color(), alpha=0.7)
    ax.set(xscale="log", yscale="log", xlabel=x, ylabel=f"{axis} boundary (x: recommended closed form)")
    if ax.lines:
        ax.legend(fontsize=8)
else:
    sys.exit(f"plot_csv: {a.table} is not a table this script knows (a dense scan or a boundary table)")

plt.savefig(out, dpi=150, bbox_inches="tight")
print(f"plot_csv: wrote {out}" + (f" ({skipped} rows without a value left out)" if skipped else ""), file=sys.stderr)
