"""From a request to a response: the structurer, its result cache and its model gate."""
