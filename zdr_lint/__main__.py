"""Allow ``python -m zdr_lint``."""

import os
import sys

# ``python -m`` puts the working folder first on sys.path. That folder is the code being
# analysed: a ``click.py`` or ``libcst/`` in it must never be imported. (This package itself is
# already imported, and its submodules load through the package, not through sys.path.)
_here = os.getcwd()
sys.path[:] = [p for p in sys.path if p not in ("", ".", _here)]

from zdr_lint.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
