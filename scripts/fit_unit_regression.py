"""Does a learned unit scorer beat the hand weights? Logistic regression (numpy, L2, Newton steps)
over ``forcecheck.match.units.unit_features``, trained on the TUNING pairs only (SFM Mexico and
the FMTR world recipient strings outside the Africa section), compared with the hand-weighted
score on the held-out pairs (FMTR Africa, its English-speaking subset, SFM Mali).

Run: ``.venv/bin/python scripts/fit_unit_regression.py``. It prints F1 at the default threshold
for both scorers on every set (the learned scorer at probability 0.5, the hand weights at the
unit ``direct`` threshold) and writes nothing: forcecheck ships a learned scorer only where it
generalises better (see docs/benchmarks.md, "Unit matching (issue 8)").
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.unit_accuracy_bench import HELDOUT_SETS, TUNE_SETS, build_sets, prf  # noqa: E402
from forcecheck import settings  # noqa: E402
from forcecheck.match.units import unit_features  # noqa: E402


def matrix(pairs) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    rows = [unit_features(p[1], p[2]) for p in pairs]
    names = sorted(rows[0])
    x = np.array([[r[n] for n in names] for r in rows], dtype=float)
    y = np.array([1.0 if p[3] else 0.0 for p in pairs])
    hand = np.array([r["score"] for r in rows])
    return x, y, hand, names


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 25) -> np.ndarray:
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-xb @ w))
        grad = xb.T @ (p - y) + l2 * np.r_[w[:-1], 0]
        h = (xb * (p * (1 - p))[:, None]).T @ xb + l2 * np.eye(len(w))
        w -= np.linalg.solve(h, grad)
    return w


def predict(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(np.hstack([x, np.ones((len(x), 1))]) @ w)))


def main() -> int:
    sets = build_sets(set(TUNE_SETS) | set(HELDOUT_SETS))
    direct = settings.match_threshold("unit", "direct")
    tune = [p for s in TUNE_SETS for p in sets[s]]
    x, y, _, names = matrix(tune)
    w = fit(x, y)
    print("weights:", ", ".join(f"{n} {v:+.2f}" for n, v in zip([*names, "bias"], w, strict=True)))
    for name in (*TUNE_SETS, *HELDOUT_SETS):
        xs, ys, hand, _ = matrix(sets[name])
        labels = [bool(v) for v in ys]
        learned = prf(labels, [bool(v) for v in predict(w, xs) >= 0.5])[2]
        handf = prf(labels, [bool(v) for v in hand >= direct])[2]
        split = "tune" if name in TUNE_SETS else "held out"
        print(f"{name:12} {split:8} hand-weighted F1 {handf:.3f}   logistic regression F1 {learned:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
