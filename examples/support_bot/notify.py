"""Slack notifications for the support team."""

from slack_sdk import WebClient

from . import config
from .llm import SupportLLM

_slack = WebClient(token=config.SLACK_TOKEN)
_llm = SupportLLM()


def escalate(ticket_id: str, draft: str) -> None:
    _slack.chat_postMessage(
        channel=config.SLACK_CHANNEL,
        text=f"Ticket {ticket_id} needs a human. Claude's draft:\n{draft}",
    )


def ping(ticket_id: str) -> None:
    _slack.chat_postMessage(channel=config.SLACK_CHANNEL, text=f"Ticket {ticket_id} was answered.")


def daily_summary(ticket_summaries: list) -> None:
    summary = _llm.ask("Summarize today's tickets:\n" + "\n".join(ticket_summaries))
    _slack.chat_postMessage(channel=config.SLACK_CHANNEL, text=summary)  # expect: ZDR305
