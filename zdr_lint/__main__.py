"""Allow ``python -m zdr_lint``."""

from zdr_lint.cli import main

if __name__ == "__main__":
    main()
