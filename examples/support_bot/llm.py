"""The Claude wrapper used by the web app: a blocking call and a streaming variant."""

import logging
from typing import Iterator

import anthropic

from . import config

logger = logging.getLogger(__name__)


class SupportLLM:
    def __init__(self) -> None:
        self.client = anthropic.Anthropic()

    def ask(self, question: str) -> str:
        resp = self.client.messages.create(
            model=config.MODEL,
            max_tokens=config.MAX_TOKENS,
            system=config.SYSTEM_PROMPT,
            messages=[{"role": "user", "content": question}],
        )
        logger.info(  # ok: metadata only
            "claude call %s: %d input / %d output tokens, stop=%s",
            resp.id,
            resp.usage.input_tokens,
            resp.usage.output_tokens,
            resp.stop_reason,
        )
        return resp.content[0].text

    def stream(self, question: str) -> Iterator[str]:
        with self.client.messages.stream(
            model=config.MODEL,
            max_tokens=config.MAX_TOKENS,
            system=config.SYSTEM_PROMPT,
            messages=[{"role": "user", "content": question}],
        ) as stream:
            for text in stream.text_stream:
                yield text
            final = stream.get_final_message()
        logger.info("stream %s finished: %s", final.id, final.stop_reason)  # ok: metadata only
