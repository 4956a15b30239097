"""Quantiles of a day's demand: negative binomial around the forecast's mean (numpy).

A day's units are counts: with mean μ and dispersion α the variance is μ + α·μ²
(α = 0 is Poisson). The quantiles are worked out exactly for every cell at once by
summing the probabilities 0, 1, 2, … up to ``EXACT_UNITS``; a cell whose demand
reaches beyond that uses the normal approximation with the same mean and variance.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Matrix = NDArray[np.float64]

EXACT_UNITS = 40
"""Counts summed exactly; beyond them the normal approximation serves."""
MIN_DISPERSION = 1e-6
NORMAL_Z = {0.1: -1.2816, 0.5: 0.0, 0.9: 1.2816}


def variance(mean: Matrix, dispersion: NDArray[np.float64]) -> Matrix:
    """μ + α·μ² for each cell (``dispersion`` one α per row)."""
    result: Matrix = mean + dispersion[:, None] * mean ** 2
    return result


def quantiles(mean: Matrix, dispersion: NDArray[np.float64],
              probabilities: tuple[float, ...] = (0.1, 0.5, 0.9)) -> list[Matrix]:
    """For each probability p, the smallest count q with P(units ≤ q) ≥ p in each cell
    (``dispersion``: one α per row); p must be one of ``NORMAL_Z``."""
    alpha = np.maximum(dispersion, MIN_DISPERSION)[:, None]
    r = 1.0 / alpha
    mu = np.maximum(mean, 0.0)
    p_stay = r / (r + mu)
    pmf = np.exp(-r * np.log1p(mu / r))  # P(0)
    cdf = pmf.copy()
    found = [np.where(cdf >= p, 0.0, np.nan) for p in probabilities]
    for k in range(EXACT_UNITS):
        pmf = pmf * (k + r) / (k + 1) * (1 - p_stay)
        cdf = cdf + pmf
        for p, result in zip(probabilities, found, strict=True):
            result[np.isnan(result) & (cdf >= p)] = k + 1
    spread = np.sqrt(mu + alpha * mu ** 2)
    out = []
    for p, result in zip(probabilities, found, strict=True):
        normal = np.maximum(np.round(mu + NORMAL_Z[p] * spread), 0.0)
        out.append(np.where(np.isnan(result), normal, result))
    return out


def dispersion(actual: Matrix, mean: Matrix, counted: NDArray[np.bool_],
               judged: NDArray[np.bool_], pseudo: float = 20.0) -> NDArray[np.float64]:
    """Each row's α from how far ``actual`` strayed from ``mean`` on counted days
    (Σ((A − μ)² − μ) ÷ Σμ², the method of moments), pulled towards the α of all the
    ``judged`` rows by ``pseudo`` units² of evidence; a row not judged (too little
    history to fit on) takes that α. Never below 0 nor above 10."""
    top = np.where(counted, (actual - mean) ** 2 - mean, 0.0).sum(axis=1)
    bottom = np.where(counted, mean ** 2, 0.0).sum(axis=1)
    top_all, bottom_all = float(top[judged].sum()), float(bottom[judged].sum())
    pooled = max(top_all / bottom_all, 0.0) if bottom_all > 0 else 0.0
    own = (top + pseudo * pooled) / (bottom + pseudo)
    result: NDArray[np.float64] = np.clip(np.where(judged, own, pooled), 0.0, 10.0)
    return result
