"""``forcecheck import ofac PATH``: the OFAC SDN list in OFAC's legacy CSV format.

``PATH`` is the folder or ``sdn.csv`` (or any of its side files); ``alt.csv`` (aliases),
``add.csv`` (addresses) and ``sdn_comments.csv`` (remarks spill-over) are read from beside
``sdn.csv`` when they are there. The files have no header, write nulls as ``-0-``, end lines
in CRLF and end with a 0x1A byte; they must be ASCII.

Each SDN entry becomes:

* a Person (``individual``) or an Organization (anything else: ``vessel`` -> vessel,
  ``aircraft`` -> aircraft, an entity with a legal-form suffix -> company, else other);
* its primary Name (kind ``primary``), every alias of ``alt.csv`` (kind aka/fka/nka as
  given) and the "weak" a.k.a.s OFAC keeps in the remarks (``a.k.a. 'EL CHAPO'``, kind
  ``weak``). Individuals' names ``SURNAMES, Given names`` are split into given names and
  paternal/maternal surnames (exactly two surname words) or one paternal surname string
  (a.k.a./f.k.a./n.k.a. in the remarks all count as weak);
* identifiers from the remarks (passport, C.U.R.P., R.F.C., cedula, national ID...)
  as Identifier rows (personal data);
* a ListEntry ("OFAC SDN", ``entry_ref`` = ent_num) with its programs, title, remarks
  (joined with ``sdn_comments.csv``), countries (addresses, nationality, citizenship) and
  the addresses and vessel data in ``meta``;
* one accepted, high-confidence Claim (``list_entry``) cited to the list's Source (one per
  snapshot, identified by the SHA-256 of ``sdn.csv``) at the entry's row.

Date of birth (first ``DOB`` -> partial ISO date), place of birth, gender and nationality
are read from the remarks into the Person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followthemoney import registry

from ... import vocab
from ...errors import InputError
from ...ids import content_hash, make_id
from ...names import name_parts
from ...progress import Progress
from ...store.models import Citation, Claim, Identifier, ListEntry, Name, Organization, Person, Source
from .tabular import Field, iter_rows

KIND = "ofac"
DESCRIPTION = "OFAC SDN list, legacy CSV (sdn.csv with alt.csv, add.csv, sdn_comments.csv beside it)"

LIST_NAME = "OFAC SDN"
MADE_BY = "import:ofac"
SOURCE_TITLE = "OFAC Specially Designated Nationals (SDN) list"
SOURCE_PUBLISHER = "US Treasury OFAC"
SOURCE_URL = "https://www.treasury.gov/ofac/downloads/sdn.csv"

FILES = ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")
SDN_COLUMNS = [
    "ent_num",
    "SDN_Name",
    "SDN_Type",
    "Program",
    "Title",
    "Call_Sign",
    "Vess_type",
    "Tonnage",
    "GRT",
    "Vess_flag",
    "Vess_owner",
    "Remarks",
]
ALT_COLUMNS = ["ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks"]
ADD_COLUMNS = ["ent_num", "add_num", "address", "city_state_postal", "country", "add_remarks"]
COMMENT_COLUMNS = ["ent_num", "remarks_extended"]

SDN_TYPES = {"individual": "individual", "vessel": "vessel", "aircraft": "aircraft", None: "entity"}
ALT_TYPES = ("aka", "fka", "nka")

#: Identifier labels OFAC uses in the remarks -> our scheme (longest label wins): data, in
#: ``vocab/identifier_schemes.csv`` (column ``ofac_labels``).
IDENTIFIER_LABELS: tuple[tuple[str, str], ...] = tuple(
    (label, row["code"]) for row in vocab.load("identifier_schemes") for label in vocab.terms(row["ofac_labels"])
)
_ID_LABELS = sorted(IDENTIFIER_LABELS, key=lambda p: -len(p[0]))

#: Entity names with one of these legal forms are companies.
_LEGAL_FORM = re.compile(
    r"(?:^|[\s,])(?:S\.?\s?A\.?(?:\s+DE\s+C\.?\s?V\.?)?|S\.?\s?DE\s+R\.?\s?L\.?(?:\s+DE\s+C\.?\s?V\.?)?|S\.?A\.?S\.?|S\.?R\.?L\.?|S\.?L\.?|"
    r"LTDA?\.?|LIMITED|L\.?L\.?C\.?|INC\.?|INCORPORATED|CORP\.?|CORPORATION|CO\.|COMPANY|GMBH|AG|B\.?V\.?|N\.?V\.?|PLC|"
    r"LLP|L\.?P\.?|JSC|OJSC|PJSC|CJSC|OOO|OAO|ZAO|FZE|FZCO|FZ-LLC|S\.?P\.?A\.?|PTE|PTY|SDN\.?\s?BHD\.?|E\.?I\.?R\.?L\.?)(?=$|[\s,.;)])",
    re.IGNORECASE,
)
_MONTHS = {
    m: i
    for i, m in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], start=1)
}
_DATE = re.compile(r"(?:(\d{1,2})\s+)?(?:([A-Z][a-z]{2})\s+)?(\d{4})")
_ALIAS_IN_REMARKS = re.compile(r"^([afn])\.k\.a\.,?\s+['\"](.+)['\"]$")
_SEX = {"male": "male", "female": "female"}


@dataclass
class Parsed:
    sdn_path: Path
    files: dict[str, dict[str, Any]]
    entries: int
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


# --------------------------------------------------------------------------- reading


def _locate(path: Path) -> Path:
    if path.is_dir():
        sdn = path / "sdn.csv"
    elif path.name.lower() in FILES:
        sdn = path.parent / "sdn.csv"
        if path.name.lower() == "sdn.csv":
            sdn = path
    else:
        sdn = path
    if not sdn.exists():
        raise InputError("no sdn.csv here (give the folder of OFAC's legacy CSV files or its sdn.csv)", file=str(sdn))
    return sdn


def _check_ascii(path: Path, columns: list[str]) -> None:
    """OFAC's legacy files are ASCII: name the row and the field of the first other byte."""
    data = path.read_bytes()
    m = re.search(rb"[^\x00-\x7f]", data)
    if not m:
        return
    pos = m.start()
    line_start = data.rfind(b"\n", 0, pos) + 1
    fieldno, quoted = 0, False
    for ch in data[line_start:pos]:
        if ch == 0x22:
            quoted = not quoted
        elif ch == 0x2C and not quoted:
            fieldno += 1
    raise InputError(
        f"is not ASCII (byte 0x{data[pos]:02x} at offset {pos})",
        file=str(path),
        row=data[:pos].count(b"\n") + 1,
        field=columns[min(fieldno, len(columns) - 1)],
    )


def _rows(path: Path, columns: list[str]):
    _check_ascii(path, columns)
    for rowno, values in iter_rows(path, columns=columns, header=False, strip_eof=True, encoding="ascii"):
        yield Field(path, rowno, values)


def _val(f: Field, col: str) -> str | None:
    v = f.text(col)
    return None if v is None or v == "-0-" else v


def _ent_num(f: Field, known: dict[int, Any] | None = None) -> int:
    v = _val(f, "ent_num")
    if v is None:
        raise f.err("ent_num", "is empty but required")
    if not v.isdigit():
        raise f.err("ent_num", f"not a whole number: {v!r}")
    n = int(v)
    if known is not None and n not in known:
        raise f.err("ent_num", f"entry {n} is not in sdn.csv")
    return n


# --------------------------------------------------------------------------- parsing values


def country_code(name: str | None) -> str | None:
    """'Mexico' -> 'mx'; None when the name is no country."""
    if not name:
        return None
    return registry.country.clean(name.strip())


def partial_date(text: str) -> str | None:
    """'04 Apr 1957' -> '1957-04-04', 'Apr 1957' -> '1957-04', 'circa 1960' -> '1960' (the first date)."""
    m = _DATE.search(text)
    if not m:
        return None
    day, mon, year = m.group(1), m.group(2), m.group(3)
    if mon and mon not in _MONTHS:
        return year
    if mon and day:
        return f"{year}-{_MONTHS[mon]:02d}-{int(day):02d}"
    if mon:
        return f"{year}-{_MONTHS[mon]:02d}"
    return year


def split_person_name(name: str) -> dict[str, str | None]:
    """'GUZMAN LOERA, Joaquin' -> given 'Joaquin', paternal 'GUZMAN', maternal 'LOERA', by the one
    person-name analyser (``forcecheck.names``): particles stay with their surname ('AL KALAI' is
    one surname), titles are not given names ('Shaykh'), a single word is neither."""
    return name_parts(name)


def parse_remarks(remarks: str | None) -> dict[str, Any]:
    """The structured parts of OFAC's Remarks: DOBs, POBs, nationality, gender, ids, weak a.k.a.s."""
    out: dict[str, Any] = {
        "dob": [],
        "pob": [],
        "nationality": [],
        "citizen": [],
        "gender": None,
        "identifiers": [],
        "aliases": [],
        "linked_to": [],
    }
    if not remarks:
        return out
    for part in re.split(r";\s+", remarks.strip()):
        p = part.strip()
        p = p[:-1] if p.endswith(".") else p
        p = re.sub(r"^(?:alt\.|Alt\.)\s+", "", p)
        if not p:
            continue
        m = _ALIAS_IN_REMARKS.match(p)
        if m:
            out["aliases"].append(("weak", m.group(2).strip()))  # OFAC keeps its low-quality ("weak") a.k.a.s here
        elif p.startswith("DOB "):
            out["dob"].append(p[4:].strip())
        elif p.startswith("POB "):
            out["pob"].append(p[4:].strip())
        elif p.lower().startswith("nationality "):
            out["nationality"].append(p[12:].strip())
        elif p.lower().startswith("citizen "):
            out["citizen"].append(p[8:].strip())
        elif p.startswith("Gender "):
            out["gender"] = _SEX.get(p[7:].strip().lower())
        elif p.startswith("Linked To: "):
            out["linked_to"].append(p[11:].strip())
        else:
            for label, scheme in _ID_LABELS:
                if p.startswith(label + " ") or p.startswith(label + "#"):
                    rest = p[len(label) :].strip()
                    rest = re.sub(r"^(?:No\.?|#|Number)\s*", "", rest)
                    rest = re.split(r"\s+(?:issued|expires)\b", rest, maxsplit=1)[0].strip()
                    mc = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", rest)
                    value, country = (mc.group(1).strip(), mc.group(2).strip()) if mc else (rest, None)
                    if value:
                        out["identifiers"].append((scheme, value, country))
                    break
    return out


def _org_type(sdn_type: str | None, name: str) -> str:
    if sdn_type in ("vessel", "aircraft"):
        return sdn_type
    return "company" if _LEGAL_FORM.search(name) else "other"


# --------------------------------------------------------------------------- parse


def parse(path: Path, progress: Progress) -> Parsed:
    sdn_path = _locate(Path(path))
    folder = sdn_path.parent
    files: dict[str, dict[str, Any]] = {}

    entries: dict[int, dict[str, Any]] = {}
    progress.start(None, "reading sdn.csv")
    for f in _rows(sdn_path, SDN_COLUMNS):
        n = _ent_num(f)
        if n in entries:
            raise f.err("ent_num", f"entry {n} appears twice (first in row {entries[n]['row']})")
        name = _val(f, "SDN_Name")
        if name is None:
            raise f.err("SDN_Name", "is empty but required")
        raw_type = _val(f, "SDN_Type")
        if raw_type not in SDN_TYPES:
            raise f.err("SDN_Type", f"{raw_type!r} is not one of individual, vessel, aircraft or -0- (entity)")
        programs = [p.strip(" []") for p in (_val(f, "Program") or "").split("] [") if p.strip(" []")]
        entries[n] = {
            "row": f.row,
            "name": name,
            "type": SDN_TYPES[raw_type],
            "programs": programs,
            "title": _val(f, "Title"),
            "remarks": _val(f, "Remarks"),
            "vessel": {
                k: _val(f, c)
                for k, c in (
                    ("call_sign", "Call_Sign"),
                    ("type", "Vess_type"),
                    ("tonnage", "Tonnage"),
                    ("grt", "GRT"),
                    ("flag", "Vess_flag"),
                    ("owner", "Vess_owner"),
                )
            },
            "aliases": [],
            "addresses": [],
        }
        progress.advance()
    files["sdn.csv"] = {"sha256": content_hash(sdn_path.read_bytes()), "rows": len(entries)}

    side = {name: folder / name for name in FILES[1:] if (folder / name).exists()}
    if "alt.csv" in side:
        n_rows = 0
        for f in _rows(side["alt.csv"], ALT_COLUMNS):
            n = _ent_num(f, entries)
            alt_num = _val(f, "alt_num")
            if alt_num is None or not alt_num.isdigit():
                raise f.err("alt_num", f"not a whole number: {alt_num!r}")
            kind = _val(f, "alt_type")
            if kind not in ALT_TYPES:
                raise f.err("alt_type", f"{kind!r} is not one of {', '.join(ALT_TYPES)}")
            alt_name = _val(f, "alt_name")
            if alt_name is None:
                raise f.err("alt_name", "is empty but required")
            entries[n]["aliases"].append(
                {"alt_num": int(alt_num), "kind": kind, "name": alt_name, "remarks": _val(f, "alt_remarks")}
            )
            n_rows += 1
        files["alt.csv"] = {"sha256": content_hash(side["alt.csv"].read_bytes()), "rows": n_rows}
    if "add.csv" in side:
        n_rows = 0
        for f in _rows(side["add.csv"], ADD_COLUMNS):
            n = _ent_num(f, entries)
            add_num = _val(f, "add_num")
            if add_num is None or not add_num.isdigit():
                raise f.err("add_num", f"not a whole number: {add_num!r}")
            addr = {
                "add_num": int(add_num),
                "address": _val(f, "address"),
                "city": _val(f, "city_state_postal"),
                "country": _val(f, "country"),
                "remarks": _val(f, "add_remarks"),
            }
            entries[n]["addresses"].append({k: v for k, v in addr.items() if v is not None})
            n_rows += 1
        files["add.csv"] = {"sha256": content_hash(side["add.csv"].read_bytes()), "rows": n_rows}
    if "sdn_comments.csv" in side:
        n_rows = 0
        for f in _rows(side["sdn_comments.csv"], COMMENT_COLUMNS):
            n = _ent_num(f, entries)
            extra = _val(f, "remarks_extended")
            if extra:
                entries[n]["remarks"] = (entries[n]["remarks"] or "") + extra
            n_rows += 1
        files["sdn_comments.csv"] = {"sha256": content_hash(side["sdn_comments.csv"].read_bytes()), "rows": n_rows}

    parsed = Parsed(sdn_path=sdn_path, files=files, entries=len(entries))
    parsed.tables = _build(parsed, entries)
    return parsed


def _build(parsed: Parsed, entries: dict[int, dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    sha = parsed.files["sdn.csv"]["sha256"]
    source_id = make_id("source", "ofac-sdn", sha)
    t: dict[str, list[dict[str, Any]]] = {
        k: [] for k in ("source", "claim", "citation", "person", "organization", "name", "identifier", "list_entry")
    }
    t["source"].append(
        {
            "id": source_id,
            "kind": "watchlist",
            "title": SOURCE_TITLE,
            "publisher": SOURCE_PUBLISHER,
            "url": SOURCE_URL,
            "language": "en",
            "country": "us",
            "content_hash": sha,
            "restricted": False,
            "path": str(parsed.sdn_path),
            "meta": {"list_name": LIST_NAME, "format": "OFAC legacy CSV", "files": parsed.files},
        }
    )
    for n in sorted(entries):
        e = entries[n]
        rem = parse_remarks(e["remarks"])
        claim_id = make_id("claim", "ofac-sdn", n)
        entry_id = make_id("list_entry", "ofac-sdn", n)
        is_person = e["type"] == "individual"
        owner_id = make_id("person" if is_person else "organization", "ofac-sdn", n)
        owner_key = "person_id" if is_person else "organization_id"
        address_countries = [c for c in (country_code(a.get("country")) for a in e["addresses"]) if c]
        nationalities = [c for c in (country_code(x) for x in rem["nationality"] + rem["citizen"]) if c]
        flag = country_code(e["vessel"]["flag"])
        countries = sorted(set(address_countries) | set(nationalities) | ({flag} if flag else set()))

        t["claim"].append(
            {
                "id": claim_id,
                "kind": "list_entry",
                "status": "accepted",
                "confidence": "high",
                "made_by": MADE_BY,
                "subject_table": "list_entry",
                "subject_id": entry_id,
            }
        )
        t["citation"].append(
            {
                "id": make_id("citation", source_id, n),
                "claim_id": claim_id,
                "source_id": source_id,
                "row": e["row"],
                "locator": str(n),
            }
        )
        if is_person:
            t["person"].append(
                {
                    "id": owner_id,
                    "name": e["name"],
                    **split_person_name(e["name"]),
                    "sex": rem["gender"],
                    "birth_date": next((d for d in (partial_date(x) for x in rem["dob"]) if d), None),
                    "birth_place": rem["pob"][0] if rem["pob"] else None,
                    "nationality": nationalities[0] if nationalities else None,
                    "country": address_countries[0]
                    if address_countries
                    else (nationalities[0] if nationalities else None),
                    "claim_id": claim_id,
                }
            )
        else:
            t["organization"].append(
                {
                    "id": owner_id,
                    "name": e["name"],
                    "org_type": _org_type(e["type"], e["name"]),
                    "country": flag
                    or (address_countries[0] if address_countries else (nationalities[0] if nationalities else None)),
                    "claim_id": claim_id,
                }
            )

        def name_row(key: tuple[Any, ...], text: str, kind: str) -> dict[str, Any]:
            row = {
                "id": make_id("name", "ofac-sdn", n, *key),
                "unit_id": None,
                "person_id": None,
                "organization_id": None,
                owner_key: owner_id,
                "name": text,
                "kind": kind,
                "lang": None,
                "claim_id": claim_id,
            }
            row.update(
                split_person_name(text)
                if is_person
                else {"given_names": None, "paternal_surname": None, "maternal_surname": None}
            )
            return row

        t["name"].append(name_row(("primary",), e["name"], "primary"))
        seen = {("primary", e["name"])}
        for a in e["aliases"]:
            t["name"].append(name_row(("alt", a["alt_num"]), a["name"], a["kind"]))
            seen.add((a["kind"], a["name"]))
        for kind, text in rem["aliases"]:
            if (kind, text) not in seen and ("aka", text) not in seen:
                seen.add((kind, text))
                t["name"].append(name_row(("remarks", kind, text), text, kind))
        for scheme, value, country in rem["identifiers"]:
            t["identifier"].append(
                {
                    "id": make_id("identifier", "ofac-sdn", n, scheme, value),
                    "person_id": owner_id if is_person else None,
                    "organization_id": None if is_person else owner_id,
                    "scheme": scheme,
                    "value": value,
                    "country": country_code(country) or (country[:40] if country else None),
                    "claim_id": claim_id,
                }
            )
        meta: dict[str, Any] = {"sdn_type": e["type"], "addresses": e["addresses"]}
        vessel = {k: v for k, v in e["vessel"].items() if v}
        if vessel:
            meta["vessel"] = vessel
        for key in ("dob", "pob", "linked_to"):
            if rem[key]:
                meta[key] = rem[key]
        t["list_entry"].append(
            {
                "id": entry_id,
                "source_id": source_id,
                "list_name": LIST_NAME,
                "entry_ref": str(n),
                "person_id": owner_id if is_person else None,
                "organization_id": None if is_person else owner_id,
                "entry_type": e["type"],
                "programs": ";".join(e["programs"]) or None,
                "title": e["title"],
                "remarks": e["remarks"],
                "countries": ";".join(countries) or None,
                "meta": meta,
                "claim_id": claim_id,
            }
        )
    return t


# --------------------------------------------------------------------------- write


def write(session: Any, writer: Any, parsed: Parsed, progress: Progress) -> int:
    models = {
        "source": Source,
        "claim": Claim,
        "citation": Citation,
        "person": Person,
        "organization": Organization,
        "name": Name,
        "identifier": Identifier,
        "list_entry": ListEntry,
    }
    total = sum(len(rows) for rows in parsed.tables.values())
    progress.start(total, "writing OFAC SDN")
    for table, model in models.items():
        rows = parsed.tables[table]
        writer.put_many(model, rows)
        session.flush()
        progress.advance(len(rows))
    return parsed.entries
