"""Vet: the vetting workflow (batches, checks, decisions, duty to inform)."""
