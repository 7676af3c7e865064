#!/usr/bin/env python3
"""Independent high-precision oracle (mpmath) for the Swift test fixtures.

Run from the repository root:  python3 scripts/golden.py
Writes
  Tests/Fixtures/e2_golden.json       variances (eigenvalues of C, descending) of the
                                      exact time-averaged covariance, discrete GD (E2)
                                      and gradient flow (E3);
  Tests/Fixtures/special_golden.json  reference values of the special functions the
                                      theory uses (time averages S_T, pair covariances,
                                      sech-sum Toeplitz symbol, Jacobi theta, K/dn,
                                      q-Pochhammer products, Hurwitz zeta).
Everything is computed from the formulas, not from the Swift sources.

Formulas.  N = T+1, S_T(x) = (1 - x^N)/(N(1 - x)), h_i = eta*lambda_i, q_i = 1 - h_i,
  E2: C_ij = b_i b_j [S_T(q_i q_j) - S_T(q_i) S_T(q_j)] + s0^2 lambda_i d_ij S_T(q_i^2)
  E3: C_ij = b_i b_j [g(x_i + x_j) - g(x_i) g(x_j)] + s0^2 lambda_i d_ij g(2 x_i),
      g(x) = (1 - e^-x)/x, x_i = lambda_i * tau, tau = eta*T,
  b_i = -sqrt(lambda_i) w*_i, w*_i = r s0 ("weights") or r s0 sqrt(lambda1/lambda_i) ("outputs").

Precision.  S_T(q_i q_j) - S_T(q_i)S_T(q_j) ~ (hN)^2/12 cancels ~2 log10(1/(hN)) digits
when hN << 1 (likewise for the flow with x = lambda*tau).  S_T is evaluated from
y = 1 - x (y = h, 2h - h^2 or h_i + h_j - h_i h_j, formed to full relative working
precision; 1 - x^N = -expm1(N log1p(-y)) for small y), so q = 1 - h is never rounded.  Per case
    dps = 40 + 2*ceil(max(0, -log10(min_i h_i N))) + ceil(log10(trace C / min_i D_ii)),
D_ii = s0^2 lambda_i S_T(q_i^2) the (positive) noise diagonal: the last term is an a-priori
bound on log10(mu_max/mu_min) (Weyl: mu_min >= min D_ii), needed because mp.eigsy is
backward stable only relative to ||C||.  Every case is recomputed at dps+20 and must agree
to 1e-30 relative.  Special functions use dps 400 (pair covariances reach 1e-160 after
cancelling ~160 digits) or 60, each re-checked at +40 digits and with identities.
Inputs (eta, lambda1, h, q, m, ...) are taken as their exact binary64 values.  Outputs are
JSON numbers written as repr(float(mpf)): the correctly rounded double, <= 17 significant
digits, round-trips exactly.  The script is deterministic (no randomness).
Validation (run every time, asserts): JSON parsed back, counts/shapes/ordering checked, and
four E2 cases (T <= 10) compared with an explicit simulation of the GD recursion.
"""
import json, math, os, time
import mpmath as mp
import numpy as np
from scipy.linalg import toeplitz

mpf = mp.mpf
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "Tests", "Fixtures")
checks = {}  # tag -> worst relative discrepancy seen by a self-check


def note(tag, a, b):
    """Record relative discrepancy |a-b|/|b| under tag."""
    rel = float(abs(a - b) / abs(b)) if b != 0 else float(abs(a))
    checks[tag] = max(checks.get(tag, 0.0), rel)


def at2(tag, dps, fn, extra=40):
    """Evaluate fn() (-> list of mpf) at dps and dps+extra; record agreement; return first."""
    with mp.workdps(dps):
        a = fn()
    with mp.workdps(dps + extra):
        b = fn()
    for x, y in zip(a, b):
        note(tag, x, y)
    return a


# ---------------------------------------------------------------- time averages
def S(y, N):
    """S_T(x) for x = 1 - y, N = T+1; accurate for tiny y, valid for x in (-1, 1]."""
    if y == 0:
        return mpf(1)
    top = -mp.expm1(N * mp.log1p(-y)) if 0 < y < 0.5 else 1 - (1 - y) ** N
    return top / (N * y)


def pair_disc(hi, hj, N):
    return S(hi + hj - hi * hj, N) - S(hi, N) * S(hj, N)


def g(x):
    return -mp.expm1(-x) / x


def pair_flow(xi, xj):
    return g(xi + xj) - g(xi) * g(xj)


# ---------------------------------------------------------------- E2 / E3 cases
def geo(l1, c, d): return {"kind": "geometric", "lambda1": l1, "slope": c, "dim": d}
def pw(l1, a, d): return {"kind": "power", "lambda1": l1, "alpha": a, "dim": d}


W, O = "weights", "outputs"
# name, spectrum, eta, T, ratio, sigma0, target, flow
CASES = [
    ("geo_h0.1_c0.5_T10", geo(1, 0.5, 20), 0.1, 10, 0.3, 1, W, False),
    ("geo_h0.1_c0.5_T1e9_outputs", geo(1, 0.5, 40), 0.1, 10**9, 0.3, 1, O, False),
    ("geo_h0.1_c0.3_T1e5_outputs", geo(1, 0.3, 40), 0.1, 10**5, 10, 0.1, O, False),
    ("geo_h0.1_c1_T2_outputs", geo(1, 1, 10), 0.1, 2, 0.3, 0.1, O, False),
    ("geo_h0.5_c0.5_T1000_outputs", geo(1, 0.5, 20), 0.5, 1000, 10, 1, O, False),
    ("geo_h0.5_l2_c1_T1", geo(2, 1, 16), 0.25, 1, 0.3, 1, W, False),
    ("geo_h0.5_c2_T1e9_r1000", geo(1, 2, 15), 0.5, 10**9, 1000, 1, W, False),
    ("geo_h1_q0_c1_T2", geo(1, 1, 16), 1.0, 2, 0.3, 1, W, False),
    ("geo_h1_q0_l4_c1_T1000_outputs", geo(4, 1, 16), 0.25, 1000, 10, 0.1, O, False),
    ("geo_h1_q0_c2_T1e5_r1000", geo(1, 2, 12), 1.0, 10**5, 1000, 0.1, W, False),
    ("geo_h1_q0_c0.5_T1_outputs_d8", geo(1, 0.5, 8), 1.0, 1, 10, 1, O, False),
    ("geo_h1.5_c0.3_T1", geo(1, 0.3, 24), 1.5, 1, 0.3, 1, W, False),
    ("geo_h1.5_c0.3_T10_outputs_r1000", geo(1, 0.3, 24), 1.5, 10, 1000, 0.1, O, False),
    ("geo_h1.5_c0.5_T1e9_r0", geo(1, 0.5, 30), 1.5, 10**9, 0, 1, W, False),
    ("geo_h1.9_c2_T1e5", geo(1, 2, 12), 1.9, 10**5, 10, 1, W, False),
    # q₁ = 1 − ηλ₁ within 1.3e-8 of −1: S(q₁²) cancels unless q² − 1 is formed from 2 − ηλ (review finding).
    ("geo_h1.999999987_c3_T1000", geo(1, 3, 4), 1.999999987, 1000, 10, 1, W, False),
    ("geo_h1.9_c2_T2_r0_outputs", geo(1, 2, 12), 1.9, 2, 0, 0.1, O, False),
    ("geo_h1.9_c1_T10_outputs", geo(1, 1, 20), 1.9, 10, 0.3, 1, O, False),
    # cancellation regime: h N << 1 for many modes
    ("cancel_h1e-6_c0.5_T10", geo(1, 0.5, 20), 1e-6, 10, 0.3, 1, W, False),
    ("cancel_h1e-6_c0.5_T10_outputs", geo(1, 0.5, 20), 1e-6, 10, 10, 0.1, O, False),
    ("cancel_h1e-6_c2_T1_r1000", geo(1, 2, 20), 1e-6, 1, 1000, 1, W, False),
    ("cancel_h0.5_c1_d40_T1000", geo(1, 1, 40), 0.5, 1000, 10, 1, W, False),
    ("cancel_h1.9_c1_d40_T1000_outputs", geo(1, 1, 40), 1.9, 1000, 0.3, 0.1, O, False),
    ("cancel_h0.1_c2_d35_T1e9_outputs", geo(1, 2, 35), 0.1, 10**9, 1000, 0.1, O, False),
    # power law
    ("power_a1_d30_h0.5_T1000", pw(1, 1, 30), 0.5, 1000, 0.3, 1, W, False),
    ("power_a1_d30_h1.9_T10_outputs", pw(1, 1, 30), 1.9, 10, 10, 1, O, False),
    ("power_a2_d20_h1_T1e5_r1000", pw(1, 2, 20), 1.0, 10**5, 1000, 0.1, W, False),
    # gradient flow (E3), tau = eta T
    ("flow_eta1_T10", geo(1, 0.5, 20), 1.0, 10, 0.3, 1, W, True),
    ("flow_eta0.5_T1e6_outputs", geo(1, 1, 30), 0.5, 10**6, 10, 0.1, O, True),
    ("flow_eta0.5_T10_r1000_outputs", geo(1, 2, 12), 0.5, 10, 1000, 1, O, True),
    ("flow_eta1_T1e6_power", pw(1, 1, 30), 1.0, 10**6, 0.3, 0.1, W, True),
]
BRUTE = ["geo_h1_q0_c1_T2", "geo_h1.5_c0.3_T10_outputs_r1000", "cancel_h1e-6_c0.5_T10",
         "geo_h1.9_c1_T10_outputs"]


def spectrum(sp):
    l1 = mpf(sp["lambda1"])
    if sp["kind"] == "geometric":
        return [l1 * mp.exp(-mpf(sp["slope"]) * i) for i in range(sp["dim"])]
    return [l1 * mpf(i) ** (-mpf(sp["alpha"])) for i in range(1, sp["dim"] + 1)]


def targets(cs, lam):
    r, s0 = mpf(cs["ratio"]), mpf(cs["sigma0"])
    return [r * s0 * (1 if cs["target"] == W else mp.sqrt(lam[0] / l)) for l in lam]


def cov_matrix(cs):
    """Exact covariance C (E2 or E3) at the current precision; also the noise diagonal."""
    lam = spectrum(cs["spectrum"]); d = len(lam)
    eta, T, s0 = mpf(cs["eta"]), cs["steps"], mpf(cs["sigma0"])
    b = [-mp.sqrt(l) * w for l, w in zip(lam, targets(cs, lam))]
    if cs["flow"]:
        x = [l * eta * T for l in lam]
        pair, noise = (lambda i, j: pair_flow(x[i], x[j])), [s0**2 * l * g(2 * xi) for l, xi in zip(lam, x)]
    else:
        N, h = T + 1, [eta * l for l in lam]
        pair, noise = (lambda i, j: pair_disc(h[i], h[j], N)), [s0**2 * l * S(2 * hi - hi * hi, N) for l, hi in zip(lam, h)]
    C = mp.matrix(d, d)
    for i in range(d):
        for j in range(i, d):
            C[i, j] = C[j, i] = b[i] * b[j] * pair(i, j) + (noise[i] if i == j else 0)
    return C, noise


def choose_dps(cs):
    with mp.workdps(30):
        lam = spectrum(cs["spectrum"]); eta, T = mpf(cs["eta"]), cs["steps"]
        small = min(l * eta * T for l in lam) if cs["flow"] else min(l * eta * (T + 1) for l in lam)
        L = math.ceil(max(0.0, -float(mp.log10(small))))
    base = 40 + 2 * L
    with mp.workdps(base):
        C, noise = cov_matrix(cs)
        R = math.ceil(max(0.0, float(mp.log10(sum(C[i, i] for i in range(C.rows)) / min(noise)))))
    return base + R


def variances(cs, dps):
    with mp.workdps(dps):
        C, _ = cov_matrix(cs)
        return sorted(mp.eigsy(C, eigvals_only=True), reverse=True)


def brute_force(cs, dps):
    """Simulate w_{t+1} = w_t - eta Lam (w_t - w*) from w0 ~ N(0, s0^2 I): track the mean
    m_t and Jacobian J_t = dw_t/dw0; average z = sqrt(Lam) w exactly over t, and over w0
    via E[w0 w0^T] = s0^2 I.  Returns the eigenvalues of that population covariance."""
    with mp.workdps(dps):
        lam = spectrum(cs["spectrum"]); d = len(lam); ws = targets(cs, lam)
        eta, T, s0 = mpf(cs["eta"]), cs["steps"], mpf(cs["sigma0"])
        rl = [mp.sqrt(l) for l in lam]; EL = mp.diag([eta * l for l in lam])
        m, J = [mpf(0)] * d, mp.eye(d)
        sz, szz = [mpf(0)] * d, mp.zeros(d, d)
        for _ in range(T + 1):
            JJ = J * J.T
            for i in range(d):
                sz[i] += rl[i] * m[i]
                for j in range(d):
                    szz[i, j] += rl[i] * rl[j] * (m[i] * m[j] + s0**2 * JJ[i, j])
            m = [m[i] - eta * lam[i] * (m[i] - ws[i]) for i in range(d)]
            J = J - EL * J
        N = T + 1
        C = szz / N - mp.matrix(sz) * mp.matrix(sz).T / N**2
        return sorted(mp.eigsy(C, eigvals_only=True), reverse=True)


def build_e2():
    cases, brute = [], {}
    for name, sp, eta, T, r, s0, tgt, flow in CASES:
        sp = {k: (float(v) if k in ("lambda1", "slope", "alpha") else v) for k, v in sp.items()}
        cs = {"name": name, "spectrum": sp, "eta": float(eta), "steps": T, "ratio": float(r),
              "sigma0": float(s0), "target": tgt, "flow": flow}
        dps = choose_dps(cs)
        mu = variances(cs, dps)
        for a, b in zip(mu, variances(cs, dps + 20)):
            note("e2 dps vs dps+20", a, b)
        if name in BRUTE:
            bf = brute_force(cs, dps + 20)
            brute[name] = max(float(abs(a - b) / b) for a, b in zip(mu, bf))
        cs["dps"] = dps
        cs["variances"] = [float(x) for x in mu]
        cases.append(cs)
    return cases, brute


# ---------------------------------------------------------------- special functions
def build_special():
    out = {"generator": "scripts/golden.py"}
    H = [1e-80, 1e-12, 1e-6, 0.01, 0.5, 1.0, 1.5, 1.99]
    TS = [1, 2, 7, 1000, 10**6, 10**12]
    out["time_average"] = [{"h": h, "steps": T, "value": float(v)} for h in H for T in TS
                           for v in at2("time_average", 400, lambda: [S(mpf(h), T + 1)])]
    pc, skipped = [], 0
    HP = [1e-80, 1e-20, 1e-9, 1e-4, 0.01, 0.3, 1.0, 1.5, 1.99]
    for a in range(len(HP)):
        for b in range(a, len(HP)):
            for T in [1, 5, 100, 10**4, 10**9, 10**12]:
                v, = at2("pair_covariance", 400, lambda: [pair_disc(mpf(HP[a]), mpf(HP[b]), T + 1)])
                if abs(v) < mpf("1e-300"): skipped += 1; continue
                pc.append({"h_i": HP[a], "h_j": HP[b], "steps": T, "flow": False, "value": float(v)})
    X = [1e-80, 1e-10, 1e-3, 0.5, 1.0, 3.0, 50.0, 1e4]
    for a in range(len(X)):
        for b in range(a, len(X)):
            v, = at2("pair_covariance", 400, lambda: [pair_flow(mpf(X[a]), mpf(X[b]))])
            if abs(v) < mpf("1e-300"): skipped += 1; continue
            pc.append({"x_i": X[a], "x_j": X[b], "flow": True, "value": float(v)})
    out["pair_covariance"] = pc

    def sym(th, c):  # Poisson-summed symbol (pi/c) sum_k sech(pi(th + 2 pi k)/c)
        K = int(mp.mp.dps * 2.31 * float(c) / (2 * math.pi**2)) + 5
        return mp.pi / c * mp.fsum(mp.sech(mp.pi * (th + 2 * mp.pi * k) / c) for k in range(-K, K + 1))

    def sym_fourier(th, c):  # same symbol from its Fourier series sum_n e^{in th}/(2cosh(cn/2))
        n_max = int(2 * mp.mp.dps * 2.31 / float(c)) + 10
        return mpf(1) / 2 + mp.fsum(mp.cos(n * th) / mp.cosh(c * n / 2) for n in range(1, n_max + 1))

    tp = []
    for c in [0.25, 0.5, 1.0, 2.0, 4.0, 8.0]:
        ths = [0, mp.pi, 0.5, 1.5, 2.5]
        vals = at2("toeplitz_symbol", 60, lambda: [sym(mpf(t), mpf(c)) for t in ths])
        with mp.workdps(60):
            for t, v in zip(ths, vals):
                note("toeplitz sech-sum vs Fourier", v, sym_fourier(mpf(t), mpf(c)))
        k = np.arange(400, dtype=np.float64)
        col = np.exp(-c * k / 2) / (1 + np.exp(-c * k))  # = 1/(2cosh(ck/2)) without overflow
        ev = np.linalg.eigvalsh(toeplitz(col))
        tp.append({"c": c, "f_max": float(vals[0]), "f_min": float(vals[1]),
                   "f": [[t, float(v)] for t, v in zip([0.5, 1.5, 2.5], vals[2:])],
                   "numpy_float64_n400": {"max": float(ev[-1]), "min": float(ev[0])}})
    out["toeplitz_symbol"] = tp

    CQ = [0.125, 0.25, 0.5, 1.0, 2.0, 4.0]
    th = []
    for c in CQ:
        with mp.workdps(60):
            q = float(mp.exp(-c))
        t2, t3, t4 = at2("theta", 60, lambda: [mp.jtheta(n, 0, mpf(q)) for n in (2, 3, 4)])
        with mp.workdps(60):
            note("theta3^4 = theta2^4 + theta4^4", t2**4 + t4**4, t3**4)
        th.append({"q": q, "theta2": float(t2), "theta3": float(t3), "theta4": float(t4)})
    out["theta"] = th

    el = []
    for m in [0.1, 0.5, 0.9, 0.999, 1 - 1e-8]:
        with mp.workdps(60):
            K = mp.ellipk(mpf(m))
        us = [0.3, 1.0, float(K / 2)]
        vals = at2("elliptic", 60, lambda: [mp.ellipk(mpf(m))] + [mp.ellipfun("dn", mpf(u), m=mpf(m)) for u in us])
        with mp.workdps(60):
            note("dn(K/2) = (1-m)^(1/4) [u rounded to double]", vals[3], mp.root(1 - mpf(m), 4))
        el.append({"m": m, "K": float(vals[0]), "dn": [[u, float(v)] for u, v in zip(us, vals[1:])]})
    out["elliptic"] = el

    qp = []
    for c in [0.25, 0.5, 1.0, 2.0]:
        with mp.workdps(60):
            q = float(mp.exp(-c))
        for n in [1, 2, 5, 20, 100]:
            mi, pl, tp_ = at2("q_pochhammer", 60, lambda: [
                mp.fprod(1 - mpf(q) ** k for k in range(1, n + 1)),
                mp.fprod(1 + mpf(q) ** k for k in range(1, n + 1)),
                mp.fprod(mp.tanh(mpf(c) * k / 2) ** 2 for k in range(1, n + 1))])
            with mp.workdps(60):
                note("tanh_product = (minus/plus)^2 [q rounded to double]", (mi / pl) ** 2, tp_)
            qp.append({"q": q, "n": n, "minus": float(mi), "plus": float(pl),
                       "tanh_product": float(tp_), "c": c})
    out["q_pochhammer"] = qp

    out["hurwitz_zeta"] = [{"s": s, "a": a, "value": float(v)} for s in [1.5, 2.0, 3.5]
                           for a in [1.0, 10.0, 1000.0]
                           for v in at2("hurwitz_zeta", 60, lambda: [mp.zeta(mpf(s), mpf(a))])]
    def t_cdf(x, nu):  # Student t CDF for x > 0 through the regularised incomplete beta
        return 1 - mp.betainc(nu / 2, mpf(1) / 2, 0, nu / (nu + x * x), regularized=True) / 2
    from scipy.stats import t as student
    tq = []
    for nu in [1, 2, 4, 9, 19, 39, 199]:
        for pr in [0.9, 0.975, 0.995, 0.9975, 0.99975, 0.999975]:
            with mp.workdps(40):
                x = mp.findroot(lambda x: t_cdf(x, mpf(nu)) - mpf(pr), mpf(float(student.ppf(pr, nu))))
                note("t quantile: cdf(x) = p", t_cdf(x, mpf(nu)), mpf(pr))
            tq.append({"p": pr, "nu": nu, "value": float(x)})
    out["student_quantile"] = tq
    with mp.workdps(40):
        out["normal_quantile"] = [{"p": pr, "value": float(mp.sqrt(2) * mp.erfinv(2 * mpf(pr) - 1))}
                                  for pr in [1e-10, 0.001, 0.02425, 0.1, 0.5, 0.9, 0.99, 0.999, 0.99975, 1 - 1e-9]]
    out["description"] = ("mpmath reference values; time_average/pair_covariance at dps 400, the rest at dps 60; "
                          f"{skipped} pair_covariance entries skipped (|value| < 1e-300). "
                          "toeplitz f(theta) = (pi/c) sum_k sech(pi(theta+2 pi k)/c), symbol of H_ij = 1/(2cosh(c(i-j)/2)).")
    return out, skipped


# ---------------------------------------------------------------- main + validation
def main():
    t0 = time.time()
    os.makedirs(FIX, exist_ok=True)
    cases, brute = build_e2()
    e2 = {"generator": "scripts/golden.py",
          "description": "Variances (eigenvalues of the exact time-averaged covariance C, descending) for discrete GD "
                         "(E2, flow=false) and gradient flow (E3, flow=true, tau=eta*steps); mpmath eigsy at 'dps' digits.",
          "cases": cases}
    special, skipped = build_special()
    paths = [os.path.join(FIX, "e2_golden.json"), os.path.join(FIX, "special_golden.json")]
    for p, obj in zip(paths, [e2, special]):
        with open(p, "w") as f:
            json.dump(obj, f, indent=1, allow_nan=False)
            f.write("\n")
    # validation: parse back, counts, shapes, ordering
    e2r, spr = (json.load(open(p)) for p in paths)
    assert len(e2r["cases"]) == len(CASES)
    for cs in e2r["cases"]:
        v = cs["variances"]
        assert len(v) == cs["spectrum"]["dim"] and all(x > 0 for x in v), cs["name"]
        assert all(v[k] >= v[k + 1] for k in range(len(v) - 1)), cs["name"]
    counts = {k: len(v) for k, v in spr.items() if isinstance(v, list)}
    assert counts == {"time_average": 48, "pair_covariance": 45 * 6 + 36 - skipped, "toeplitz_symbol": 6,
                      "theta": 6, "elliptic": 5, "q_pochhammer": 20, "hurwitz_zeta": 9, "student_quantile": 42, "normal_quantile": 10}, counts
    for k, v in checks.items():
        print(f"check {k:50s} max rel diff {v:.2e}")
    for k, v in brute.items():
        print(f"brute-force simulation vs closed form  {k:36s} max rel diff {v:.2e}")
    assert checks["e2 dps vs dps+20"] < 1e-30 and max(brute.values()) < 1e-30
    for k in ["time_average", "pair_covariance", "toeplitz_symbol", "theta", "elliptic", "q_pochhammer",
              "hurwitz_zeta", "toeplitz sech-sum vs Fourier", "theta3^4 = theta2^4 + theta4^4"]:
        assert checks[k] < 1e-25, k
    print(f"wrote {paths[0]} ({len(cases)} cases, dps {min(c['dps'] for c in cases)}..{max(c['dps'] for c in cases)})")
    print(f"wrote {paths[1]} {counts}; skipped {skipped} underflowing pair entries")
    print(f"runtime {time.time() - t0:.1f} s")


if __name__ == "__main__":
    main()
