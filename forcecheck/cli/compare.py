"""``forcecheck compare "NAME A" "NAME B"`` and ``forcecheck compare --pairs FILE.csv --out OUT.csv``."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from ..errors import InputError
from ..match.compare import compare, compare_pairs, default_threshold, normalize_kind, read_pairs, write_results
from ..match.registry import algorithm as get_algorithm
from .common import console, handle_errors, print_json, progress_bar


def register(app: typer.Typer) -> None:
    @app.command("compare")
    def compare_cmd(
        name_a: str | None = typer.Argument(None, help="First name (one pair)."),
        name_b: str | None = typer.Argument(None, help="Second name (one pair)."),
        kind: str = typer.Option("person", "--kind", help="person, unit or organization (one pair)."),
        pairs: Path | None = typer.Option(None, "--pairs", help="CSV with columns pair_id,kind,name_a,name_b."),
        out: Path | None = typer.Option(
            None, "--out", help="Where to write pair_id,score,match,quality (with --pairs)."
        ),
        threshold: float | None = typer.Option(
            None, "--threshold", min=0.0, max=1.0, help="Decision threshold (default: the kind's calibrated default)."
        ),
        as_json: bool = typer.Option(False, "--json", help="Print one JSON object (one pair)."),
        algorithm: str | None = typer.Option(None, "--algorithm", help="Matching algorithm (default: forcecheck-v1)."),
    ) -> None:
        """Compare two names and explain the score, or score a whole file of pairs."""
        with handle_errors():
            try:
                algorithm = get_algorithm(algorithm).name
            except ValueError as e:
                raise InputError(str(e), field="--algorithm") from None
            if pairs is not None:
                if name_a or name_b:
                    raise InputError("give either two names or --pairs FILE, not both")
                if out is None:
                    raise InputError("--out OUT.csv is required with --pairs", field="--out")
                rows = read_pairs(pairs)
                with progress_bar() as progress:
                    progress.start(len(rows), "comparing")
                    results = compare_pairs(
                        rows, threshold=threshold, file=str(pairs), progress=progress, algorithm=algorithm
                    )
                write_results(out, results)
                n_match = sum(1 for r in results if r.match)
                n_possible = sum(1 for r in results if r.quality == "possible")
                console.print(
                    f"{len(results)} pairs compared, {n_match} matches, {n_possible} possible; written to {out}",
                    highlight=False,
                )
                return
            if not name_a or not name_b or not name_a.strip() or not name_b.strip():
                raise InputError(
                    "two non-empty names are needed (or --pairs FILE --out OUT)",
                    field="name_a" if not (name_a or "").strip() else "name_b",
                )
            try:
                k = normalize_kind(kind)
            except ValueError as e:
                raise InputError(str(e), field="--kind") from None
            m = compare(
                name_a,
                name_b,
                kind=k,
                algorithm=algorithm,
                **({"threshold": threshold} if threshold is not None else {}),
            )
            if as_json:
                d = m.as_dict()
                d["threshold"] = default_threshold(k) if threshold is None else threshold
                d["algorithm"] = algorithm
                print_json(d)
                return
            verdict = "[bold green]match[/]" if m.is_match else "[bold]no match[/]"
            console.print(
                f"{escape(m.a)}  vs  {escape(m.b)}  ({m.kind}): score {m.score:.3f} -> {verdict} (quality: {m.quality})"
            )
            for line in m.explanation:
                console.print(f"  - {escape(line)}", highlight=False)
