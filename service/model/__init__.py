"""Everything the model sees and the one client that talks to it, with its metering."""
