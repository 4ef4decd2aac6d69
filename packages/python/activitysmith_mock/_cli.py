"""The `activitysmith-mock` command of the wheel: runs the bundled server binary."""
import os
import sys

from ._server import binary_path


def main() -> None:
    # Never the PATH: that would find this very command.
    binary = binary_path(search_path=False)
    os.execv(binary, [binary, *sys.argv[1:]])
