"""Text tools with no knowledge of records: sentences, spans, quotes, numbers, units, dates."""
