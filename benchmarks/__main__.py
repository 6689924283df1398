"""Run every benchmark, or the ones named: ``python -m benchmarks extract match_accuracy``."""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent


def main(argv: list[str]) -> int:
    # benchmark names come first; everything from the first option on goes to each benchmark
    first_opt = next((i for i, a in enumerate(argv) if a.startswith("-")), len(argv))
    names, extra = argv[:first_opt], argv[first_opt:]
    available = sorted(p.stem[: -len("_bench")] for p in HERE.glob("*_bench.py"))
    for name in names or available:
        if name not in available:
            print(f"unknown benchmark {name!r}; available: {', '.join(available)}", file=sys.stderr)
            return 2
        print(f"\n===== {name} =====", flush=True)
        t0 = time.perf_counter()
        importlib.import_module(f"benchmarks.{name}_bench").main(extra)
        print(f"===== {name}: {time.perf_counter() - t0:.1f} s =====", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
