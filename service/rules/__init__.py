"""Deterministic rules after the model: assembly into records, speakers, completion, figures."""
