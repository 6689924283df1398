"""Extract: proposed claims from a cleaned document, each with the sentence that supports it."""
