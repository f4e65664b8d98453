"""Content parse time with PyYAML's pure-Python SafeLoader and libyaml's CSafeLoader.

    python benchmarks/load_bench.py

Parses every YAML file of the shipped pack and of the generated 1,000-fact pack from
matcher_bench.py with ``bot.yaml_lines.load`` (nodes, line numbers, duplicate keys,
construction), median of 5 rounds, and the whole startup (load + check + index, median
of 3), once per loader. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from matcher_bench import generated_pack, startup_s  # noqa: E402

from bot import yaml_lines  # noqa: E402
from bot.config import Config, ContentConfig  # noqa: E402


def parse_ms(folder: Path, loader: yaml_lines.Loader, rounds: int = 5) -> float:
    files = sorted(folder.glob("*.yaml"))
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for path in files:
            yaml_lines.load(path, loader)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def report(name: str, folder: Path) -> None:
    print(f"{name}:")
    parsed = {}
    for loader in (yaml.SafeLoader, yaml.CSafeLoader):
        parsed[loader] = parse_ms(folder, loader)
        yaml_lines.LOADER = loader  # what the whole startup uses
        start, _ = startup_s(Config(content=ContentConfig(facts_dir=folder)), rounds=3)
        print(
            f"  {loader.__name__:12}  parse {parsed[loader]:7.1f} ms   "
            f"startup (load + check + index) {start * 1000:7.1f} ms"
        )
    print(f"  parse: CSafeLoader {parsed[yaml.SafeLoader] / parsed[yaml.CSafeLoader]:.1f}x faster")


def main() -> None:
    if not hasattr(yaml, "CSafeLoader"):
        sys.exit("PyYAML was built without libyaml: nothing to compare")
    report("shipped pack", ROOT / "facts")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "facts"
        generated_pack(folder)
        report("generated pack (1,000 facts x 10 phrasings)", folder)


if __name__ == "__main__":
    main()
