"""An agent loop: Claude calls tools served by an MCP server until it has an answer."""

import logging

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

import anthropic

from . import config

logger = logging.getLogger(__name__)
TOOLS_SERVER = StdioServerParameters(command=config.MCP_SERVER_COMMAND, args=config.MCP_SERVER_ARGS)


class SupportAgent:
    def __init__(self) -> None:
        self.client = anthropic.AsyncAnthropic()

    async def run(self, question: str) -> str:
        async with stdio_client(TOOLS_SERVER) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                listed = await session.list_tools()
                tools = [
                    {"name": t.name, "description": t.description or "", "input_schema": t.inputSchema}
                    for t in listed.tools
                ]
                messages = [{"role": "user", "content": question}]
                for turn in range(config.MAX_AGENT_TURNS):
                    resp = await self.client.messages.create(
                        model=config.MODEL,
                        max_tokens=config.MAX_TOKENS,
                        system=config.SYSTEM_PROMPT,
                        tools=tools,
                        messages=messages,
                    )
                    logger.info(  # ok: metadata only
                        "turn %d: stop=%s, %d output tokens",
                        turn,
                        resp.stop_reason,
                        resp.usage.output_tokens,
                    )
                    messages.append({"role": "assistant", "content": resp.content})
                    if resp.stop_reason != "tool_use":
                        break
                    results = []
                    for block in resp.content:
                        if block.type != "tool_use":
                            continue
                        logger.info("turn %d: tool call %s", turn, block.id)  # ok: metadata only
                        result = await session.call_tool(block.name, block.input)  # expect: ZDR301
                        results.append(
                            {
                                "type": "tool_result",
                                "tool_use_id": block.id,
                                "content": [item.model_dump() for item in result.content],
                                "is_error": result.isError,
                            }
                        )
                    messages.append({"role": "user", "content": results})
        answer = "".join(block.text for block in resp.content if block.type == "text")
        logger.info("agent answer: %s", answer)  # expect: ZDR101
        return answer
