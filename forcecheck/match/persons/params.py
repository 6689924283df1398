"""Scoring parameters of the person and organisation scorers (weights of the hand scorer)."""

# Scoring parameters. Set by hand from the rules, then the weights and the thresholds were chosen by
# a small grid search (best mean F1) on name_bench and the *tuning* half of the OFAC pairs only;
# the held-out OFAC half and the SFM pairs were not used (benchmarks/match_accuracy_bench.py).
P = {
    "token_match": 0.78,  # per-token similarity from which two tokens are aligned
    "nickname": 0.95,
    "initial": 0.80,
    "truncation": 0.88,
    "short_form": 0.85,  # a prefix or suffix of 4+ letters: 'Femi'/'Olufemi', 'Alex'/'Alexander'
    "gendered": 0.30,  # masculine vs feminine form ('Mario'/'María'): a different name
    "phonetic": 0.93,
    "joined": 0.95,
    "fuzzy_k": 1.5,  # a fuzzy token pair counts 1 - k * (1 - similarity): near misses cost more than their raw distance
    "extra": 0.30,  # denominator weight of a token present on one side only
    "extra_single": 0.70,  # ... when only one token matched at all (a lone shared surname is weak evidence)
    "conflict": 3.00,  # denominator weight of a pair of different tokens in the same place
    "near_miss_power": 2.0,  # a conflict of similar tokens costs conflict * (1.5 - similarity) ** power
    "conflict_maternal": 2.00,  # ... when it is the maternal (second) surname: a conflict, a little weaker
    "surname_position": 0.75,  # factor when the only shared surname is paternal on one side, maternal on the other
    "crossed": 0.90,  # factor when the alignment crosses (token order differs) and neither side gave the order
    "org_extra": 0.70,  # organisations: a word present on one side only (a qualifier: 'Mexico', 'Trust')
    "org_conflict": 2.50,
    "org_number_conflict": 0.80,
    "org_form_conflict": 0.88,
    "order_swap": 0.92,  # factor when both sides have a known order and given/surname roles cross
    "single_token_cap": 0.62,  # cap when the whole match rests on one token of a multi-token name
    "alias_only": 0.85,  # a nickname alone ("El Chapo") found among the other side's names
    "dob_day_conflict": 0.45,
    "dob_year_conflict": 0.55,
    "dob_agree": 1.05,
    "country_conflict": 0.80,
    "sex_conflict": 0.75,
}
