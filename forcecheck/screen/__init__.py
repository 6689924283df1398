"""Screen: find what the evidence base and the watchlists hold against a person or unit, and why."""
