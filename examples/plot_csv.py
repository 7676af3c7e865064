#!/usr/bin/env python3
"""Optional: plot ribbon's CSV tables with matplotlib (not needed by ribbon, which draws its own
SVG figures; `pip install matplotlib` first).

  python3 examples/plot_csv.py output/phase_diagram.csv   # worst-ratio maps, one panel per ratio
  python3 examples/plot_csv.py output/ratio_boundary.csv  # r* vs slope per T
"""
import csv, sys
import matplotlib.pyplot as plt

rows = list(csv.DictReader(open(sys.argv[1])))
if "worst_ratio" in rows[0]:
    ratios = sorted({float(r["ratio"]) for r in rows})
    fig, axes = plt.subplots(1, len(ratios), figsize=(5 * len(ratios), 4), sharey=True)
    for ax, ratio in zip(axes, ratios):
        sub = [r for r in rows if float(r["ratio"]) == ratio]
        sc = ax.scatter([float(r["slope"]) for r in sub], [float(r["steps"]) for r in sub],
                        c=[float(r["worst_ratio"]) for r in sub], cmap="viridis", vmin=0, vmax=1, marker="s")
        ax.set(xscale="log", yscale="log", xlabel="slope c", title=f"r = {ratio:g}")
    axes[0].set_ylabel("steps T")
    fig.colorbar(sc, ax=axes, label="worst ratio μ_{k+1}/μ_k")
else:
    for steps in sorted({float(r["steps"]) for r in rows}):
        sub = [r for r in rows if float(r["steps"]) == steps and r["exact_ratio"]]
        plt.plot([float(r["slope"]) for r in sub], [float(r["exact_ratio"]) for r in sub], "o-", label=f"exact, T = {steps:g}")
    plt.xscale("log"); plt.yscale("log"); plt.xlabel("slope c"); plt.ylabel("r*"); plt.legend()
plt.savefig(sys.argv[1].rsplit(".", 1)[0] + ".png", dpi=150, bbox_inches="tight")
