# Step 30: screening. A nominated commander (his posting at the time of an alleged incident), a unit
# (its hierarchy and commanders at the time), then a whole nomination batch against the evidence base
# and the OFAC list (examples/batch_example.csv: invented names), ranked hits written to CSV.
echo
echo "== screen a nominated person: the evidence walk explains every hit and cites every fact"
$FC screen "Cmdte. Juan Ejemplo" --unit "Policía Municipal de Iguala" --top 3
echo
echo "== screen a unit: Cocula's police is not Iguala's"
$FC screen "Policía Municipal de Cocula" --kind unit --top 3
echo
echo "== screen a nomination batch (personal data such as birth dates is used for scoring, not printed)"
$FC screen --batch examples/batch_example.csv --out "${DEMO_OUT:-/tmp}/forcecheck.screen.csv"
.venv/bin/python - "${DEMO_OUT:-/tmp}/forcecheck.screen.csv" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    if r["hit_kind"] == "none":
        print(f"  {r['subject']}: {r['query_name']!r} -> no hit")
    else:
        what = r["watchlist"] or f"{r['incident_dates']} {r['incident_place']}: {r['violations']}"
        print(f"  {r['subject']}: {r['query_name']!r} -> #{r['rank']} {r['severity']} {r['relation']} ({r['link']}) {r['entity_name']}: {what}")
PY
