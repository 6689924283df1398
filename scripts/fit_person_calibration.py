"""Fit the calibration of the person scorer: a logistic regression of "is the same person" on the
hand score, on the TUNING pairs only (name_bench persons and the OFAC tuning regions, each source
weighted equally), written to ``forcecheck/vocab/person_score_calibration.csv``.

Run: ``.venv/bin/python scripts/fit_person_calibration.py`` (needs ../shared/data). It prints the
calibrated thresholds that keep the tuned decisions: ``direct`` at the hand score's default
threshold, ``possible`` at the highest hand score that keeps recall >= 0.95 on the tuning pairs.
Numpy only; the fit is deterministic (Newton's method on the log-loss, L2 1e-3).
"""

from __future__ import annotations

import csv
import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.match_accuracy_bench import build_sets  # noqa: E402
from forcecheck.match.persons import scoring  # noqa: E402

OUT = ROOT / "forcecheck" / "vocab" / "person_score_calibration.csv"
RAW_DIRECT = 0.65  # the hand scorer's default threshold (chosen on the same tuning pairs)
TARGET_RECALL = 0.95


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = 1e-3) -> tuple[float, float]:
    X = np.stack([x, np.ones_like(x)], axis=1)
    beta = np.zeros(2)
    for _ in range(50):
        p = 1 / (1 + np.exp(-X @ beta))
        grad = X.T @ (w * (p - y)) + l2 * beta
        hess = (X * (w * p * (1 - p))[:, None]).T @ X + l2 * np.eye(2)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-10:
            break
    return float(beta[0]), float(beta[1])


def main() -> int:
    sets = build_sets({"name_bench_persons", "ofac_tune"})
    xs, ys, ws = [], [], []
    for pairs in sets.values():
        for _kind, a, b, label, _schema in pairs:
            xs.append(scoring.raw_person_score(a, b))
            ys.append(1.0 if label else 0.0)
            ws.append(1.0 / len(pairs))
    x, y, w = np.array(xs), np.array(ys), np.array(ws)
    w = w / w.mean()
    slope, intercept = fit(x, y, w)
    cal = lambda s: 1 / (1 + math.exp(-(slope * s + intercept)))  # noqa: E731
    pos = np.sort(x[y == 1])
    raw_possible = float(pos[int(math.floor((1 - TARGET_RECALL) * len(pos)))])
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        wr = csv.writer(fh)
        wr.writerow(["code", "value", "note"])
        wr.writerow(["slope", f"{slope:.6f}", "calibrated score = 1 / (1 + exp(-(slope * hand score + intercept)))"])
        wr.writerow(["intercept", f"{intercept:.6f}", "fitted by scripts/fit_person_calibration.py on the tuning pairs"])
    print(f"wrote {OUT}: slope {slope:.4f} intercept {intercept:.4f}")
    print(f"direct threshold (hand {RAW_DIRECT}): {cal(RAW_DIRECT):.3f}")
    print(f"possible threshold (hand {raw_possible:.3f}, recall {TARGET_RECALL} on tuning pairs): {cal(raw_possible):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
