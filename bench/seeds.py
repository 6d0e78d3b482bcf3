"""The seeds' Python equivalents, timed for the benchmark: map vs Pool.map of squares over
range(n), and sorted() vs chunks sorted in a process pool then heapq.merge. Prints JSON.

usage: python3 seeds.py N REPEATS
"""
import heapq
import json
import os
import random
import statistics
import sys
import time
from multiprocessing import Pool


def square(x):
    return x * x


def timed(work, repeats):
    """Runs work() `repeats` times; returns the last result and the times in milliseconds."""
    times = []
    result = None
    for _ in range(repeats):
        began = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - began) * 1e3)
    return result, times


def summary(times):
    return {"median_ms": statistics.median(times), "min_ms": min(times), "max_ms": max(times), "runs": len(times)}


def main():
    n, repeats = int(sys.argv[1]), int(sys.argv[2])
    workers = os.cpu_count() or 1
    inputs = list(range(n))
    rng = random.Random(42)
    data = [rng.getrandbits(32) for _ in range(n)]
    size = -(-n // workers)
    chunks = [data[i:i + size] for i in range(0, n, size)]
    with Pool(workers) as pool:
        expected, map_times = timed(lambda: list(map(square, inputs)), repeats)
        results, pool_map_times = timed(lambda: pool.map(square, inputs), repeats)
        assert results == expected
        reference, sorted_times = timed(lambda: sorted(data), repeats)
        merged, chunk_times = timed(lambda: list(heapq.merge(*pool.map(sorted, chunks))), repeats)
        assert merged == reference
    print(json.dumps({
        "python": sys.version.split()[0],
        "workers": workers,
        "n": n,
        "map": summary(map_times),
        "pool_map": summary(pool_map_times),
        "sorted": summary(sorted_times),
        "chunks_heapq_merge": summary(chunk_times),
    }))


if __name__ == "__main__":
    main()
