"""Percentiles per round, then the median of rounds: one noisy round cannot make a figure."""

import math
import statistics

STATS = ("p50", "p95", "p99", "max")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def round_stats(latencies_ms: list[float]) -> dict[str, float]:
    return {
        "p50": percentile(latencies_ms, 50),
        "p95": percentile(latencies_ms, 95),
        "p99": percentile(latencies_ms, 99),
        "max": max(latencies_ms),
    }


def median_of_rounds(rounds: list[list[float]]) -> dict[str, float]:
    per_round = [round_stats(r) for r in rounds]
    return {stat: statistics.median(r[stat] for r in per_round) for stat in STATS}


def fmt_ms(stats: dict[str, float]) -> str:
    return " / ".join(f"{stats[s]:.0f}" for s in STATS) + " ms"


def fmt_ratio(measured: dict[str, float], reference: dict[str, float]) -> str:
    return " / ".join(f"{measured[s] / reference[s]:.1f}x" for s in STATS)
