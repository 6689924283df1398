"""The candidate index: find the names in the evidence base that may match a query, fast.

A query never scans every name. Each entity type (unit, person, organization) has its own
inverted index over blocking keys (``unit_keys`` for units, ``person_keys`` for persons,
word keys for organisations), stored compactly as CSR arrays (numpy). A search:

1. computes the query's keys and looks up their posting lists;
2. adds an IDF weight per key into a scratch accumulator, rarest keys first, within a budget
   of postings: keys that are too common ("de", "batallon", "juan") are skipped when rarer
   keys are there, and never read in full;
3. takes the best ``prescore_k`` (200) names by key weight, re-ranks them with a cheap
   rapidfuzz similarity of their canonical forms (token set and token sort);
4. runs the full comparer (``compare_units``, ``compare_persons``, ``compare_organizations``)
   on the best ``full_k`` (12, at least ``limit + 2``) *distinct* names only: entities that
   share a name share its comparison, so a crowd of namesakes costs one comparison and does
   not push other names out; returns :class:`Candidate` objects with the ``Match``.

The index never reads the evidence base itself: it is built from plain records, and
``NameIndex.from_source`` takes them from a loader (``forcecheck.store.names.StoreNames`` reads
the Name table, joined to the owner's type and, for persons, the date of birth, sex and country
the comparer uses); with ``cache_dir`` the built index is pickled under the source's signature
(for the store: the name count and the last audit hash), so that an unchanged evidence base is
not indexed twice. What is keyed and compared per type is the matcher registry's
(``forcecheck.match.registry``).
"""

from __future__ import annotations

import copy
import hashlib
import math
import os
import pickle
import threading
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from forcecheck.match import registry
from forcecheck.match.normalize import norm
from forcecheck.match.registry import Matcher
from forcecheck.match.types import Match

#: The entity types of the index: the registry's kinds.
ENTITY_TYPES = registry.KINDS
#: Part of every cache signature: bump it when keys or the pickled layout change.
INDEX_FORMAT = 2
MAX_QUERY_CHARS = 500


@dataclass
class Candidate:
    entity_type: str
    entity_id: str
    matched_name: str
    match: Match
    name_kind: str | None = None  # primary, alias, aka...

    @property
    def score(self) -> float:
        return self.match.score

    def as_dict(self) -> dict[str, Any]:
        return {
            "entity_type": self.entity_type,
            "entity_id": self.entity_id,
            "matched_name": self.matched_name,
            "name_kind": self.name_kind,
            **{k: v for k, v in self.match.as_dict().items() if k not in ("a", "b")},
        }


#: How one entity type is keyed, pre-scored and compared: a row of the matcher registry.
KindSpec = Matcher


def default_specs(algorithm: str | None = None) -> dict[str, Matcher]:
    """The registry's matchers of ``algorithm`` (default: the registry's default), by entity type."""
    return dict(registry.algorithm(algorithm).matchers)


def check_query(query: Any) -> str:
    """The query text, or a ValueError that says what is wrong with it."""
    if not isinstance(query, str):
        raise ValueError(f"a name to search must be text, not {type(query).__name__}")
    q = query.strip()
    if not q:
        raise ValueError("empty name: give a person's or unit's name to search")
    if len(q) > MAX_QUERY_CHARS:
        raise ValueError(f"name too long ({len(q)} characters; at most {MAX_QUERY_CHARS})")
    if not norm(q).strip():
        raise ValueError(f"name {query!r} has no letters or digits to match on")
    return q


# --------------------------------------------------------------------------- one entity type


class _SubIndex:
    """The inverted index of one entity type (CSR arrays + per-name lists)."""

    def __init__(self, entity_type: str):
        self.entity_type = entity_type
        self.names: list[str] = []
        self.entity_ids: list[str] = []
        self.name_kinds: list[str | None] = []
        self.canon: list[str] = []
        self.features: dict[int, dict[str, Any]] = {}
        self.key_ids: dict[str, int] = {}
        self.offsets = np.zeros(1, dtype=np.int64)
        self.postings = np.zeros(0, dtype=np.int32)
        self._acc: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.names)

    def build(self, rows: Iterable[tuple[str, str, str | None, dict[str, Any] | None]], spec: KindSpec) -> None:
        kid_arr, nid_arr = array("i"), array("i")
        key_ids = self.key_ids
        seen: dict[str, tuple[list[int], str]] = {}  # a name repeated (aliases, common names) is keyed once
        for entity_id, name, name_kind, feats in rows:
            i = len(self.names)
            self.names.append(name)
            self.entity_ids.append(entity_id)
            self.name_kinds.append(name_kind)
            if feats:
                self.features[i] = feats
            got = seen.get(name)
            if got is None:
                ks = [key_ids.setdefault(k, len(key_ids)) for k in spec.keys(name)]
                got = (ks, spec.canon(name))
                if len(seen) < 2_000_000:
                    seen[name] = got
            self.canon.append(got[1])
            kid_arr.extend(got[0])
            nid_arr.extend([i] * len(got[0]))
        kids = np.frombuffer(kid_arr, dtype=np.int32) if kid_arr else np.zeros(0, dtype=np.int32)
        nids = np.frombuffer(nid_arr, dtype=np.int32) if nid_arr else np.zeros(0, dtype=np.int32)
        order = np.argsort(kids, kind="stable")
        self.postings = nids[order].copy()
        counts = np.bincount(kids, minlength=len(key_ids)) if len(kids) else np.zeros(len(key_ids), dtype=np.int64)
        self.offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)

    def __getstate__(self):
        d = self.__dict__.copy()
        d["_acc"] = None
        return d

    # ------------------------------------------------------------------ retrieval

    def retrieve(self, keys: set[str], *, budget: int, prescore_k: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``prescore_k`` name ids with the highest IDF weight of shared keys, and their weights."""
        n = len(self.names)
        found = []
        for k in keys:
            kid = self.key_ids.get(k)
            if kid is not None:
                s, e = int(self.offsets[kid]), int(self.offsets[kid + 1])
                if e > s:
                    found.append((e - s, s, e))
        if not found:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        found.sort()
        if self._acc is None or len(self._acc) != n:
            self._acc = np.zeros(n, dtype=np.float32)
        acc = self._acc
        used, parts = 0, []
        for j, (df, s, e) in enumerate(found):
            if j > 0 and (used + df > budget or df > 0.25 * n):
                break  # too common: the rarer keys already name the candidates
            p = self.postings[s : min(e, s + budget)]
            acc[p] += math.log(1.0 + n / df)
            parts.append(p)
            used += len(p)
        touched = parts[0] if len(parts) == 1 else np.concatenate(parts)
        weights = acc[touched]
        kth = prescore_k * 4  # a name shares several keys, so it is in ``touched`` several times
        if len(touched) > kth:
            top = np.argpartition(-weights, kth)[:kth]
            ids, w = touched[top], weights[top]
        else:
            ids, w = touched, weights
        acc[touched] = 0.0  # reset the scratch accumulator
        ids, first = np.unique(ids, return_index=True)
        w = w[first]
        if len(ids) > prescore_k:
            keep = np.argpartition(-w, prescore_k)[:prescore_k]
            ids, w = ids[keep], w[keep]
        return ids, w


# --------------------------------------------------------------------------- the index


class NameIndex:
    """Candidate index over the names of units, persons and organisations.

    ``records`` are plain ``(entity_type, entity_id, name, name_kind)`` tuples, optionally with a
    fifth item: a dict of the entity's features for the comparer (for persons ``dob_b``,
    ``sex_b``, ``country_b``). Where they come from is not the index's business: the evidence
    base's loader is :class:`forcecheck.store.names.StoreNames` (see :meth:`from_source`).
    ``algorithm`` names the registry's algorithm whose matchers key and compare each type."""

    def __init__(
        self,
        records: Iterable[Sequence[Any]] = (),
        *,
        specs: dict[str, Matcher] | None = None,
        algorithm: str | None = None,
        budget: int = 200_000,
        prescore_k: int = 200,
        full_k: int = 12,
    ):
        self.algorithm = registry.algorithm(algorithm).name
        self.specs = specs or default_specs(self.algorithm)
        self.budget, self.prescore_k, self.full_k = budget, prescore_k, full_k
        self.subs: dict[str, _SubIndex] = {}
        self.full_compares = 0  # how many times the full comparer ran (for tests and benchmarks)
        self.signature: str | None = None
        self._lock = threading.Lock()
        self._build(records)

    def _build(self, records: Iterable[Sequence[Any]]) -> None:
        by_type: dict[str, list[tuple[str, str, str | None, dict | None]]] = {}
        for rec in records:
            et, eid, name = rec[0], rec[1], rec[2]
            if et not in self.specs:
                raise ValueError(f"unknown entity type {et!r} (expected one of {', '.join(self.specs)})")
            if not name or not str(name).strip():
                continue
            by_type.setdefault(et, []).append(
                (str(eid), str(name), rec[3] if len(rec) > 3 else None, rec[4] if len(rec) > 4 else None)
            )
        for et, rows in by_type.items():
            sub = _SubIndex(et)
            sub.build(rows, self.specs[et])
            self.subs[et] = sub

    def __len__(self) -> int:
        return sum(len(s) for s in self.subs.values())

    def __getstate__(self):
        d = self.__dict__.copy()
        d.pop("_lock", None)
        d.pop("specs", None)  # functions are looked up again on load
        return d

    def __setstate__(self, d):
        self.__dict__.update(d)
        self._lock = threading.Lock()
        self.specs = default_specs(d.get("algorithm"))

    # ------------------------------------------------------------------ from a name source

    @classmethod
    def from_source(cls, source: Any, *, cache_dir: str | Path | None = None, **options: Any) -> NameIndex:
        """Index the records a name source yields (iterating it), e.g. the evidence base's
        :class:`forcecheck.store.names.StoreNames`.

        With ``cache_dir``, the source must also have ``signature()``: a string that changes
        whenever its names do (the store's: name count, last audit hash, kinds). The built index
        is kept in a pickle named after it (with the index options), loaded from there while the
        source is unchanged, and older pickles in the directory are removed."""
        if cache_dir is None:
            return cls(iter(source), **options)
        algo = registry.algorithm(options.get("algorithm")).name
        signature = hashlib.sha256(
            f"{INDEX_FORMAT}|{algo}|{source.signature()}|{sorted(options.items())}".encode()
        ).hexdigest()[:20]
        path = Path(cache_dir) / f"nameindex-{signature}.pkl"
        if path.exists():
            try:
                idx = cls.load(path)
            except (OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError):
                idx = None  # unreadable or from older code: build again
            if idx is not None and idx.signature == signature:
                return idx
        idx = cls(iter(source), **options)
        idx.signature = signature
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        for old in Path(cache_dir).glob("nameindex-*.pkl"):  # indexes of earlier states of the base
            old.unlink(missing_ok=True)
        idx.save(path)
        return idx

    def save(self, path: str | Path) -> None:
        """Write atomically, readable by the owner only: the index holds birth dates (personal data)."""
        path = Path(path)
        tmp = path.with_name(f".{path.name}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(self, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)

    @classmethod
    def load(cls, path: str | Path) -> NameIndex:
        with Path(path).open("rb") as fh:
            idx = pickle.load(fh)
        if not isinstance(idx, cls):
            raise ValueError(f"{path} does not hold a NameIndex")
        return idx

    # ------------------------------------------------------------------ search

    def _types(self, kind: str | Iterable[str]) -> list[str]:
        if isinstance(kind, str):
            if kind == "any":
                return list(ENTITY_TYPES)
            kinds = [kind]
        else:
            kinds = list(kind)
        for k in kinds:
            if k not in ENTITY_TYPES:
                raise ValueError(f"unknown kind {k!r} (expected person, unit, organization or any)")
        return kinds

    def search(
        self,
        query: str,
        *,
        kind: str | Iterable[str] = "person",
        limit: int = 10,
        threshold: float | None = None,
        **features: Any,
    ) -> list[Candidate]:
        """The best ``limit`` candidates (one per entity, its best-matching name), best first.

        ``threshold=None`` keeps the comparer's matches (``is_match``, the kind's default
        threshold); a number keeps every candidate scoring at least that. ``features`` go to
        the comparer (persons: ``dob``, ``sex``, ``country`` of the query)."""
        q = check_query(query)
        if limit < 1:
            raise ValueError("limit must be at least 1")
        out: list[Candidate] = []
        for et in self._types(kind):
            sub = self.subs.get(et)
            if sub is None or not len(sub):
                continue
            out.extend(self._search_sub(sub, q, limit=limit, threshold=threshold, features=features))
        out.sort(key=lambda c: -c.match.score)  # stable: equal scores keep each type's own order
        return out[:limit]

    def _search_sub(
        self, sub: _SubIndex, q: str, *, limit: int, threshold: float | None, features: dict[str, Any]
    ) -> list[Candidate]:
        spec = self.specs[sub.entity_type]
        keys = spec.keys(q)
        with self._lock:
            ids, weights = sub.retrieve(keys, budget=self.budget, prescore_k=self.prescore_k)
        if not len(ids):
            return []
        full_k = max(self.full_k, limit + 2)
        if len(ids) > full_k:
            # cheap pre-score: key weight and rapidfuzz similarity of the canonical forms, in any
            # order (token set: a shortened name is close) and as a whole (token sort: a name
            # with an extra qualifier is less close than the bare one)
            qc = spec.canon(q)
            choices = [sub.canon[i] for i in ids.tolist()]
            rf_set = process.cdist([qc], choices, scorer=fuzz.token_set_ratio, dtype=np.float32)[0]
            rf_sort = process.cdist([qc], choices, scorer=fuzz.token_sort_ratio, dtype=np.float32)[0]
            pre = 0.5 * (weights / max(float(weights.max()), 1e-9)) + (rf_set + rf_sort) / 400.0
            ids = ids[np.argsort(-pre, kind="stable")]
        # The full comparer runs on the best ``full_k`` distinct names: entities that share a name
        # (and the features the comparer reads) share its result, so namesakes cost one comparison
        # and do not crowd other names out of the ``full_k``.
        groups: dict[tuple[str, tuple], list[int]] = {}
        names, sfeats = sub.names, sub.features
        for i in ids.tolist():
            feats = sfeats.get(i) if sfeats else None
            key = (names[i], tuple(sorted(feats.items())) if feats else ())
            g = groups.get(key)
            if g is None:
                if len(groups) >= full_k:
                    continue
                groups[key] = g = []
            g.append(i)
        best: dict[str, Candidate] = {}
        for (name, _), members in groups.items():
            feats = sub.features.get(members[0])
            m = spec.compare(q, name, **features, **(feats or {}))
            self.full_compares += 1
            if (m.score < threshold) if threshold is not None else not m.is_match:
                continue
            for n, i in enumerate(members):
                eid = sub.entity_ids[i]
                old = best.get(eid)
                if old is None or m.score > old.match.score:
                    best[eid] = Candidate(sub.entity_type, eid, name, m if n == 0 else copy.copy(m), sub.name_kinds[i])
        # best first; equal scores keep the pre-score order (the closer canonical form first)
        return sorted(best.values(), key=lambda c: -c.match.score)[:limit]

    def search_many(
        self,
        queries: Iterable[str | dict[str, Any]],
        *,
        kind: str | Iterable[str] = "person",
        limit: int = 10,
        threshold: float | None = None,
    ) -> list[list[Candidate]]:
        """``search`` for each query, in order. A query is a name, or a dict with ``name`` (or
        ``query``) plus its own ``kind`` and features (``dob``, ``sex``, ``country``...).
        A bad query raises ValueError naming its position."""
        out: list[list[Candidate]] = []
        for n, q in enumerate(queries, start=1):
            try:
                if isinstance(q, dict):
                    d = dict(q)
                    name = d.pop("name", None) or d.pop("query", None)
                    k = d.pop("kind", kind)
                    out.append(
                        self.search(
                            name, kind=k, limit=d.pop("limit", limit), threshold=d.pop("threshold", threshold), **d
                        )
                    )
                else:
                    out.append(self.search(q, kind=kind, limit=limit, threshold=threshold))
            except ValueError as e:
                raise ValueError(f"query {n}: {e}") from None
        return out
