"""The shared vocabulary: the contract's records, what strategies return, spans, errors."""
