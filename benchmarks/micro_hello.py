"""The ceiling for micro_bench.py: a Flask hello-world under the same gunicorn settings."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello() -> str:
    return "Hello, World!"
