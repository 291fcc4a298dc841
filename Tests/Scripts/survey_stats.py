#!/usr/bin/env python3
"""Mini-survey item statistics computed independently of Coachwork, with Python's statistics module and scipy.

Argument: a JSON object {"answers": [2, null, 1, ...], "invited": 7, "threshold": 3}; null is "can't say".
Prints one JSON object: n, cantSay, responseRate, mean, sd (sample, n - 1), ciLower / ciUpper (Student's t,
95%, clamped to -3..3; null without scipy or for n < 2), shareImproved, shareDeclined, distribution (-3..3).
"""
import json
import statistics
import sys


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    values = [a for a in spec["answers"] if a is not None]
    n, invited = len(values), spec["invited"]
    out = {"n": n, "cantSay": len(spec["answers"]) - n, "responseRate": n / invited if invited else 0}
    if n:
        out["mean"] = statistics.fmean(values)
        out["shareImproved"] = sum(v > 0 for v in values) / n
        out["shareDeclined"] = sum(v < 0 for v in values) / n
        out["distribution"] = [values.count(v) for v in range(-3, 4)]
    if n >= 2:
        out["sd"] = statistics.stdev(values)
        try:
            from scipy import stats
            half = stats.t.ppf(0.975, n - 1) * out["sd"] / n ** 0.5
            out["ciLower"], out["ciUpper"] = max(out["mean"] - half, -3), min(out["mean"] + half, 3)
        except ImportError:
            out["ciLower"] = out["ciUpper"] = None
    print(json.dumps(out))


if __name__ == "__main__":
    main()
