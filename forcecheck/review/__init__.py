"""The review queue: a researcher accepts, edits, merges or rejects proposed claims.

Extraction stores *proposed* claims whose content is JSON (``Claim.payload``, the shape of
``ProposedClaim.as_dict()``). Nothing proposed counts as evidence: the rest of forcecheck reads
accepted claims and entity rows only. ``accept`` materialises the payload into entity rows
that point at the claim (``claim_id``); the claim's ``subject_table``/``subject_id`` point at
the main row:

* person -> Person + Name (primary, and aliases);       unit -> Unit + Name;
* armed_group -> Organization (org_type armed_group) + Name;  place -> Location;
* posting -> Posting (the person and the unit found by name or created). A posting whose
  holder is not named ("the mayor of Matamoros") stays proposed with a note until the
  reviewer sets ``person`` (``edits={"person": "..."}``);
* incident -> Incident + IncidentViolation (vocabulary codes, the source's words, GVHR) +
  IncidentPerpetrator (units, persons, armed groups found or created; or only the
  classification) + IncidentStatus (dated with the source's publication date);
* assistance -> Assistance (kind, donor, recipient text, amount, currency, quantity, period);
* certification, date, money -> the claim is accepted and stays a claim: certification
  statistics ("more than 10 percent ... failed") are not one person's Certification.

``retract`` takes an accepted claim back (with a reason): the claim stays, status
``retracted``; the rows it materialised leave the evidence; a ``ClaimRetraction`` row (the
audit log's *ClaimRetracted* event: an insert into ``claim_retraction``) lists the units,
persons, organizations and incidents it touched, for the vetting workflow to flag clearances
(``retractions_since``, ``entities_touched``). ``edit`` of an accepted claim = retract + a new
accepted claim with the changes, both kept. ``--set`` values are checked against the claim's
schema (``schema.py``) before anything is written.

``merge`` attaches a person/unit/armed-group mention to an entity already in the evidence base
as a Name alias (the claim's citation is the evidence). ``reject`` keeps the claim with its
reason. Every action records the reviewer and the time on the claim, and the session's audit
hook logs every row written.
"""

from .actions import accept, edit, merge, parse_assignments, reject
from .queue import ReviewError, citation_of, claim_view, get_claim, list_claims, mention_in_sentence
from .retract import entities_touched, retract, retractions_since, revise
from .schema import fields, plain, validate

__all__ = [
    "ReviewError",
    "accept",
    "citation_of",
    "claim_view",
    "edit",
    "entities_touched",
    "fields",
    "get_claim",
    "list_claims",
    "mention_in_sentence",
    "merge",
    "parse_assignments",
    "plain",
    "reject",
    "retract",
    "retractions_since",
    "revise",
    "validate",
]
