"""Match: name analysis and comparison for persons and units, and the candidate index."""
