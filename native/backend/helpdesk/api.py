"""Endpoints declared with their pydantic schemas; the OpenAPI document is built from them.

`ApiBlueprint.endpoint` parses and validates the query and the body (unknown fields are
refused), authenticates, runs the view, commits the request's one transaction and
serialises the response model. Routes therefore stay thin and never commit themselves.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from flask import Blueprint, Response, current_app, g, request
from flask_jwt_extended import verify_jwt_in_request
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import IntegrityError
from werkzeug.routing import BaseConverter

from helpdesk.error_codes import field_code
from helpdesk.errors import Conflict, Invalid, NotFound
from helpdesk.extensions import caller_key, limiter
from helpdesk.notifications import mail
from helpdesk.request_json import read_json

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
ERROR_STATUSES = {
    "400": "Malformed request", "401": "Not signed in, or the token is invalid",
    "403": "Not allowed for this role, or the CSRF token is missing",
    "404": "Not found (or not visible to the caller)", "409": "Conflict",
    "413": "Too large", "422": "Invalid input; `fields` names each field",
    "429": "Too many requests; see Retry-After",
    "503": "PostgreSQL or Redis is briefly unreachable; see Retry-After",
}


@dataclass
class Operation:
    method: str
    path: str
    name: str
    summary: str
    tag: str
    auth: bool
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    response: type[BaseModel] | None
    status: int
    content: str = "application/json"
    form: dict[str, Any] | None = None


@dataclass
class ApiBlueprint:
    name: str
    url_prefix: str = ""
    operations: list[Operation] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.blueprint = Blueprint(self.name, __name__, url_prefix=self.url_prefix)

    def endpoint(
        self, method: str, rule: str, *, summary: str, body: type[BaseModel] | None = None,
        query: type[BaseModel] | None = None, response: type[BaseModel] | None = None,
        status: int = 200, auth: bool = True, content: str = "application/json",
        form: dict[str, Any] | None = None, limit: Callable[[], str] | None = None,
        limits: Sequence[Callable[[Callable[..., Any]], Any]] = (),
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
            @wraps(view)
            def handle(**path_args: Any) -> Response:
                if any(isinstance(value, int) and value > INT32_MAX
                       for value in path_args.values()):
                    raise NotFound("There is no such item.", reason="item_not_found")
                if auth:
                    verify_jwt_in_request()
                kwargs = dict(path_args)
                if query is not None:
                    kwargs["query"] = parse(query, request.args.to_dict(), "query")
                if body is not None:
                    kwargs["body"] = parse(body, read_json(), "body")
                result = view(**kwargs)
                commit()
                return render(result, response, status)

            wrapped = handle
            if method in WRITE_METHODS:
                wrapped = limiter.shared_limit(limit or write_limit, scope="writes",
                                               key_func=caller_key)(handle)
            for extra in limits:
                wrapped = extra(wrapped)
            self.blueprint.add_url_rule(rule, endpoint=view.__name__, view_func=wrapped,
                                        methods=[method])
            self.operations.append(Operation(
                method=method.lower(), path=self.url_prefix + rule, name=view.__name__,
                summary=summary, tag=self.name, auth=auth, body=body, query=query,
                response=response, status=status, content=content, form=form,
            ))
            return wrapped

        return decorator


def write_limit() -> str:
    return current_app.config["RATELIMIT_WRITES"]


def field_errors(error: ValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for problem in error.errors():
        name = ".".join(str(part) for part in problem["loc"]) or "body"
        fields.setdefault(name, problem["msg"])
    return fields


def field_codes(error: ValidationError) -> dict[str, str]:
    codes: dict[str, str] = {}
    for problem in error.errors():
        name = ".".join(str(part) for part in problem["loc"]) or "body"
        codes.setdefault(name, field_code(problem["type"]))
    return codes


def parse(model: type[BaseModel], data: Any, where: str) -> BaseModel:
    if where == "body" and not isinstance(data, dict):
        raise Invalid("The request body must be a JSON object.", fields={"body": "not an object"},
                      reason="body_not_object", field_errors={"body": "not_an_object"})
    try:
        return model.model_validate(data)
    except ValidationError as error:
        fields = field_errors(error)
        raise Invalid("Some fields are invalid: " + ", ".join(sorted(fields)) + ".",
                      fields=fields, field_errors=field_codes(error)) from None


def commit() -> None:
    session = g.get("db_session")
    if session is None:
        return
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        mail.discard_outbox()
        raise Conflict("The change conflicts with stored data; nothing was saved.",
                       reason="write_conflict") from None
    mail.flush_outbox()


def render(result: Any, model: type[BaseModel] | None, status: int) -> Response:
    if isinstance(result, Response):
        return result
    if model is None:
        return Response(status=204)
    if not isinstance(result, model):
        result = model.model_validate(result, from_attributes=True)
    return Response(result.model_dump_json(), status=status, mimetype="application/json")


PATH_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
INT32_MAX = 2**31 - 1


class IdConverter(BaseConverter):
    """A database id in the URL. Only the pattern is checked here (a converter that refused
    a value would make werkzeug answer 405 for other methods); ids beyond the column's
    range are answered with 404 by the endpoint."""

    regex = r"[1-9][0-9]{0,18}"
    weight = 50

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


def openapi_path(rule: str) -> tuple[str, list[dict[str, Any]]]:
    parameters = []
    for converter, name in PATH_PARAM.findall(rule):
        schema: dict[str, Any] = {"type": "string"}
        if converter == "id":
            schema = {"type": "integer", "minimum": 1, "maximum": INT32_MAX}
        parameters.append({"name": name, "in": "path", "required": True, "schema": schema})
    return PATH_PARAM.sub(r"{\2}", rule), parameters
