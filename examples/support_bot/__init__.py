"""support_bot: a small Flask support bot backed by Claude, used as zdr-lint's example project.

The code is realistic but never runs. Lines marked `# expect: CODE` are the findings zdr-lint
reports; see ../README.md.
"""
