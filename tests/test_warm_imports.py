"""A run that reuses its settled answer never needs the parser: importing the settling side
of the engine must not import LibCST (its import is most of a warm run's time)."""

import subprocess
import sys


def test_settling_side_does_not_import_libcst() -> None:
    probe = (
        "import sys\nimport zdr_lint.cli, zdr_lint.engine.runner\nprint('libcst' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
