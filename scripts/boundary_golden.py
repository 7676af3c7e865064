#!/usr/bin/env python3
"""Independent oracle (mpmath / numpy) for the derived signal levels of BOUNDARIES.md §2.3.

Run from the repository root:  python3 scripts/boundary_golden.py      (about 2 minutes, 1 core)
Writes Tests/Fixtures/boundary_golden.json; every key is documented in its top-level "about" object.
Nothing here is taken from the Swift sources: everything is computed from the formulas of the spec.

Setting: geometric spectrum lambda_i = exp(-c(i-1)), eta = 1 (eta*lambda_1 = 1, q_i = 1 - lambda_i,
q_1 = 0), sigma0 = 1, `weights` target (a_i = 1 at r = 1).

What it computes, and how
 1. corner_E.  c k(n) = 1/(n+1) + E_n, k(n) = sum_i lambda_i q_i^n (d -> inf), n = 0..31.  Two ways,
    asserted equal to 1e-12 (they agree to ~1e-28): (a) the Beta series
    E_n = (c/2) d_{n0} + 2 Re sum_{m>=1} B(n+1, 1 - 2 pi i m/c) (mpmath beta, complex arguments,
    mp.nsum; n = 0 in closed form, 2 sum_m 1/(1 + (2 pi m/c)^2) = (c/2) coth(c/2) - 1);
    (b) the mode sum c sum_i e^{-c(i-1)} (1 - e^{-c(i-1)})^n - 1/(n+1), summed to 1e-35 (mpmath, dps 30).
 2. phi0.  Phi0(w) = 2 arg G(1+iw) - 3 arg G(1/2+iw) + 3 w ln 2 - 2 atan(2w) on the continuous branch
    (mp.loggamma(.).imag).  Checked: the spec's five values (to 5 decimals), Phi0'(0) = gamma + 9 ln 2 - 4,
    and the branch against arg G(x+iw) = w psi(x) + sum_k [w/(x+k) - atan(w/(x+k))] at w = 10.
 3. corner_phase.  dPhi(w; c) = arg det(I_m + E G(sigma(w) + i0)), m = min(ceil(4 pi/c) + 2, 16),
    E_ts = E_{t+s}, G_ts(z) = int_0^inf S_t S_s rho0 dw'/(sigma(w') - z), sigma = pi sech(pi w),
    rho0 = 2 pi w tanh(pi w) sech(pi w), S_t from (t+1)^2 S_{t+1} = ((t+1)^2 + t^2 - 1/4 - w^2) S_t - t^2 S_{t-1}.
    - The S_t are the continuous dual Hahn polynomials with a = b = c = 1/2, normalised to S_t(i/2) = 1; the
      Askey-scheme norm then gives exactly int S_t S_s rho0 = delta_ts.  Checked numerically (t, s < 16;
      mpmath composite Gauss-Legendre, dps 30), together with int sigma S_t S_s rho0 = 1/(t+s+1) (Hilbert).
    - Im G = pi S_t S_s rho0/|sigma'| = 2 w S_t(w) S_s(w).  Re G is a principal value, taken in w' with the
      singularity subtracted in the variable sigma: Re G = int_0^inf [S_tS_s rho0(w') - g_ts |sigma'(w')|]
      /(sigma(w') - sigma(w)) dw' + g_ts ln((pi - x0)/x0), g_ts = (2w/pi) S_t(w)S_s(w), x0 = sigma(w).
      Composite Gauss-Legendre (24 nodes/panel, panels <= 1, graded geometrically away from the remaining
      pole at w' = -w, cut at w' = 70 where S_15^2 rho0 ~ 1e-30) in numpy long double; sigma(w') - x0 is
      formed as 2 pi sinh((a+a0)/2) sinh((a0-a)/2)/(cosh a cosh a0) to avoid cancellation.  Spot-checked
      entry by entry against mpmath tanh-sinh in x = sigma (the subtraction form of the brief, dps 30), and
      one full dPhi against an all-mpmath determinant.
    - Branch: unwrapped on 240 points from w = 1e-4/c to pi/c, bisected until every step is <= 0.2 rad (a
      narrow resonance at c = 0.5, x ~ 0.952, needs it); off-grid values are moved to the branch of the
      interpolated table.  dPhi(0+) = 0 if det(I + E G(pi)) > 0, else +pi
      (Im det > 0 just inside the band).  dPhi'(0) = 2 S(0)^T (I + E G(pi))^{-1} E S(0) (closed form,
      checked against dPhi(h)/h).
    Compared with the spec's reference table (4 decimals).
 4. levels.  w_k ln(T+1) + Phi0(w_k) + dPhi(w_k; c) = pi k, k = 1, 2, ... (every root with c w < pi; brentq
    on exact dPhi, not an interpolant), s_k eta (T+1) = f(c w_k), f(theta) = (pi/c) sum_n sech(pi(theta+2 pi n)/c).
 5. exact_levels.  s_k (T+1) for B_ij = sqrt(l_i l_j)[S_T(q_i q_j) - S_T(q_i) S_T(q_j)], d = 200 (c >= 1),
    400 (c = 0.5); top 12, or down to 1e-14 s_1.  Entries in mpmath (dps 50, S_T through log1p/expm1 of
    y = 1 - x, formed exactly); diagonally pivoted Cholesky B = L L^T in mpmath, stopped when the
    Schur-complement trace is < 1e-34 tr B (rank 6..30, so only d x rank entries are needed); levels =
    eigenvalues of L^T L by mp.eigsy (relative error << 1e-20 for every level kept).  Cross-checked in
    float64 by the SVD of the centred time factor A_ti = sqrt(l_i)(q_i^t - S_T(q_i))/sqrt(T+1).
    The level comparison (4 vs 5) pairs levels by index, over exact levels >= 1e-6 s_1 that have a
    derived partner (in-band); unpaired exact levels are counted separately.

Validation (asserts, every run): the checks above, JSON parsed back, counts and orderings.
The script is deterministic.
"""
import json, math, os, time
import mpmath as mp
import numpy as np
from scipy.optimize import brentq

mpf = mp.mpf
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "boundary_golden.json")
LD = np.longdouble
PI_LD = LD(mp.nstr(mp.pi, 30))

C_E = [0.5, 1.0, 1.5, 2.0, 2.5, 3.0]
N_E = 32
PHI0_W = [0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 6.0, 8.0, 10.0]
PHI0_SPEC = {0.1: 0.27933, 0.5: 1.23300, 1.0: 2.12689, 2.0: 3.54415, 4.0: 5.37738}
C_PHASE = [0.5, 1.0, 1.5, 2.0, 2.5]
X_PHASE = [0.05] + [round(0.1 * k, 1) for k in range(1, 10)] + [0.95]
SPEC_TABLE_X = [round(0.1 * k, 1) for k in range(1, 10)]
SPEC_TABLE = {
    0.5: [0.3531, 0.6016, 0.6775, 0.5465, 0.1888, -0.4151, -1.2918, -2.4839, -4.0187],
    1.0: [0.4510, 0.7802, 0.9516, 0.9760, 0.8609, 0.5986, 0.1884, -0.3590, -1.0298],
    1.5: [0.6412, 1.0115, 1.1909, 1.2401, 1.1693, 0.9850, 0.7026, 0.3379, -0.0957],
    2.0: [1.0710, 1.3609, 1.4783, 1.4957, 1.4204, 1.2670, 1.0535, 0.7945, 0.5004],
    2.5: [1.8610, 1.7977, 1.7557, 1.6800, 1.5652, 1.4148, 1.2343, 1.0285, 0.8019],
}
SPEC_SLOPE0 = {0.5: 3.41, 1.0: 4.34, 1.5: 6.28, 2.0: 12.2}  # Phi'(0; c) quoted in §2.3
C_LEV = [0.5, 1.0, 1.5, 2.0]
T_LEV = [30, 100, 1000, 10000]
checks = {}  # name -> worst discrepancy


def note(name, value):
    checks[name] = max(checks.get(name, 0.0), float(value))


def m_of(c):
    return min(math.ceil(4 * math.pi / c) + 2, 16)


# ---------------------------------------------------------------- 1. corner E_n
def E_beta(n, c):
    c = mpf(c)
    if n == 0:  # 2 sum_m Re 1/(1 - 2 pi i m/c) = 2 sum_m 1/(1 + (2 pi m/c)^2), summed in closed form
        return c / 2 + (c / 2 * mp.coth(c / 2) - 1)
    return 2 * mp.nsum(lambda k: mp.re(mp.beta(n + 1, 1 - 2j * mp.pi * k / c)), [1, mp.inf])


def E_modes(n, c):
    c = mpf(c)
    imax = int((mp.mp.dps + 5) * math.log(10) / c) + 2
    return c * mp.fsum(mp.exp(-c * i) * (-mp.expm1(-c * i)) ** n for i in range(imax)) - mpf(1) / (n + 1)


def build_E():
    out, table = [], {}
    with mp.workdps(30):
        for c in C_E:
            a = [E_beta(n, c) for n in range(N_E)]
            b = [E_modes(n, c) for n in range(N_E)]
            dev = max(abs(x - y) for x, y in zip(a, b))
            note("E_n: Beta series vs mode sum (abs)", dev)
            assert dev < 1e-12, (c, dev)
            table[c] = [float(v) for v in b]
            out.append({"c": c, "E": table[c], "beta_vs_modes_max_abs_dev": float(dev)})
    return out, table


# ---------------------------------------------------------------- 2. Phi0
def phi0(w):
    w = mpf(w)
    return (2 * mp.loggamma(1 + 1j * w).imag - 3 * mp.loggamma(mpf(1) / 2 + 1j * w).imag
            + 3 * w * mp.log(2) - 2 * mp.atan(2 * w))


def build_phi0():
    with mp.workdps(30):
        vals = [phi0(w) for w in PHI0_W]
        for w, v in PHI0_SPEC.items():
            note("Phi0 vs spec (5 decimals)", abs(phi0(w) - v))
        slope = mp.diff(phi0, 0)
        exact = mp.euler + 9 * mp.log(2) - 4
        note("Phi0'(0) vs gamma + 9 ln 2 - 4", abs(slope - exact))
        w = mpf(10)  # branch: series for arg Gamma(x + i w), x = 1/2 and 1
        for x in [mpf(1) / 2, mpf(1)]:
            ser = w * mp.digamma(x) + mp.nsum(lambda k: w / (x + k) - mp.atan(w / (x + k)), [0, mp.inf])
            note("arg Gamma branch vs series at w = 10", abs(ser - mp.loggamma(x + 1j * w).imag))
    assert checks["Phi0 vs spec (5 decimals)"] < 5.1e-6 and checks["Phi0'(0) vs gamma + 9 ln 2 - 4"] < 1e-20
    assert checks["arg Gamma branch vs series at w = 10"] < 1e-20
    return {"omega": PHI0_W, "value": [float(v) for v in vals], "slope_at_0": float(exact)}


# ---------------------------------------------------------------- 3. Hilbert basis, resolvent, corner phase
def gauss_legendre(n, dps):
    """Nodes and weights on [-1, 1] by Newton on P_n (mpmath)."""
    with mp.workdps(dps + 10):
        xs, ws = [], []
        for k in range(1, n + 1):
            x = mp.cos(mp.pi * (k - mpf(1) / 4) / (n + mpf(1) / 2))
            for _ in range(100):
                p0, p1 = mpf(1), x
                for j in range(2, n + 1):
                    p0, p1 = p1, ((2 * j - 1) * x * p1 - (j - 1) * p0) / j
                dp = n * (x * p1 - p0) / (x * x - 1)
                dx = p1 / dp
                x -= dx
                if abs(dx) < mpf(10) ** (-dps - 5):
                    break
            p0, p1 = mpf(1), x
            for j in range(2, n + 1):
                p0, p1 = p1, ((2 * j - 1) * x * p1 - (j - 1) * p0) / j
            dp = n * (x * p1 - p0) / (x * x - 1)
            xs.append(x)
            ws.append(2 / ((1 - x * x) * dp * dp))
    return xs, ws


NGL = 24
_GX, _GW = gauss_legendre(NGL, 30)
GX = np.array([LD(mp.nstr(v, 25)) for v in _GX])
GW = np.array([LD(mp.nstr(v, 25)) for v in _GW])
BREAKS = [0.25 * k for k in range(1, 17)] + [4.5 + 0.5 * k for k in range(8)] + list(range(9, 71))


def S_mp(w, m):
    w2, s, prev = w * w, [mpf(1)], mpf(0)
    for t in range(m - 1):
        s.append((((t + 1) ** 2 + t * t - mpf(1) / 4 - w2) * s[t] - t * t * prev) / (t + 1) ** 2)
        prev = s[t]
    return s


def S_ld(w, m):
    """S_0..S_{m-1} at the points w (long double), shape (m, len(w))."""
    w2 = w * w
    s = np.empty((m,) + w.shape, dtype=LD)
    s[0] = 1
    prev = np.zeros_like(w2)
    for t in range(m - 1):
        s[t + 1] = ((LD((t + 1) ** 2 + t * t) - LD(0.25) - w2) * s[t] - LD(t * t) * prev) / LD((t + 1) ** 2)
        prev = s[t]
    return s


def orthonormality():
    """max |int S_t S_s rho0 - delta| and max |int sigma S_t S_s rho0 - 1/(t+s+1)|, t, s < 16, mpmath dps 30."""
    m = 16
    with mp.workdps(30):
        gx, gw = gauss_legendre(32, 30)
        edges = [mpf(k) / 4 for k in range(33)] + [mpf(8 + k) for k in range(1, 73)]
        O = [[mpf(0)] * m for _ in range(m)]
        H = [[mpf(0)] * m for _ in range(m)]
        for a, b in zip(edges[:-1], edges[1:]):
            for x, wt in zip(gx, gw):
                w = (a + b) / 2 + (b - a) / 2 * x
                r = (b - a) / 2 * wt * 2 * mp.pi * w * mp.tanh(mp.pi * w) * mp.sech(mp.pi * w)
                h = r * mp.pi * mp.sech(mp.pi * w)
                s = S_mp(w, m)
                for t in range(m):
                    for u in range(t, m):
                        O[t][u] += r * s[t] * s[u]
                        H[t][u] += h * s[t] * s[u]
        dev_o = max(abs(O[t][u] - (1 if t == u else 0)) for t in range(m) for u in range(t, m))
        dev_h = max(abs(H[t][u] - mpf(1) / (t + u + 1)) for t in range(m) for u in range(t, m))
    # the long-double rule used for G, on its own panels
    X, W = panels(LD(0.3))
    s = S_ld(X, m)
    rho = 2 * PI_LD * X * np.tanh(PI_LD * X) / np.cosh(PI_LD * X)
    dev_ld = float(np.max(np.abs((s * (W * rho)) @ s.T - np.eye(m))))
    note("orthonormality, mpmath (abs)", dev_o)
    note("Hilbert representation, mpmath (abs)", dev_h)
    note("orthonormality, long-double rule of G (abs)", dev_ld)
    assert dev_o < 1e-20 and dev_h < 1e-20 and dev_ld < 1e-12, (dev_o, dev_h, dev_ld)
    return {"max_abs_dev": float(dev_o), "hilbert_max_abs_dev": float(dev_h), "long_double_rule_max_abs_dev": dev_ld}


def panels(w0):
    """Composite Gauss-Legendre nodes/weights on [0, 70] with a breakpoint at w0 and geometric grading."""
    pts = [LD(0), w0] + [LD(b) for b in BREAKS]
    x = w0
    while True:
        x = 2 * x + w0  # each panel as long as its distance to the pole at -w0
        if x >= 0.5:
            break
        pts.append(x)
    pts = np.unique(np.array(pts, dtype=LD))
    pts = pts[np.concatenate([[True], np.diff(pts) > 1e-9])]
    a, b = pts[:-1], pts[1:]
    X = ((a + b)[:, None] / 2 + (b - a)[:, None] / 2 * GX[None, :]).ravel()
    W = ((b - a)[:, None] / 2 * GW[None, :]).ravel()
    return X, W


def resolvent(w0, m):
    """G(sigma(w0) + i0), m x m: (Re, Im) as long double."""
    w0 = LD(w0)
    X, W = panels(w0)
    a, a0 = PI_LD * X, PI_LD * w0
    ch, ch0 = np.cosh(a), np.cosh(a0)
    sech, tanh = 1 / ch, np.tanh(a)
    rho = 2 * PI_LD * X * tanh * sech
    dsig = PI_LD * PI_LD * sech * tanh
    gap = 2 * PI_LD * np.sinh((a + a0) / 2) * np.sinh((a0 - a) / 2) / (ch * ch0)  # sigma(X) - sigma(w0)
    s, s0 = S_ld(X, m), S_ld(np.array([w0]), m)[:, 0]
    g0 = (2 * w0 / PI_LD) * np.outer(s0, s0)
    re = (s * (W * rho / gap)) @ s.T - g0 * np.sum(W * dsig / gap) + g0 * np.log(2 * np.sinh(a0 / 2) ** 2)
    return re, 2 * w0 * np.outer(s0, s0)


def re_G_mp(w0, t, u):
    """Re G_tu by tanh-sinh in x = sigma, subtraction at x0 (mpmath, current dps)."""
    x0 = mp.pi * mp.sech(mp.pi * w0)

    def g(x):
        w = mp.acosh(mp.pi / x) / mp.pi
        s = S_mp(w, max(t, u) + 1)
        return 2 * w / mp.pi * s[t] * s[u]
    g0 = g(x0)
    brk = [mp.pi * mp.sech(mp.pi * w) for w in [70, 50, 40, 30, 25, 20, 15, 10, 6, 3, 1.5]]
    brk = [mpf(0)] + sorted([b for b in brk if b < x0] + [x0, mp.pi])
    return mp.quad(lambda x: (g(x) - g0) / (x - x0), brk) + g0 * mp.log((mp.pi - x0) / x0)


class CornerPhase:
    """dPhi(w; c) on the continuous branch from w -> 0+."""

    def __init__(self, c, E):
        self.c, self.m = c, m_of(c)
        m = self.m
        self.E = np.array([[E[t + s] for s in range(m)] for t in range(m)])
        re0, _ = resolvent(1e-12, m)
        A0 = np.eye(m) + self.E @ re0.astype(float)
        self.det_top = float(np.linalg.det(A0))  # det(I + E G(pi)), real
        s0 = S_ld(np.array([LD(0)]), m)[:, 0].astype(float)
        self.slope0 = float(2 * s0 @ np.linalg.solve(A0, self.E @ s0))
        start = 0.0 if self.det_top > 0 else math.pi
        # unwrapping grid: 240 uniform points, bisected wherever a step exceeds 0.2 rad (a narrow resonance
        # sits at x ~ 0.952 for c = 0.5: dPhi rises by 2.4 rad within dw ~ 0.01)
        ws = list(np.linspace(1e-4 / c, math.pi / c, 240))
        raw = [self.raw(w) for w in ws]
        while True:
            ph = np.unwrap(raw)
            bad = [j for j in range(len(ws) - 1) if abs(ph[j + 1] - ph[j]) > 0.2 and ws[j + 1] - ws[j] > 1e-9]
            if not bad:
                break
            for j in reversed(bad):
                w = (ws[j] + ws[j + 1]) / 2
                ws.insert(j + 1, w)
                raw.insert(j + 1, self.raw(w))
        ph += 2 * math.pi * round((start - ph[0]) / (2 * math.pi))
        assert abs(ph[0] - start) < 0.01, (c, ph[0])
        steps = np.max(np.abs(np.diff(ph)))
        note("corner phase: largest step of the unwrapping grid (rad)", steps)
        assert steps <= 0.2, (c, steps)
        self.grid, self.table = np.array(ws), ph

    def det(self, w):
        re, im = resolvent(w, self.m)
        return np.linalg.det(np.eye(self.m) + self.E @ (re.astype(float) + 1j * im.astype(float)))

    def raw(self, w):
        return float(np.angle(self.det(w)))

    def __call__(self, w):
        r = self.raw(w)
        ref = float(np.interp(w, self.grid, self.table))
        v = r + 2 * math.pi * round((ref - r) / (2 * math.pi))
        assert abs(v - ref) < 0.3, (self.c, w, v, ref)
        return v


def spot_checks(E):
    """Re G entries against mpmath (x = sigma, tanh-sinh) and one whole dPhi in mpmath."""
    with mp.workdps(30):
        for w0 in [0.1, 1.0, 3.0]:
            re, _ = resolvent(w0, 16)
            for t, u in [(0, 0), (3, 7), (2, 14), (15, 15)]:
                v = re_G_mp(mpf(w0), t, u)
                note("Re G vs mpmath tanh-sinh (rel. to max(1,|G|))", abs(v - mpf(float(re[t, u]))) / max(1, abs(v)))
                if (t, u) == (0, 0):  # Re G_00(sigma(w)) = w^2 - 3/4 (observed identity, holds to dps)
                    note("Re G_00 = w^2 - 3/4 (mpmath)", abs(v - (mpf(w0) ** 2 - mpf(3) / 4)))
        c, x = 2.0, 0.1  # worst table point
        m, w0 = m_of(c), mpf(x) * mp.pi / c
        s0 = S_mp(w0, m)
        G = mp.matrix(m, m)
        for t in range(m):
            for u in range(t, m):
                G[t, u] = G[u, t] = re_G_mp(w0, t, u) + 2j * w0 * s0[t] * s0[u]
        Em = mp.matrix([[E[c][t + u] for u in range(m)] for t in range(m)])
        ref = mp.arg(mp.det(mp.eye(m) + Em * G))
    assert checks["Re G vs mpmath tanh-sinh (rel. to max(1,|G|))"] < 1e-13
    return float(ref)


def build_phase(E):
    phases, out, dev = {}, [], []
    for c in C_PHASE:
        cp = CornerPhase(c, E[c])
        phases[c] = cp
        ws = [x * math.pi / c for x in X_PHASE]
        vals = [cp(w) for w in ws]
        d = [vals[X_PHASE.index(x)] - t for x, t in zip(SPEC_TABLE_X, SPEC_TABLE[c])]
        dev.append(max(abs(v) for v in d))
        h = 1e-5 / c  # closed-form slope vs difference quotient
        fd = 2 * cp(h) / h - cp(2 * h) / (2 * h) if cp.det_top > 0 else None
        if fd is not None:
            note("dPhi'(0): closed form vs difference quotient (rel)", abs(fd - cp.slope0) / abs(cp.slope0))
        out.append({"c": c, "m": cp.m, "x": X_PHASE, "omega": ws, "delta_phi": vals,
                    "band_top_det": cp.det_top, "delta_phi_at_0": 0.0 if cp.det_top > 0 else math.pi,
                    "delta_phi_slope_at_0": cp.slope0,
                    "phi_slope_at_0": cp.slope0 + float(mp.euler + 9 * mp.log(2) - 4),
                    "spec_table_dev": d})
    assert checks["dPhi'(0): closed form vs difference quotient (rel)"] < 1e-6
    return phases, out, max(dev)


# ---------------------------------------------------------------- 4. derived levels
def f_symbol(theta, c):
    return math.pi / c * math.fsum(1 / math.cosh(math.pi * (theta + 2 * math.pi * n) / c) for n in range(-12, 13))


def derived_levels(cp, T):
    c, L = cp.c, math.log(T + 1)
    p0 = lambda w: float(phi0(w))
    F = lambda w: w * L + p0(w) + cp(w)
    grid = cp.grid
    Fg = np.array([w * L + p0(w) for w in grid]) + cp.table  # exact at the grid (table = exact dPhi there)
    roots = []
    for k in range(1, int(Fg.max() / math.pi) + 2):
        g = Fg - math.pi * k
        for j in np.nonzero(np.sign(g[:-1]) * np.sign(g[1:]) < 0)[0]:
            w = brentq(lambda w: F(w) - math.pi * k, grid[j], grid[j + 1], xtol=1e-15, rtol=1e-15)
            roots.append((k, w))
    ks = [k for k, _ in roots]
    assert len(ks) == len(set(ks)) and ks == list(range(1, len(ks) + 1)), ("non-monotone phase", c, T, ks)
    ws = [w for _, w in roots]
    return ws, [f_symbol(c * w, c) for w in ws]


# ---------------------------------------------------------------- 5. exact levels
def exact_levels(c, T, d, dps=50, tol_exp=34, keep=12, floor=1e-14):
    with mp.workdps(dps):
        N = T + 1
        lam = [mp.exp(-mpf(c) * i) for i in range(d)]

        def S(y):  # S_T(1 - y)
            if y == 1:
                return mpf(1) / N
            return -mp.expm1(N * mp.log1p(-y)) / (N * y)
        Si = [S(l) for l in lam]
        sq = [mp.sqrt(l) for l in lam]
        col = lambda j: [sq[i] * sq[j] * (S(lam[i] + lam[j] - lam[i] * lam[j]) - Si[i] * Si[j]) for i in range(d)]
        res = [lam[i] * (S(2 * lam[i] - lam[i] ** 2) - Si[i] ** 2) for i in range(d)]
        trB = mp.fsum(res)
        Ls, piv = [], []
        while mp.fsum(res) >= mpf(10) ** (-tol_exp) * trB and len(Ls) < d:
            j = max(range(d), key=lambda i: res[i])
            cj = col(j)
            for l in Ls:
                cj = [cj[i] - l[i] * l[j] for i in range(d)]
            r = mp.sqrt(res[j])
            l = [v / r for v in cj]
            for i in piv:
                l[i] = mpf(0)
            l[j] = r
            Ls.append(l)
            piv.append(j)
            res = [res[i] - l[i] ** 2 for i in range(d)]
            res[j] = mpf(0)
        rk = len(Ls)
        M = mp.matrix(rk, rk)
        for a in range(rk):
            for b in range(a, rk):
                M[a, b] = M[b, a] = mp.fsum(Ls[a][i] * Ls[b][i] for i in range(d))
        ev = sorted((N * v for v in mp.eigsy(M, eigvals_only=True)), reverse=True)
        kept = [v for v in ev[:keep] if v >= floor * ev[0]]
        levels = [float(v) for v in kept]
    # float64 cross-check: SVD of the centred time factor
    lamf = np.exp(-c * np.arange(d))
    t = np.arange(T + 1)[:, None]
    lq = np.log1p(-np.where(lamf < 1, lamf, 0.0))  # column i = 0 (q = 0) is set apart below
    U = np.exp(t * lq[None, :])
    U[:, 0] = (t[:, 0] == 0)
    U *= np.sqrt(lamf)[None, :]
    A = (U - U.mean(axis=0)) / math.sqrt(T + 1)
    sv = np.linalg.svd(A, compute_uv=False) ** 2 * (T + 1)
    for k, v in enumerate(levels):
        if v >= 1e-10 * levels[0]:
            note("exact levels: mpmath Cholesky vs float64 time-factor SVD (rel, >= 1e-10 s1)", abs(sv[k] - v) / v)
    assert checks["exact levels: mpmath Cholesky vs float64 time-factor SVD (rel, >= 1e-10 s1)"] < 1e-8
    return levels, rk, float(trB * N)


# ---------------------------------------------------------------- main
def main():
    t0 = time.time()
    corner_E, E = build_E()
    phi0_out = build_phi0()
    orth = orthonormality()
    t1 = time.time()
    mp_phase = spot_checks(E)
    phases, phase_out, table_dev = build_phase(E)
    ours = phases[2.0](0.1 * math.pi / 2.0)
    note("dPhi(c=2, x=0.1): long double vs all-mpmath", abs(ours - mp_phase))
    assert checks["dPhi(c=2, x=0.1): long double vs all-mpmath"] < 1e-12
    t2 = time.time()

    levels, exact, rel, rel_inner, unpaired = [], [], [], [], 0
    for c in C_LEV:
        d = 400 if c == 0.5 else 200
        for T in T_LEV:
            ws, s = derived_levels(phases[c], T)
            levels.append({"c": c, "T": T, "k": list(range(1, len(ws) + 1)), "omega": ws, "s_scaled": s})
            ex, rk, tr = exact_levels(c, T, d)
            exact.append({"c": c, "T": T, "d": d, "s_scaled": ex, "cholesky_rank": rk, "trace_scaled": tr})
            case = []
            for k, v in enumerate(ex):
                if v < 1e-6 * ex[0]:
                    break
                if k < len(s):
                    case.append(abs(s[k] - v) / v)
                    if k < len(s) - 1:
                        rel_inner.append(case[-1])
                else:
                    unpaired += 1
            rel += case
            levels[-1]["rel_dev_vs_exact"] = case
    rel_arr = np.array(rel)
    t3 = time.time()

    about = {
        "generator": "scripts/boundary_golden.py (mpmath/numpy; independent of the Swift sources). Rerun: "
                     "python3 scripts/boundary_golden.py from the repository root.",
        "setting": "geometric spectrum lambda_i = exp(-c(i-1)), eta = 1 (eta*lambda_1 = 1, q_i = 1 - lambda_i), "
                   "sigma0 = 1, weights target, r = 1 (a_i = 1).",
        "corner_E": "list over c; E[n], n = 0..31: c k(n) = 1/(n+1) + E_n, k(n) = sum_{i>=1} lambda_i q_i^n (d -> inf). "
                    "Beta series (mpmath nsum) and direct mode sum agree to beta_vs_modes_max_abs_dev.",
        "phi0": "Phi0(omega) = 2 arg Gamma(1+i omega) - 3 arg Gamma(1/2+i omega) + 3 omega ln 2 - 2 atan(2 omega), "
                "continuous branch; slope_at_0 = gamma + 9 ln 2 - 4.",
        "orthonormality": "max |int_0^inf S_t S_s rho0 - delta_ts| (t, s < 16; mpmath, and the long-double rule used "
                          "for G); hilbert_max_abs_dev = max |int sigma S_t S_s rho0 - 1/(t+s+1)|.",
        "corner_phase": "cases: list over c with m, band positions x = c omega/pi, omega, delta_phi = arg det(I_m + E G(sigma(omega)+i0)) "
                        "on the branch continuous from omega -> 0+; band_top_det = det(I + E G(pi)) (< 0: a level bound above the band, "
                        "and delta_phi_at_0 = pi); delta_phi_slope_at_0 = 2 S(0)^T (I + E G(pi))^-1 E S(0); "
                        "phi_slope_at_0 = Phi0'(0) + that; spec_table_dev = ours - BOUNDARIES.md table at x = 0.1..0.9. "
                        "spec_table_max_abs_dev: max over the table; bound_threshold: the c where band_top_det = 0. "
                        "Note: at c = 0.5 a narrow resonance (|det| ~ 2e-3) lifts delta_phi by 2.4 rad within "
                        "omega = 5.975..5.99 (x = 0.951..0.953), just past the x = 0.95 point.",
        "levels": "list over (c, T): k, omega_k roots of omega ln(T+1) + Phi0 + delta_phi = pi k with c omega < pi; "
                  "s_scaled = s_k eta (T+1) = f(c omega_k), f(theta) = (pi/c) sum_n sech(pi(theta + 2 pi n)/c); "
                  "rel_dev_vs_exact = |derived - exact|/exact, paired by index, exact >= 1e-6 s_1.",
        "exact_levels": "list over (c, T): s_scaled = s_k (T+1), eigenvalues of B_ij = sqrt(l_i l_j)[S_T(q_i q_j) - S_T(q_i)S_T(q_j)], "
                        "d modes, descending, top 12 or down to 1e-14 s_1 (pivoted Cholesky + eigsy in mpmath, dps 50); "
                        "trace_scaled = (T+1) tr B.",
        "level_comparison": "over all (c, T) of levels/exact_levels: paired in-band levels with exact >= 1e-6 s_1; "
                            "unpaired = exact levels >= 1e-6 s_1 with no derived root (below the band); *_without_last: "
                            "the same without each case's last derived level (the one next to the band bottom).",
        "checks": "worst discrepancy of every self-check of the generator.",
    }
    # the c at which det(I + E G(pi)) = 0 (m = 8 on 2.094 < c <= 2.513)
    cross = brentq(_det_top, 2.1, 2.5, xtol=1e-10)
    doc = {
        "about": about,
        "corner_E": corner_E,
        "phi0": phi0_out,
        "orthonormality": orth,
        "corner_phase": {"cases": phase_out, "spec_table_max_abs_dev": table_dev, "bound_threshold": cross,
                         "spec_slope_at_0": {str(k): v for k, v in SPEC_SLOPE0.items()}},
        "levels": levels,
        "exact_levels": exact,
        "level_comparison": {"count": len(rel), "median_rel": float(np.median(rel_arr)),
                             "max_rel": float(rel_arr.max()), "within_1pct": float(np.mean(rel_arr < 0.01)),
                             "within_5pct": float(np.mean(rel_arr < 0.05)), "unpaired": unpaired,
                             "count_without_last": len(rel_inner), "median_rel_without_last": float(np.median(rel_inner)),
                             "max_rel_without_last": float(max(rel_inner))},
        "checks": dict(checks),
    }
    with open(OUT, "w") as fh:
        json.dump(doc, fh, indent=1, allow_nan=False)
        fh.write("\n")
    back = json.load(open(OUT))
    assert [len(e["E"]) for e in back["corner_E"]] == [N_E] * len(C_E)
    assert len(back["phi0"]["value"]) == len(PHI0_W)
    assert [len(e["delta_phi"]) for e in back["corner_phase"]["cases"]] == [len(X_PHASE)] * len(C_PHASE)
    assert len(back["levels"]) == len(back["exact_levels"]) == len(C_LEV) * len(T_LEV)
    for e in back["levels"] + back["exact_levels"]:
        s = e["s_scaled"]
        assert s and all(a > b > 0 for a, b in zip(s, s[1:])), (e["c"], e["T"])
    for k, v in checks.items():
        print(f"check {k:75s} {v:.2e}")
    for e in phase_out:
        print(f"c = {e['c']}: m = {e['m']}, det(I+EG(pi)) = {e['band_top_det']:+.4f}, Phi'(0) = {e['phi_slope_at_0']:.4f}"
              f" (spec {SPEC_SLOPE0.get(e['c'], '-')}), max |dPhi - table| = {max(abs(v) for v in e['spec_table_dev']):.2e}")
    print(f"bound-state threshold c = {cross:.6f}")
    lc = doc["level_comparison"]
    print(f"levels: {lc['count']} paired, median rel {lc['median_rel']:.2e}, max rel {lc['max_rel']:.2e}, "
          f"within 1% {lc['within_1pct']:.1%}, within 5% {lc['within_5pct']:.1%}, unpaired {lc['unpaired']}; "
          f"without the last level: {lc['count_without_last']}, median {lc['median_rel_without_last']:.2e}, "
          f"max {lc['max_rel_without_last']:.2e}")
    print(f"wrote {OUT}; runtime {time.time() - t0:.1f} s (E/Phi0/orth {t1 - t0:.1f}, phase {t2 - t1:.1f}, levels {t3 - t2:.1f})")


def _det_top(c):
    with mp.workdps(30):
        E = [float(E_modes(n, c)) for n in range(2 * m_of(c) - 1)]
    m = m_of(c)
    Em = np.array([[E[t + s] for s in range(m)] for t in range(m)])
    re0, _ = resolvent(1e-12, m)
    return float(np.linalg.det(np.eye(m) + Em @ re0.astype(float)))


if __name__ == "__main__":
    main()
