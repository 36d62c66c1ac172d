"""Module-level string constants read off a module's text (for the modules that import them)."""

from __future__ import annotations

from zdr_lint.engine.constants import string_constants


def test_plain_and_annotated_string_constants_are_read() -> None:
    text = "MODEL = \"claude-sonnet-4-5\"\nBASE_URL: str = 'https://gw.example.com'  # gateway\n"
    assert string_constants(text) == {
        "MODEL": "claude-sonnet-4-5",
        "BASE_URL": "https://gw.example.com",
    }


def test_values_that_are_not_one_plain_literal_are_left_out() -> None:
    text = (
        'CALL = os.environ.get("MODEL", "claude")\n'
        'SUM = "claude-" + VERSION\n'
        'ESCAPED = "a\\\\nb"\n'
        "NUMBER = 3\n"
        'TWICE = "claude"\n'
        'TWICE = "gpt-4o"\n'
        'same == "x"\n'
    )
    assert string_constants(text) == {}


def test_only_module_level_lines_count() -> None:
    text = 'def f():\n    MODEL = "gpt-4o"\n\nclass C:\n    MODEL = "gpt-4o"\n\nMODEL = "claude"\n'
    assert string_constants(text) == {"MODEL": "claude"}


def test_crlf_line_endings() -> None:
    assert string_constants('MODEL = "claude"\r\nOTHER = "x"\r\n') == {
        "MODEL": "claude",
        "OTHER": "x",
    }
