#!/usr/bin/env python3
"""Throughput baseline: the seed's Python PFOF routing simulator.

What it measures
    Orders per second of ``PFOFRoutingSimulator`` from the "## 5. Mini-Project"
    section of the seed note (pfof-retail-execution.md). One timed run builds
    a fresh simulator, runs ``simulate_trading_day`` (n orders, strategies
    'best_execution' and 'maximize_revenue') and ``analyze_results`` (pandas
    DataFrame plus two groupby aggregations): all the work the seed does per
    order. The best of ``--repeat`` runs is reported.

Why
    The seed builds Python dicts per order and per venue, recomputes venue
    costs several times per order, draws numpy scalars one at a time and
    keeps every result as a Python object. That is the baseline against which
    the TypeScript simulator's 1000x throughput goal is measured.

How
    The seed code is not copied into this repo: it is extracted at run time
    (the first ```python block of section 5, up to the "# Run simulations"
    line, i.e. the imports, enums, dataclass and class) and exec()'d with the
    matplotlib backend set to Agg. Needs numpy, pandas and matplotlib (e.g.
    Debian's python3-pandas and python3-matplotlib).

    python3 benches/seed_python.py [SEED_MD] [--orders N] [--repeat R]

Prints one JSON line to stdout.
"""

import argparse
import json
import os
import platform
import sys
import time
import types
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED = (REPO_ROOT.parent / "shared" / "seed"
                / "pfof-retail-execution.md")
SECTION = "## 5. Mini-Project"
STOP_MARKER = "# Run simulations"
STRATEGIES = ["best_execution", "maximize_revenue"]


def extract_seed_code(markdown: str) -> str:
    """Return the seed's definitions: section 5's first python block, cut
    before the top-level script code."""
    start = markdown.find(SECTION)
    if start < 0:
        sys.exit(f"section {SECTION!r} not found in seed file")
    end = markdown.find("\n## ", start + len(SECTION))
    section = markdown[start:end if end >= 0 else len(markdown)]
    lines = section.splitlines()
    try:
        first = lines.index("```python") + 1
    except ValueError:
        sys.exit(f"no ```python block in {SECTION!r}")
    code = []
    for line in lines[first:]:
        if line.startswith(STOP_MARKER) or line.startswith("```"):
            break
        code.append(line)
    return "\n".join(code) + "\n"


def load_seed_module(code: str) -> types.ModuleType:
    """exec() the seed code as a registered module (dataclass needs it)."""
    os.environ["MPLBACKEND"] = "Agg"
    module = types.ModuleType("pfof_seed")
    sys.modules[module.__name__] = module
    exec(compile(code, "<pfof-seed-mini-project>", "exec"), module.__dict__)
    return module


def run_once(seed: types.ModuleType, n_orders: int) -> float:
    """Time one simulator run over n_orders; return elapsed seconds."""
    seed.np.random.seed(42)
    start = time.perf_counter()
    sim = seed.PFOFRoutingSimulator()
    sim.simulate_trading_day(n_orders=n_orders, strategies=STRATEGIES)
    sim.analyze_results()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seed", nargs="?", type=Path, default=DEFAULT_SEED,
                        help=f"seed markdown file (default: {DEFAULT_SEED})")
    parser.add_argument("--orders", type=int, default=20000,
                        help="orders per run (default: 20000)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed runs; the best is kept (default: 3)")
    args = parser.parse_args()
    if args.orders < 1 or args.repeat < 1:
        parser.error("--orders and --repeat must be positive")

    seed = load_seed_module(extract_seed_code(args.seed.read_text()))
    best = min(run_once(seed, args.orders) for _ in range(args.repeat))
    print(json.dumps({
        "bench": "seed-python-mini-project",
        "orders": args.orders,
        "seconds": best,
        "ordersPerSecond": args.orders / best,
        "python": platform.python_version(),
        "numpy": seed.np.__version__,
        "pandas": seed.pd.__version__,
    }))


if __name__ == "__main__":
    main()
