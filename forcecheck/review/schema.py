"""What each kind of proposed claim holds (the payload of ``ProposedClaim.as_dict()``), how a
reviewer's ``--set`` values are checked against it, and how every field reads in plain words.

A field's type is one of: ``str`` (text or null), ``count`` (a whole number >= 0 or null),
``number`` (a number >= 0 or null), ``bool``, ``date`` (a partial ISO date: 2014, 2014-09,
2014-09-26), ``vocab:NAME`` (a code of vocab NAME), ``list:TYPE``, ``object`` (a nested schema),
``any`` (kept as given: lists of records the extractor writes for the reviewer to read).
A value that does not fit is refused with the field's name, the value and what is expected, and
nothing is written.
"""

from __future__ import annotations

import json
from typing import Any

from .. import vocab
from .queue import ReviewError

_COMMON = {"text": "str", "sentence": "str", "span": "any", "type": "str", "links": "any"}

SCHEMAS: dict[str, dict[str, Any]] = {
    "person": {
        "name": "str",
        "given_names": "str",
        "paternal_surname": "str",
        "maternal_surname": "str",
        "aliases": "list:str",
        "title": "str",
        "rank": "str",
    },
    "unit": {
        "name": "str",
        "classification": "vocab:unit_classifications",
        "government_level": "str",
        "place": "str",
        "country": "str",
        "kind": "str",
        "parent": "str",
        "aliases": "list:str",
        "abbreviation": "str",
    },
    "armed_group": {"name": "str", "aliases": "list:str"},
    "place": {"name": "str", "kind": "str", "country": "str", "state": "str"},
    "date": {"value": "date", "approx": "bool", "expression": "str"},
    "money": {"amount": "number", "currency": "str", "expression": "str"},
    "posting": {
        "person": "str",
        "role": "str",
        "title": "str",
        "unit": "str",
        "place": "str",
        "status": "str",
        "is_commander": "bool",
        "rank": "str",
    },
    "incident": {
        "title": "str",
        "violation_types": "list:vocab:violation_types",
        "source_words": "list:str",
        "perpetrator_units": "list:str",
        "perpetrator_persons": "list:str",
        "perpetrator_groups": "list:str",
        "perpetrator_classification": "str",
        "perpetrator_operations": "list:str",
        "persons_involved": "any",
        "victims": {"count": "count", "description": "str"},
        "place": "str",
        "date": "date",
        "date_approx": "bool",
        "status": "vocab:incident_statuses",
        "status_history": "any",
        "perpetrator_statuses": "any",
        "gvhr": "bool",
    },
    "assistance": {
        "donor": "str",
        "recipient": "str",
        "amount": "number",
        "currency": "str",
        "quantity": "count",
        "period": {"start": "date", "end": "date", "years": "count"},
        "kind": "vocab:assistance_kinds",
        "program": "str",
        "trainees": "str",
    },
    "certification": {"statistic": "str", "subject": "str", "outcome": "str", "place": "str"},
}


def schema_of(kind: str) -> dict[str, Any]:
    return {**_COMMON, **SCHEMAS.get(kind, {})}


def _fail(field: str, value: Any, expected: str) -> ReviewError:
    return ReviewError(
        f"{field}: {json.dumps(value, ensure_ascii=False, default=str)} is not {expected}; nothing was changed",
        field=field,
    )


def _coerce(field: str, kind: str, value: Any) -> Any:
    if kind == "any":
        return value
    if value is None or value == "":
        if kind == "bool":
            raise _fail(field, value, "true or false")
        return None
    if kind == "str":
        if isinstance(value, (dict, list)):
            raise _fail(field, value, "a text")
        return str(value)
    if kind == "count":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise _fail(field, value, f"a whole number of 0 or more (e.g. {field}=5)")
        return value
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise _fail(field, value, f"a number of 0 or more (e.g. {field}=2500000)")
        return value
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("yes", "no"):
            return value.lower() == "yes"
        raise _fail(field, value, "true or false")
    if kind == "date":
        from ..dates import normalize

        try:
            return normalize(str(value))
        except (ValueError, TypeError):
            raise _fail(field, value, "a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None
    if kind.startswith("vocab:"):
        name = kind.split(":", 1)[1]
        if str(value) not in vocab.codes(name):
            raise _fail(field, value, f"in vocabulary '{name}' ({', '.join(sorted(vocab.codes(name)))})")
        return str(value)
    if kind.startswith("list:"):
        inner = kind.split(":", 1)[1]
        items = value if isinstance(value, list) else [t.strip() for t in str(value).split(";") if t.strip()]
        return [_coerce(f"{field}[{i}]", inner, v) for i, v in enumerate(items)]
    raise ReviewError(f"{field}: unknown field type {kind}")  # pragma: no cover - a schema error


def validate(kind: str, changes: dict[str, Any]) -> dict[str, Any]:
    """``changes`` (dotted keys, as ``parse_assignments`` gives them) checked against the schema of
    a ``kind`` claim and coerced; raises ReviewError naming the first field that does not fit."""
    schema = schema_of(kind)
    out: dict[str, Any] = {}
    for key, value in changes.items():
        parts = key.split(".")
        node: Any = schema
        for depth, p in enumerate(parts):
            if not isinstance(node, dict) or p not in node:
                where = ".".join(parts[:depth]) or f"the {kind} claim"
                known = ", ".join(sorted(k for k in node if k not in _COMMON)) if isinstance(node, dict) else ""
                raise ReviewError(
                    f"{key}: {where} has no field {p!r}" + (f" (fields: {known})" if known else ""), field=key
                )
            node = node[p]
        if isinstance(node, dict):
            if not isinstance(value, dict):
                raise _fail(key, value, "an object (" + ", ".join(node) + ")")
            sub = validate_object(key, node, value)
            out[key] = sub
        else:
            out[key] = _coerce(key, node, value)
    return out


def validate_object(prefix: str, schema: dict[str, Any], value: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in value.items():
        if k not in schema:
            raise ReviewError(
                f"{prefix}.{k}: {prefix} has no field {k!r} (fields: {', '.join(schema)})", field=f"{prefix}.{k}"
            )
        out[k] = (
            validate_object(f"{prefix}.{k}", schema[k], v)
            if isinstance(schema[k], dict)
            else _coerce(f"{prefix}.{k}", schema[k], v)
        )
    return out


# --------------------------------------------------------------------------- plain values

NONE = "—"


def _label(name: str, code: Any) -> str:
    return vocab.label(name, str(code)) if code not in (None, "") else NONE


def plain(value: Any, key: str = "") -> str:
    """A payload value in plain words: no Python reprs, no None."""
    if value is None or value == "" or value == [] or value == {}:
        return NONE
    if isinstance(value, bool):
        return "yes" if value else "no"
    if key == "victims" and isinstance(value, dict):
        count, desc = value.get("count"), value.get("description")
        if count is None and not desc:
            return NONE
        return " — ".join(x for x in (str(count) if count is not None else "number not stated", desc) if x)
    if key == "persons_involved" and isinstance(value, list):
        return "; ".join(
            f"{r.get('name')} ({_label('incident_roles', r.get('role'))}"
            + (f": {r['evidence']}" if r.get("evidence") else "")
            + ")"
            for r in value
            if isinstance(r, dict)
        )
    if key == "status_history" and isinstance(value, list):
        out = []
        for h in value:
            if not isinstance(h, dict):
                continue
            who = (
                f" ({', '.join(h['perpetrators'])})"
                if h.get("perpetrators")
                else (" (some of the accused)" if h.get("partial") else "")
            )
            out.append(f"{_label('incident_statuses', h.get('status'))} {h.get('date') or 'undated'}{who}")
        return "; then ".join(out) or NONE
    if key == "violation_types" and isinstance(value, list):
        return ", ".join(_label("violation_types", v) for v in value)
    if key == "status" and isinstance(value, str) and value in vocab.codes("incident_statuses"):
        return _label("incident_statuses", value)
    if isinstance(value, list):
        return ", ".join(plain(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {plain(v, k)}" for k, v in value.items())
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return str(value)


#: The fields a reviewer must always see for an incident, even when empty.
ALWAYS = {
    "incident": (
        "violation_types",
        "perpetrator_units",
        "perpetrator_persons",
        "perpetrator_groups",
        "perpetrator_classification",
        "victims",
        "place",
        "date",
        "status",
    )
}
_HIDDEN = {"type", "sentence", "span", "text", "links", "source_words"}


def fields(kind: str, payload: dict[str, Any] | None) -> list[tuple[str, str]]:
    """Every extracted field of a claim as (name, plain value), schema order first."""
    p = payload or {}
    order = [k for k in schema_of(kind) if k not in _HIDDEN] + [
        k for k in p if k not in schema_of(kind) and k not in _HIDDEN
    ]
    out = []
    for k in order:
        if k in p or k in ALWAYS.get(kind, ()):
            v = p.get(k)
            if k not in ALWAYS.get(kind, ()) and v in (None, "", [], {}):
                continue
            out.append((k, plain(v, k)))
    if p.get("links"):
        out.append(("links", ", ".join(f"{k} -> {v}" for k, v in p["links"].items())))
    return out
