#!/usr/bin/env python3
"""Every command x every format, as a program would read it.

For each command and each format it lists, runs ribbon on a small case and checks:
  - csv, jsonl: pandas loads the file; every column that is not a named text column has a numeric or
    boolean dtype (missing numbers are empty / null, never ""); integer columns (dim, steps, k, runs, ...)
    are JSON integers in JSON Lines, not 10.0; the parameters are on every row;
  - json: one object with schema_version first;
  - table, markdown: exit 0 and some text;
and that every format a command does not list is refused with exit 2 and one line on stderr.

Usage: python3 scripts/check-formats.py [--ribbon PATH]
"""
import argparse
import io
import json
import os
import subprocess
import sys
import tempfile

import pandas as pd

SCHEMA_VERSION = 2

# Columns that hold text by design; every other column must load as numbers or booleans.
TEXT = {
    "spectrum", "target", "dynamics", "row", "quantity", "tag", "verdict", "reason", "formula", "status", "error",
    "side", "axis", "closed_form", "best_closed_form", "best_closed_form_status", "best_closed_form_mechanism",
    "flip_values", "flip_directions", "flip_kinds", "likelihood", "spectrum_file", "dimensions", "times", "study",
    "exact_status", "model", "direction", "kind", "note", "boundary_status", "outliers_side", "engine",
}
# Columns that must be JSON integers (not 10.0) wherever they are present and not null.
INTEGERS = {"dim", "k", "runs", "samples", "seed", "index", "k_epsilon", "worst_index", "floored_count", "n_f", "width",
            "k_epsilon_max", "ratios_tested",
            "dimension", "scan_index", "classes", "batch", "flips", "evaluations", "kernel_input_dim", "kernel_samples",
            "kernel_seed", "sections", "parameters_D", "hidden", "input_dim", "test_samples"}
# Integer-valued when whole: steps (T may be 1e12, always whole in these cases).
WHOLE = {"steps"}

FORMATS = ["table", "csv", "jsonl", "json", "markdown"]


def run(ribbon, args, cwd):
    return subprocess.run([ribbon] + args, cwd=cwd, capture_output=True, text=True, timeout=600)


def check_rows(name, fmt, text, failures):
    if not text.strip():
        failures.append(f"{name} --format {fmt}: empty output")
        return
    if fmt == "csv":
        frame = pd.read_csv(io.StringIO(text))
        records = None
    else:
        records = [json.loads(line) for line in text.splitlines() if line.strip()]
        frame = pd.read_json(io.StringIO(text), lines=True, dtype=False)
    for column in frame.columns:
        if column in TEXT:
            continue
        dtype = frame[column].dtype
        values = frame[column].dropna()
        if pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
            continue
        if len(values) and all(isinstance(v, bool) for v in values):
            continue  # a boolean column with missing values (pandas: object)
        if len(values) == 0:
            continue  # all missing
        failures.append(f"{name} --format {fmt}: column '{column}' loads as {dtype} (values like {values.iloc[0]!r})")
    if records is not None:
        for column in INTEGERS | WHOLE:
            bad = [r[column] for r in records if column in r and r[column] is not None and not isinstance(r[column], int)]
            if bad:
                failures.append(f"{name} --format jsonl: '{column}' written as {bad[0]!r}, not an integer")
        for r in records:
            if "" in r.values():
                failures.append(f"{name} --format jsonl: an empty string where null belongs: {r}")
                break


def check(ribbon, name, args, formats, failures, cwd, to_file=False, exit_ok=(0,)):
    """Runs `args` in every format; those in `formats` must work, the others must be refused (exit 2)."""
    for fmt in FORMATS:
        full = args + ["--format", fmt]
        path = None
        if to_file:
            # A fresh name per command and format: no --force needed, and the sidecar is this run's.
            path = os.path.join(cwd, f"out-{len(os.listdir(cwd))}.{fmt}")
            full += ["--output", path]
        result = run(ribbon, full, cwd)
        if fmt not in formats:
            lines = [l for l in result.stderr.splitlines() if l.strip()]
            if result.returncode != 2 or len(lines) != 1:
                failures.append(f"{name} --format {fmt}: expected a refusal (exit 2, one line), got exit {result.returncode}: {result.stderr[:200]}")
            continue
        if result.returncode not in exit_ok:
            failures.append(f"{name} --format {fmt}: exit {result.returncode}: {result.stderr[:300]}")
            continue
        text = open(path).read() if path else result.stdout
        if fmt in ("csv", "jsonl"):
            check_rows(name, fmt, text, failures)
        elif fmt == "json":
            try:
                document = json.loads(text)
            except ValueError as error:
                failures.append(f"{name} --format json: not JSON ({error})")
                continue
            if next(iter(document), None) != "schema_version" or document["schema_version"] != SCHEMA_VERSION:
                failures.append(f"{name} --format json: schema_version is not the first key (= {SCHEMA_VERSION})")
        elif not text.strip():
            failures.append(f"{name} --format {fmt}: empty output")
        if path:
            sidecar = json.load(open(path + ".meta.json"))
            if sidecar.get("schema_version") != SCHEMA_VERSION:
                failures.append(f"{name} --format {fmt}: sidecar without schema_version {SCHEMA_VERSION}")
        print(f"  ok  {name} --format {fmt}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ribbon", default=".build/debug/ribbon")
    ribbon = os.path.abspath(parser.parse_args().ribbon)
    failures = []
    point = ["--slope", "1", "--steps", "100", "--ratio", "10", "--dim", "12"]
    sim = ["--samples", "40", "--runs", "12", "--null-replicates", "400"]
    all_formats = set(FORMATS)
    with tempfile.TemporaryDirectory() as cwd:
        check(ribbon, "widths", ["widths"] + point, all_formats, failures, cwd, to_file=True)
        check(ribbon, "widths (kernel)", ["widths", "--spectrum", "kernel:rbf", "--dim", "12", "--steps", "10", "--ratio", "3"],
              all_formats, failures, cwd)
        check(ribbon, "boundary", ["boundary", "--axis", "ratio", "--slope", "1", "--steps", "100", "--dim", "12"],
              {"table", "csv", "json"}, failures, cwd)
        check(ribbon, "boundary bbp", ["boundary", "bbp", "--model", "mixture", "--axis", "lambda", "--classes", "4", "--dim", "60",
                                       "--test-samples", "240"], {"table", "csv", "json"}, failures, cwd)
        check(ribbon, "scan", ["scan", "--slope", "0.5,1", "--steps", "10,100", "--ratio", "1,100", "--dim", "12"],
              {"csv", "jsonl", "markdown"}, failures, cwd, to_file=True)
        check(ribbon, "scan --boundaries", ["scan", "--boundaries", "ratio", "--slope", "1,2", "--steps", "100", "--dim", "12"],
              {"csv", "jsonl", "markdown"}, failures, cwd, to_file=True)
        check(ribbon, "scan bbp", ["scan", "bbp", "--model", "mixture", "--classes", "3", "--dim", "20", "--test-samples", "40,80", "--lambda", "1,4"],
              {"csv", "jsonl", "markdown"}, failures, cwd, to_file=True)
        check(ribbon, "verify", ["verify"] + point + sim, all_formats, failures, cwd, exit_ok=(0, 1))
        scan = os.path.join(cwd, "for-verify.csv")
        run(ribbon, ["scan", "--slope", "0.5,1", "--steps", "10,100", "--ratio", "1,30", "--dim", "12", "--output", scan, "--force"], cwd)
        check(ribbon, "verify --from-scan", ["verify", "--from-scan", scan, "--max-points", "2"] + sim,
              {"table", "csv", "jsonl", "json"}, failures, cwd, exit_ok=(0, 1))
        check(ribbon, "simulate", ["simulate"] + point + ["--samples", "40", "--runs", "5"], all_formats, failures, cwd)
        check(ribbon, "simulate (classification)", ["simulate"] + point + ["--samples", "40", "--runs", "5", "--likelihood", "classification",
                                                                         "--checkpoints", "log:10", "--components", "3"],
              all_formats, failures, cwd)
        check(ribbon, "spectrum", ["spectrum", "--spectrum", "kernel:rbf", "--dim", "12", "--top", "5"], all_formats, failures, cwd)
        check(ribbon, "outliers mixture", ["outliers", "mixture", "--classes", "3", "--dim", "60", "--test-samples", "240", "--lambda", "20",
                                           "--simulate", "--runs", "3"], all_formats, failures, cwd, exit_ok=(0, 1))
        check(ribbon, "outliers logit", ["outliers", "logit", "--classes", "3", "--samples", "60", "--parameters", "120",
                                         "--class-variance", "0.5", "--simulate", "--runs", "3"], all_formats, failures, cwd, exit_ok=(0, 1))
        check(ribbon, "outliers rem", ["outliers", "rem", "--classes", "3", "--logit-scale", "1"], all_formats, failures, cwd)
        check(ribbon, "outliers goldilocks", ["outliers", "goldilocks", "--rho", "0.5", "--section-dim", "10"], all_formats, failures, cwd)
        check(ribbon, "outliers confident", ["outliers", "confident", "--classes", "3", "--samples", "60", "--parameters", "200",
                                             "--class-variance", "1", "--epsilon", "0.2", "--runs", "2"], all_formats, failures, cwd,
              exit_ok=(0, 1))
        check(ribbon, "outliers zone", ["outliers", "zone", "--scales", "0.5,1", "--section-dims", "5", "--sections", "3", "--hidden", "8",
                                        "--samples", "60"], all_formats, failures, cwd)
        check(ribbon, "outliers xor", ["outliers", "xor", "--widths", "4", "--runs", "3", "--dim", "60", "--test-samples", "500"],
              all_formats, failures, cwd)
        check(ribbon, "align", ["align", "--dims", "200", "--times", "1", "--runs", "2"], all_formats, failures, cwd, exit_ok=(0, 1))
        check(ribbon, "align --ode-only", ["align", "--ode-only", "--times", "1,2"], {"table", "csv"}, failures, cwd)
    if failures:
        print(f"{len(failures)} format problem(s):")
        for f in failures:
            print("  " + f)
        sys.exit(1)
    print("every command honours every format it lists and refuses the others")


if __name__ == "__main__":
    main()
