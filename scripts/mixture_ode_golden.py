#!/usr/bin/env python3
"""Golden values for the effective-dynamics ODE of OUTLIERS.md §2 (ribbon align).

Independent of the Swift code: the expectations E[r_a(δ_yb + ζ_b)], E[r_a η_b], E[r_a r_b] are
computed directly as 2k-dimensional Gaussian integrals over (ζ, η) by a tensor Gauss–Hermite rule
(numpy), without the Stein's-lemma reduction ribbon uses, and the ODE is integrated by scipy's
DOP853 at rtol 1e-11. k = 2 and 3 only (2k-dimensional rules grow as n^{2k}).

Usage: python3 scripts/mixture_ode_golden.py > Tests/Fixtures/mixture_ode_golden.json
"""
import itertools
import json

import numpy as np
from scipy.integrate import solve_ivp


def rule(n, dims):
    x, w = np.polynomial.hermite.hermgauss(n)
    nodes = np.array(list(itertools.product(x * np.sqrt(2), repeat=dims)))
    weights = np.prod(np.array(list(itertools.product(w / np.sqrt(np.pi), repeat=dims))), axis=1)
    return nodes, weights


def rhs(_t, state, k, lam, beta, cdelta, nodes, weights):
    m = state[:k * k].reshape(k, k)
    R = state[k * k:].reshape(k, k)
    s, V = np.linalg.eigh((R + R.T) / 2)
    L = V * np.sqrt(np.clip(s, 0, None))
    zeta = nodes[:, :k] / np.sqrt(lam)
    eta = nodes[:, k:] @ L.T / np.sqrt(lam)
    dm = np.zeros((k, k))
    dR = np.zeros((k, k))
    for y in range(k):
        logits = m[:, y][None, :] + zeta @ m.T + eta
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        r = p.copy()
        r[:, y] -= 1
        target = zeta.copy()
        target[:, y] += 1
        e_drift = np.einsum('n,na,nb->ab', weights, r, target)
        e_eta = np.einsum('n,na,nb->ab', weights, r, eta)
        e_rr = np.einsum('n,na,nb->ab', weights, r, r)
        dm -= e_drift / k
        dR += (-(e_eta + e_eta.T) + cdelta / lam * e_rr) / k
    dm -= beta * m
    dR -= 2 * beta * R
    return np.concatenate([dm.ravel(), dR.ravel()])


def case(k, lam, beta, cdelta, times, n):
    nodes, weights = rule(n, 2 * k)
    sol = solve_ivp(rhs, [0, times[-1]], np.zeros(2 * k * k), t_eval=times, method='DOP853', rtol=1e-11, atol=1e-13,
                    args=(k, lam, beta, cdelta, nodes, weights))
    out = []
    for j, t in enumerate(times):
        m = sol.y[:k * k, j].reshape(k, k)
        R = sol.y[k * k:, j].reshape(k, k)
        off = ~np.eye(k, dtype=bool)
        out.append({'time': t, 'm_diag': float(np.mean(np.diag(m))), 'm_offdiag': float(np.mean(m[off])),
                    'R_perp_diag': float(np.mean(np.diag(R))), 'R_perp_offdiag': float(np.mean(R[off]))})
    return {'classes': k, 'lambda': lam, 'ridge': beta, 'step_constant': cdelta, 'nodes_per_dimension': n, 'states': out}


if __name__ == '__main__':
    cases = [case(2, 20.0, 0.02, 1.0, [1.0, 5.0, 20.0], 14),
             case(2, 2.0, 0.1, 3.0, [0.5, 2.0, 8.0], 20),
             case(3, 20.0, 0.02, 1.0, [1.0, 5.0], 8),
             case(3, 5.0, 0.05, 2.0, [1.0, 4.0], 10)]
    print(json.dumps({'generator': 'scripts/mixture_ode_golden.py (numpy Gauss–Hermite in 2k dimensions, scipy DOP853)',
                      'cases': cases}, indent=1))
