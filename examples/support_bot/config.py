"""Settings. Nothing in this module touches Claude data, so zdr-lint reports nothing here."""

import os

MODEL = os.environ.get("SUPPORT_BOT_MODEL", "claude-sonnet-4-5")
MAX_TOKENS = 1024
DATABASE_PATH = os.environ.get("SUPPORT_BOT_DB", "support.db")
REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
ANSWER_TTL_SECONDS = 3600
SLACK_CHANNEL = "#support-escalations"
SLACK_TOKEN = os.environ.get("SLACK_BOT_TOKEN", "")
MCP_SERVER_COMMAND = "uvx"
MCP_SERVER_ARGS = ["mcp-server-fetch"]
MAX_AGENT_TURNS = 8

SYSTEM_PROMPT = (
    "You are the support assistant of Example Corp. Answer briefly and politely. "
    "Use the tools you are given to look up orders and documentation."
)
