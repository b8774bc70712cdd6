"""Optimal one-to-one pairing: as many pairs as possible, then the most preferred ones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

# Preferences become integers so that the solver's arithmetic stays exact.
_SCALE: Final = 1000


def assign(preference: Sequence[Sequence[float | None]]) -> list[tuple[int, int]]:
    """Pair rows with columns one-to-one: the most pairs, then the highest total preference.

    `preference[r][c]` is None where row r and column c may not pair, else a preference
    in [0, 1]. Returns (row, column) pairs sorted by row.
    """
    rows = len(preference)
    cols = len(preference[0]) if rows else 0
    if rows == 0 or cols == 0:
        return []
    # A pair's bonus outweighs any sum of preferences, so cardinality comes first.
    bonus = min(rows, cols) * _SCALE + 1
    weights = [
        [0 if p is None else bonus + round(max(0.0, min(1.0, p)) * _SCALE) for p in row]
        for row in preference
    ]
    transposed = rows > cols
    if transposed:
        weights = [list(column) for column in zip(*weights, strict=True)]
    chosen = _hungarian([[-float(w) for w in row] for row in weights])
    pairs = [(c, r) if transposed else (r, c) for r, c in enumerate(chosen)]
    return sorted((r, c) for r, c in pairs if preference[r][c] is not None)


def _hungarian(cost: list[list[float]]) -> list[int]:
    """Column for each row minimising total cost; needs no more rows than columns."""
    # Kuhn-Munkres with potentials, O(n^2 m); index 0 is the algorithm's sentinel.
    n, m = len(cost), len(cost[0])
    state = _Potentials(
        u=[0.0] * (n + 1), v=[0.0] * (m + 1), owner=[0] * (m + 1), way=[0] * (m + 1)
    )
    for row in range(1, n + 1):
        col = _free_column_for(row, cost, state)
        while col:
            previous = state.way[col]
            state.owner[col] = state.owner[previous]
            col = previous
    chosen = [0] * n
    for j in range(1, m + 1):
        if state.owner[j]:
            chosen[state.owner[j] - 1] = j - 1
    return chosen


@dataclass
class _Potentials:
    """Row and column potentials, each column's row, and the path that reached each column."""

    u: list[float]
    v: list[float]
    owner: list[int]
    way: list[int]


def _free_column_for(row: int, cost: list[list[float]], state: _Potentials) -> int:
    """Grow a shortest alternating path from `row` to a free column; return that column."""
    m = len(state.v) - 1
    state.owner[0] = row
    col = 0
    slack = [float("inf")] * (m + 1)
    used = [False] * (m + 1)
    while True:
        used[col] = True
        current = state.owner[col]
        delta, nearest = float("inf"), 0
        for j in range(1, m + 1):
            if used[j]:
                continue
            reduced = cost[current - 1][j - 1] - state.u[current] - state.v[j]
            if reduced < slack[j]:
                slack[j] = reduced
                state.way[j] = col
            if slack[j] < delta:
                delta, nearest = slack[j], j
        for j in range(m + 1):
            if used[j]:
                state.u[state.owner[j]] += delta
                state.v[j] -= delta
            else:
                slack[j] -= delta
        col = nearest
        if state.owner[col] == 0:
            return col
