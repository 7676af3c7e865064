#!/usr/bin/env python3
"""Fault injection for ribbon's scan files, in the spirit of SQLite's crash and I/O-error tests.

Every case either reproduces the uninterrupted run byte for byte, or exits 2 with exactly one line on
stderr; no case may end by a signal or hang (every call has a timeout). Cases, all from one seed:
  kills        SIGINT / SIGTERM / SIGKILL at a random time (sometimes twice), then --resume
  corruptions  a random damage at a random row or offset (row cut in half, 4 KiB of NUL bytes, extra
               column, edited digit, deleted / duplicated / swapped rows, half a JSON line, CRLF, a
               garbage line), then --resume
  merges       one shard damaged: merge must refuse with file and line; resume the shard, merge again,
               and resume the merged file
  size limits  `ulimit -f` during a scan (writes fail with EFBIG): exit 2, sidecar status failed, then
               resume without the limit
  two writers  a second `--force` run on a file being written: exit 2 naming the holder's PID
  scales       simulate/verify at tiny and huge scales (σ₀ down to 1e-300, λ₁ = 1e-300): exit 0, 1 or 2
Prints the counts and exits 1 if any case failed.

Usage: scripts/fault-injection.py [--ribbon .build/debug/ribbon] [--seed 1] [--kills 12] [--corruptions 30]
"""
import argparse, json, os, random, shutil, signal, subprocess, sys, tempfile, time

p = argparse.ArgumentParser()
p.add_argument("--ribbon", default=".build/debug/ribbon")
p.add_argument("--seed", type=int, default=1)
p.add_argument("--kills", type=int, default=12)
p.add_argument("--corruptions", type=int, default=30)
a = p.parse_args()
ribbon = os.path.abspath(a.ribbon)
rng = random.Random(a.seed)
work = tempfile.mkdtemp(prefix="ribbon-faults-")
os.chdir(work)
GRID = ["--slope", "log:0.25:4:10", "--steps", "log:1:1e4:6", "--ratio", "1,10,100", "--dim", "40"]
counts, failures = {}, []


def note(case, ok, detail=""):
    counts.setdefault(case, [0, 0])
    counts[case][0 if ok else 1] += 1
    if not ok:
        failures.append(f"{case}: {detail}")


def run(args, timeout=300, limit=None):
    pre = (lambda: __import__("resource").setrlimit(__import__("resource").RLIMIT_FSIZE, (limit, limit))) if limit else None
    return subprocess.run([ribbon] + args, capture_output=True, text=True, timeout=timeout, preexec_fn=pre)


def usage_error(r):
    """Exit 2 with exactly one line on stderr."""
    return r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1


def copy(src, dst):
    for suffix in ["", ".meta.json", ".checksums"]:
        if os.path.exists(src + suffix):
            shutil.copy(src + suffix, dst + suffix)


def same(x, y):
    return open(x, "rb").read() == open(y, "rb").read()


# References.
for fmt in ["csv", "jsonl"]:
    r = run(["scan"] + GRID + ["--format", fmt, "--output", f"ref.{fmt}"])
    assert r.returncode == 0, r.stderr

# Kills and resumes.
for i in range(a.kills):
    fmt = rng.choice(["csv", "jsonl"])
    out = f"kill{i}.{fmt}"
    for attempt in range(1 + (rng.random() < 0.3)):
        proc = subprocess.Popen([ribbon, "scan"] + GRID + ["--format", fmt, "--jobs", "1", "--output", out]
                                + (["--resume"] if attempt or os.path.exists(out) else []),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 1.5))
        sig = rng.choice([signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
        proc.send_signal(sig)
        proc.wait(timeout=60)
    r = run(["scan"] + GRID + ["--format", fmt, "--output", out, "--resume"])
    note("kills", r.returncode == 0 and same(out, f"ref.{fmt}"), f"{out}: rc {r.returncode} {r.stderr[-200:]}")


def corrupt(path, kind, fmt):
    data = open(path, "rb").read()
    lines = data.split(b"\n")[:-1]
    first = 1 if fmt == "csv" else 0
    k = rng.randrange(first + 1, len(lines) - 1)
    if kind == "cut":
        lines[k] = lines[k][: rng.randrange(1, len(lines[k]))]
    elif kind == "extra":
        lines[k] = lines[k] + b",7" if fmt == "csv" else lines[k][:-1] + b',"x":7}'
    elif kind == "digit":
        digits = [j for j, c in enumerate(lines[k]) if chr(c).isdigit() and j > 40]
        j = rng.choice(digits)
        lines[k] = lines[k][:j] + str((int(chr(lines[k][j])) + rng.randrange(1, 10)) % 10).encode() + lines[k][j + 1:]
    elif kind == "delete":
        del lines[k]
    elif kind == "duplicate":
        lines.insert(k, lines[k])
    elif kind == "swap":
        lines[k], lines[k + 1] = lines[k + 1], lines[k]
    elif kind == "crlf":
        lines[k] = lines[k] + b"\r"
    elif kind == "garbage":
        lines.insert(k, bytes(rng.randrange(32, 127) for _ in range(4096)))
    elif kind == "half_json":
        lines[k] = lines[k][: len(lines[k]) // 2]
    data = b"\n".join(lines) + b"\n"
    if kind == "nul":
        o = rng.randrange(len(lines[0]) + 1, len(data) - 4096)
        data = data[:o] + b"\0" * 4096 + data[o + 4096:]
    open(path, "wb").write(data)


KINDS = ["cut", "nul", "extra", "digit", "delete", "duplicate", "swap", "crlf", "garbage", "half_json"]
for i in range(a.corruptions):
    fmt = rng.choice(["csv", "jsonl"])
    kind = KINDS[i % len(KINDS)]
    out = f"bad{i}.{fmt}"
    copy(f"ref.{fmt}", out)
    corrupt(out, kind, fmt)
    r = run(["scan"] + GRID + ["--format", fmt, "--output", out, "--resume"])
    note(f"corruptions ({kind})", r.returncode == 0 and same(out, f"ref.{fmt}"), f"{out}: rc {r.returncode} {r.stderr[-300:]}")

# Merges of damaged shards.
for i in range(6):
    fmt = rng.choice(["csv", "jsonl"])
    n = rng.choice([2, 3, 4])
    parts = [f"m{i}-part{k}.{fmt}" for k in range(n)]
    for k, part in enumerate(parts):
        assert run(["scan"] + GRID + ["--format", fmt, "--shard", f"{k}/{n}", "--output", part]).returncode == 0
    victim = rng.choice(parts)
    corrupt(victim, KINDS[i % len(KINDS)], fmt)
    merged = f"m{i}.{fmt}"
    r = run(["merge", "--output", merged] + parts)
    note("merge refuses a damaged shard", usage_error(r) and victim in r.stderr and "line" in r.stderr, f"rc {r.returncode}: {r.stderr[-300:]}")
    k = parts.index(victim)
    r = run(["scan"] + GRID + ["--format", fmt, "--shard", f"{k}/{n}", "--output", victim, "--resume"])
    r2 = run(["merge", "--output", merged] + rng.sample(parts, len(parts)))
    note("merge after repair", r.returncode == 0 and r2.returncode == 0 and same(merged, f"ref.{fmt}"), r.stderr[-200:] + r2.stderr[-200:])
    r3 = run(["scan"] + GRID + ["--format", fmt, "--output", merged, "--resume"])
    note("resume of a merged file", r3.returncode == 0 and same(merged, f"ref.{fmt}"), r3.stderr[-200:])

# File-size limits (a stand-in for a full disk).
for i in range(4):
    out = f"full{i}.csv"
    limit = rng.randrange(2_000, 40_000)
    r = run(["scan"] + GRID + ["--output", out], limit=limit)
    status = json.load(open(out + ".meta.json")).get("status") if os.path.exists(out + ".meta.json") else None
    # The sidecar holds "failed", or could not be written at all (the limit is below its size).
    note("file-size limit", usage_error(r) and "File too large" in r.stderr and (status == "failed" or ".meta.json" in r.stderr),
         f"rc {r.returncode} status {status}: {r.stderr[-200:]}")
    r = run(["scan"] + GRID + ["--output", out, "--resume"])
    note("resume after the limit", r.returncode == 0 and same(out, "ref.csv"), r.stderr[-200:])

# Two writers. The first run is long (a few seconds) and the second starts only once the first holds
# its lock (the lock file names its PID), so the outcome does not depend on how fast this machine is.
LONG = ["--slope", "log:0.25:4:100", "--steps", "log:1:1e4:20", "--ratio", "1,10,100", "--dim", "40", "--jobs", "1"]
r = run(["scan"] + LONG + ["--output", "long-ref.csv"])
assert r.returncode == 0, r.stderr


def wait_for_lock(out, pid, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if open(out + ".lock").read().strip() == str(pid):
                return True
        except OSError:
            pass
        time.sleep(0.005)
    return False


for i in range(2):
    out = f"two{i}.csv"
    first = subprocess.Popen([ribbon, "scan"] + LONG + ["--output", out], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    locked = wait_for_lock(out, first.pid)
    r = run(["scan"] + GRID + ["--output", out, "--force"])
    running = first.poll() is None
    first.wait(timeout=120)
    # If the first run had already finished, the second was right to write: the check is void, not failed.
    note("second writer refused", (not running) or (usage_error(r) and f"PID {first.pid}" in r.stderr),
         f"locked {locked}, rc {r.returncode}: {r.stderr[-200:]}")
    note("second writer overlapped the first", locked and running, "the first run finished before the second started")
    note("first writer unharmed", first.returncode == 0 and same(out, "long-ref.csv"), f"rc {first.returncode}")

# Tiny and huge scales: no signal, no hang.
POINT = ["--slope", "1", "--steps", "30", "--dim", "10", "--samples", "40", "--runs", "12"]
for extra in [["--sigma0", "1e-146"], ["--sigma0", "1e-160"], ["--sigma0", "1e-300"], ["--lambda1", "1e-300"],
              ["--sigma0", "1e150"], ["--ratio", "1e300"], ["--noise-sd", "1e-300"]]:
    for command in ["simulate", "verify"]:
        args = [command] + POINT + ([] if extra[0] == "--ratio" else ["--ratio", "3"]) + extra
        try:
            r = run(args, timeout=60)
            note("scales", r.returncode in (0, 1, 2), f"{' '.join(args)}: rc {r.returncode}")
        except subprocess.TimeoutExpired:
            note("scales", False, f"{' '.join(args)}: hung (60 s)")

total_ok = sum(v[0] for v in counts.values())
total_bad = sum(v[1] for v in counts.values())
for case, (ok, bad) in counts.items():
    print(f"  {case:40s} {ok} passed, {bad} failed")
print(f"fault-injection: {total_ok} passed, {total_bad} failed (seed {a.seed}, work dir {work})")
for f in failures[:10]:
    print("  FAILED", f)
if total_bad:
    sys.exit(1)
shutil.rmtree(work, ignore_errors=True)
