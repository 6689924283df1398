# Watchlists: the OFAC SDN list (invented example entries here; give the real folder for the real list),
# then the evidence base out as FollowTheMoney entities, full and public.
$FC import ofac examples/ofac_example
$FC export ftm --out "${DEMO_OUT:-/tmp}/forcecheck.ftm.jsonl"
$FC export ftm --public --out "${DEMO_OUT:-/tmp}/forcecheck.public.ftm.jsonl"
