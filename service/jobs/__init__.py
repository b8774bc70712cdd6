"""Jobs: articles submitted now and collected later, run by workers from a queue."""
