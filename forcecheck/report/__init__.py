"""Report: what the evidence base says, for people (pages, reports) and machines (exports)."""
