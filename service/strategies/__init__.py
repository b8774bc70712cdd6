"""Ways of asking the model for an article's records; the evals pick between them."""
