"""Fit the learned person scorer: a logistic regression of "is the same person" over the features
of a comparison (``forcecheck.match.persons.scoring.LEARNED_FEATURES``: the hand score, the share of
exact tokens, the fuzzy loss, initials, given-name and surname conflicts, extra tokens, crossed
order, single-token names, known order), on the TUNING pairs only (name_bench persons and the
OFAC tuning regions, each source weighted equally), written to
``forcecheck/vocab/person_score_calibration.csv``; also the logistic calibration of the hand score
alone, whose possible tier (recall >= 0.95 on every tuning set) widens the learned one. By default
only the hand calibration is written (what ships); ``--learned`` writes the regression weights too.

Run: ``.venv/bin/python scripts/fit_person_calibration.py`` (needs ../shared/data); it prints the
tier thresholds for ``settings.MATCH_THRESHOLDS["person"]`` (direct: best mean F1 on the tuning
sets; possible: mean recall >= 0.95 there). ``--compare`` fits both models and prints them on the
held-out sets too (the comparison in docs/benchmarks.md). Numpy only; deterministic (Newton's
method on the weighted log-loss with a small L2 penalty).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.match_accuracy_bench import build_sets  # noqa: E402

OUT = ROOT / "forcecheck" / "vocab" / "person_score_calibration.csv"
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


def _prf(y: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    tp = float(((y == 1) & pred).sum())
    p = tp / max(1.0, float(pred.sum()))
    r = tp / max(1.0, float((y == 1).sum()))
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _thresholds(scores: list[np.ndarray], labels: list[np.ndarray]) -> tuple[float, float]:
    """(direct, possible) on the tuning sets: best mean F1; highest cut keeping recall >= TARGET_RECALL on all."""
    grid = np.linspace(0.02, 0.98, 97)
    direct = max(grid, key=lambda t: np.mean([_prf(y, s >= t)[2] for s, y in zip(scores, labels, strict=False)]))
    ok = [
        t for t in grid if np.mean([_prf(y, s >= t)[1] for s, y in zip(scores, labels, strict=False)]) >= TARGET_RECALL
    ]
    return float(direct), float(max(ok) if ok else grid[0])


def compare_models() -> None:
    """Hand score + logistic calibration vs logistic regression over all features: fitted and
    thresholded on the tuning sets, measured on the held-out sets (``--compare``)."""
    from forcecheck.match.persons.scoring import LEARNED_FEATURES, person_feature_vector

    names = ["name_bench_persons", "ofac_tune", "ofac_heldout", "sfm_persons"]
    sets = build_sets(set(names))
    X = {n: np.array([person_feature_vector(a, b) for _k, a, b, _l, _s in sets[n]]) for n in names}
    Y = {n: np.array([1.0 if p[3] else 0.0 for p in sets[n]]) for n in names}
    tune = names[:2]
    w = np.concatenate([np.full(len(Y[n]), 1.0 / len(Y[n])) for n in tune])
    w = w / w.mean()
    Xt = np.concatenate([X[n] for n in tune])
    Yt = np.concatenate([Y[n] for n in tune])
    models = {}
    a, b = fit(Xt[:, 0], Yt, w)
    models["hand + calibration"] = lambda M, a=a, b=b: 1 / (1 + np.exp(-(a * M[:, 0] + b)))
    beta = fit_multi(Xt, Yt, w)
    models["logistic regression"] = lambda M, beta=beta: 1 / (1 + np.exp(-(M @ beta[:-1] + beta[-1])))
    print("weights:", dict(zip(LEARNED_FEATURES + ("intercept",), np.round(beta, 3), strict=False)))
    for label, f in models.items():
        d, pthr = _thresholds([f(X[n]) for n in tune], [Y[n] for n in tune])
        print(f"{label}: direct {d:.2f} possible {pthr:.2f}")
        for n in names:
            sc = f(X[n])
            cal = []
            for lo in (0.5, 0.6, 0.7, 0.8, 0.9):
                sel = (sc >= lo) & (sc < lo + 0.1)
                cal.append(f"{lo:.1f}:{Y[n][sel].mean() if sel.any() else float('nan'):.2f}({int(sel.sum())})")
            print("   calibration", " ".join(cal))
            P, R, F = _prf(Y[n], sc >= d)
            pP, pR, _ = _prf(Y[n], sc >= pthr)
            print(f"  {n:20} P {P:.3f} R {R:.3f} F1 {F:.3f}   possible P {pP:.3f} R {pR:.3f}")


def fit_multi(X: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = 1e-2) -> np.ndarray:
    Xb = np.concatenate([X, np.ones((len(X), 1))], axis=1)
    beta = np.zeros(Xb.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-Xb @ beta))
        grad = Xb.T @ (w * (p - y)) + l2 * beta
        hess = (Xb * (w * p * (1 - p))[:, None]).T @ Xb + l2 * np.eye(len(beta))
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-10:
            break
    return beta


def main() -> int:
    if "--compare" in sys.argv:
        compare_models()
        return 0
    from forcecheck.match.persons.scoring import LEARNED_FEATURES, person_feature_vector

    sets = build_sets({"name_bench_persons", "ofac_tune"})
    X = {n: np.array([person_feature_vector(a, b) for _k, a, b, _l, _s in ps]) for n, ps in sets.items()}
    Y = {n: np.array([1.0 if p[3] else 0.0 for p in ps]) for n, ps in sets.items()}
    w = np.concatenate([np.full(len(Y[n]), 1.0 / len(Y[n])) for n in sets])
    w = w / w.mean()
    Xt, Yt = np.concatenate([X[n] for n in sets]), np.concatenate([Y[n] for n in sets])
    slope, intercept = fit(Xt[:, 0], Yt, w)
    beta = fit_multi(Xt, Yt, w)
    hand = lambda M: 1 / (1 + np.exp(-(slope * M[:, 0] + intercept)))  # noqa: E731
    lr = lambda M: 1 / (1 + np.exp(-(M @ beta[:-1] + beta[-1])))  # noqa: E731
    # the hand scorer's possible tier: recall >= TARGET_RECALL on every tuning set
    grid = np.linspace(0.02, 0.98, 97)
    ok = [t for t in grid if all(_prf(Y[n], hand(X[n]) >= t)[1] >= TARGET_RECALL for n in sets)]
    hand_possible = float(max(ok) if ok else grid[0])
    scorer = lr if "--learned" in sys.argv else hand
    direct, possible = _thresholds([scorer(X[n]) for n in sets], [Y[n] for n in sets])
    if "--learned" not in sys.argv:
        possible = hand_possible
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        wr = csv.writer(fh)
        wr.writerow(["code", "value", "note"])
        if "--learned" in sys.argv:
            for name, value in zip(LEARNED_FEATURES + ("intercept",), beta, strict=False):
                wr.writerow([name, f"{value:.6f}", "logistic regression weight (score = P(same person))"])
        wr.writerow(
            [
                "hand_slope",
                f"{slope:.6f}",
                "calibration of the hand score alone: 1 / (1 + exp(-(slope * s + intercept)))",
            ]
        )
        wr.writerow(["hand_intercept", f"{intercept:.6f}", ""])
        wr.writerow(
            ["hand_possible", f"{hand_possible:.4f}", "calibrated hand score from which a pair is a possible match"]
        )
    print(f"wrote {OUT} (fitted on name_bench persons + ofac_tune by scripts/fit_person_calibration.py)")
    print(f"settings.MATCH_THRESHOLDS['person'] = {{'direct': {direct:.2f}, 'possible': {possible:.2f}}}")
    print(f"hand possible {hand_possible:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
