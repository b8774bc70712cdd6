"""The fact-structuring service: news article in, grounded records out."""
