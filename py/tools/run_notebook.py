"""Execute notebooks with nbclient in a given Jupyter kernel; exit non-zero if any cell fails.

Usage: python run_notebook.py --kernel NAME NOTEBOOK.ipynb [...] [--save DIR]

Each notebook runs from its own folder (as in Jupyter). Before running, the kernel's
interpreter is checked to be this interpreter, so the notebook sees the same installed
``datafee`` as the tests. ``--save DIR`` writes the executed copies there (the committed
notebooks are left untouched).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def check_kernel(name: str) -> None:
    argv = KernelSpecManager().get_kernel_spec(name).argv
    kernel_python = os.path.realpath(argv[0])
    if kernel_python != os.path.realpath(sys.executable):
        sys.exit(f"kernel {name!r} runs {argv[0]}, not this interpreter {sys.executable}")


def run(path: Path, kernel: str, save: Path | None) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name=kernel, resources={"metadata": {"path": str(path.parent)}})
    start = time.monotonic()
    try:
        client.execute()
    finally:
        if save is not None:
            save.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, save / path.name)
    return time.monotonic() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kernel", required=True)
    parser.add_argument("--save", type=Path)
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args()
    check_kernel(args.kernel)
    for path in args.notebooks:
        try:
            took = run(path.resolve(), args.kernel, args.save)
        except CellExecutionError as e:
            print(f"{path}: a cell failed\n{e}", file=sys.stderr)
            return 1
        print(f"{path}: every cell ran ({took:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
