# Step 40: review a claim and take it back. Every extracted field is shown in plain words; a --set
# value that does not fit the claim's schema is refused (nothing written); an accepted claim can be
# retracted with a reason: it stays in the history, its perpetrator links leave the evidence, and the
# entities it touched are listed for the vetting workflow.
HERCULES=$($FC review list --type incident --json | .venv/bin/python -c '
import json, sys
print(next(v["id"] for v in json.load(sys.stdin) if "Grupo Hercules" in (v["sentence"] or "")))')
echo
echo "== review show: the Grupo Hercules killing, every field"
$FC review show "$HERCULES"
echo "== a count must be a number: refused, nothing written"
$FC review accept "$HERCULES" --set victims.count=three || true
echo "== accepted, then the unit screens with the incident"
$FC --actor demo review accept "$HERCULES" --set victims.count=3
$FC screen "Grupo Hercules" --kind unit --top 1
echo "== retracted with a reason: the claim stays (status retracted), the unit no longer screens with it"
$FC --actor demo review retract "$HERCULES" --reason "demo: the reviewer takes the acceptance back"
$FC screen "Grupo Hercules" --kind unit --top 1
