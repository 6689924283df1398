"""Alignment of two token sequences: which tokens match, which conflict, which are extra."""

from __future__ import annotations

from dataclasses import dataclass, field

from .params import P
from .similarity import token_similarity


@dataclass
class Alignment:
    pairs: list[tuple[int, int, float, str]] = field(default_factory=list)  # (i in a, j in b, sim, how)
    joined: list[tuple[tuple[int, ...], tuple[int, ...], str]] = field(default_factory=list)
    conflicts: list[tuple[int, int, float]] = field(default_factory=list)
    extra_a: list[int] = field(default_factory=list)
    extra_b: list[int] = field(default_factory=list)


def align(ta: tuple[str, ...], tb: tuple[str, ...], *, abbreviations: bool = False) -> Alignment:
    """Greedy best-first alignment of two token lists (names are short: at most a few dozen pairs).
    ``abbreviations``: a word may be a prefix of the other ('corp' = 'corporation'; organisations)."""
    used_a: set[int] = set()
    used_b: set[int] = set()
    al = Alignment()
    # written together on one side, apart on the other, exactly: 'SergeiLavrov' / 'Sergei Lavrov'
    # (found first, so that 'lavrov' does not pair alone with the end of 'sergeilavrov')
    for side_a, side_b, used_x, used_y, flip in ((ta, tb, used_a, used_b, False), (tb, ta, used_b, used_a, True)):
        for j, y in enumerate(side_b):
            for i in range(len(side_a) - 1):
                if j in used_y or i in used_x or i + 1 in used_x or len(side_a[i]) < 2 or len(side_a[i + 1]) < 2:
                    continue
                if side_a[i] + side_a[i + 1] == y and y not in side_a:
                    used_x.update((i, i + 1))
                    used_y.add(j)
                    al.joined.append(((j,), (i, i + 1), y) if flip else ((i, i + 1), (j,), y))
    cands = []
    for i, x in enumerate(ta):
        for j, y in enumerate(tb):
            s, how = token_similarity(x, y)
            if (
                abbreviations
                and s < P["token_match"]
                and min(len(x), len(y)) >= 3
                and (x.startswith(y) or y.startswith(x))
            ):
                s, how = 0.9, "abbreviation"
            if s >= P["token_match"]:
                # prefer exact and in-order pairs on ties
                cands.append((s, -abs(i / max(len(ta), 1) - j / max(len(tb), 1)), i, j, how))
    cands.sort(reverse=True)
    for s, _, i, j, how in cands:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        al.pairs.append((i, j, s, how))
    # word joining / splitting: 'mohammadhasni' = 'mohammad hasni', 'jinping' = 'jin ping'
    for side_a, side_b, used_x, used_y, flip in ((ta, tb, used_a, used_b, False), (tb, ta, used_b, used_a, True)):
        for j, y in enumerate(side_b):
            if j in used_y:
                continue
            for i in range(len(side_a) - 1):
                if i in used_x or i + 1 in used_x:
                    continue
                joined = side_a[i] + side_a[i + 1]
                if joined == y or (len(y) > 5 and token_similarity(joined, y)[0] >= 0.9):
                    used_x.update((i, i + 1))
                    used_y.add(j)
                    al.joined.append(((j,), (i, i + 1), y) if flip else ((i, i + 1), (j,), y))
                    break
    ua = [i for i in range(len(ta)) if i not in used_a]
    ub = [j for j in range(len(tb)) if j not in used_b]
    # unmatched tokens in the same gap between aligned anchors are conflicts (different names in the
    # same place); the rest are extras (a name present on one side only)
    anchors = sorted((i, j) for i, j, _, _ in al.pairs)

    def gap_a(i: int) -> int:
        return sum(1 for ai, _ in anchors if ai < i)

    def gap_b(j: int) -> int:
        return sum(1 for _, bj in anchors if bj < j)

    by_gap_a: dict[int, list[int]] = {}
    by_gap_b: dict[int, list[int]] = {}
    for i in ua:
        by_gap_a.setdefault(gap_a(i), []).append(i)
    for j in ub:
        by_gap_b.setdefault(gap_b(j), []).append(j)
    for g in sorted(set(by_gap_a) | set(by_gap_b)):
        xs, ys = by_gap_a.get(g, []), by_gap_b.get(g, [])
        while xs and ys:
            # pair the most similar remaining tokens of the gap
            best = max((token_similarity(ta[i], tb[j])[0], i, j) for i in xs for j in ys)
            al.conflicts.append((best[1], best[2], best[0]))
            xs.remove(best[1])
            ys.remove(best[2])
        al.extra_a += xs
        al.extra_b += ys
    return al
