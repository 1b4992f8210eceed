"""Median, 75th percentile, maximum: the summary of a list of numbers."""

from __future__ import annotations

from collections.abc import Sequence


def quantile(values: Sequence[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default, Excel's PERCENTILE.INC).

    The value at rank q * (n - 1) of the sorted values; a single value is
    every quantile of itself; no values: None.
    """
    if not values:
        return None
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    fraction = position - low
    return float(ordered[low] + (ordered[high] - ordered[low]) * fraction)


def median(values: Sequence[float]) -> float | None:
    return quantile(values, 0.5)


def p75(values: Sequence[float]) -> float | None:
    return quantile(values, 0.75)


def maximum(values: Sequence[float]) -> float | None:
    return float(max(values)) if values else None


def share(part: int, whole: int) -> float | None:
    """part / whole, or None (no data) when there is nothing to count."""
    return part / whole if whole else None
