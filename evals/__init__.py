"""The evaluation harness: labelled cases, scoring against gold, and reports."""
