"""The Flask app: answers questions with Claude, stores them, escalates to Slack."""

import hashlib

from flask import Flask, Response, jsonify, request

from . import notify, storage
from .llm import SupportLLM

app = Flask(__name__)
llm = SupportLLM()


@app.post("/ask")
def ask():
    user_id = request.headers.get("X-User-Id", "anonymous")
    question = request.json["question"]
    answer = llm.ask(question)
    key = hashlib.sha256(question.encode("utf-8")).hexdigest()
    storage.save_conversation(user_id, question, answer)  # expect: ZDR102
    storage.cache_answer(key, answer)  # expect: ZDR201
    storage.record_request(user_id, len(answer))  # ok: a length is not Claude data
    storage.count_request(user_id)
    return jsonify(answer=answer)  # expect: ZDR202


@app.post("/ask/private")
def ask_private():
    answer = llm.ask(request.json["question"])
    response = jsonify(answer=answer)  # ok: no-store is set before the response is returned
    response.headers["Cache-Control"] = "no-store"
    return response


@app.post("/ask/stream")
def ask_stream():
    question = request.json["question"]
    return Response(  # ok: the stream is sent with no-store
        llm.stream(question),
        mimetype="text/plain",
        headers={"Cache-Control": "no-store"},
    )


@app.post("/tickets/<ticket_id>/escalate")
def escalate(ticket_id: str):
    draft = llm.ask(request.json["question"])
    notify.escalate(ticket_id, draft)  # expect: ZDR305
    notify.ping(ticket_id)  # ok
    return jsonify(status="escalated", ticket=ticket_id)  # ok
