"""Persistence: a SQLite conversation log and a Redis answer cache.

The sinks are inside these functions; zdr-lint reports them where the web app calls them with
Claude data (see web.py).
"""

import sqlite3

import redis

from . import config

_db = sqlite3.connect(config.DATABASE_PATH, check_same_thread=False)
_redis = redis.Redis.from_url(config.REDIS_URL)


def save_conversation(user_id: str, question: str, answer: str) -> None:
    _db.execute(
        "INSERT INTO conversations (user_id, question, answer) VALUES (?, ?, ?)",
        (user_id, question, answer),
    )
    _db.commit()


def record_request(user_id: str, answer_chars: int) -> None:
    _db.execute(
        "INSERT INTO requests (user_id, answer_chars) VALUES (?, ?)",
        (user_id, answer_chars),
    )
    _db.commit()


def cache_answer(question_hash: str, answer: str) -> None:
    _redis.setex(f"answer:{question_hash}", config.ANSWER_TTL_SECONDS, answer)


def count_request(user_id: str) -> int:
    return _redis.incr(f"requests:{user_id}")
