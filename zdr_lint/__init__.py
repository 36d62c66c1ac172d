"""zdr-lint: find Claude prompts and completions that leave Zero Data Retention's cover."""

__version__ = "0.1.0"
