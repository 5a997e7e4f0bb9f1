"""The OpenAPI 3.1 document, generated from the endpoints' pydantic schemas, and the
interactive docs (Swagger UI served from the installed package, no CDN)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import flask_swagger_ui
from flask import Blueprint, Flask, Response, jsonify, send_from_directory
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from helpdesk.api import ERROR_STATUSES, ApiBlueprint, Operation, openapi_path
from helpdesk.error_codes import ERROR_CODES, FIELD_CODES

SWAGGER_DIST = Path(flask_swagger_ui.__file__).resolve().parent / "dist"
STATIC = Path(__file__).resolve().parent / "static"
REF = "#/components/schemas/{model}"
ERROR_SCHEMA = {
    "type": "object",
    "required": ["error", "code", "message", "fields", "field_errors", "params"],
    "properties": {
        "error": {"type": "string", "description": "The kind of error (one per status)."},
        "code": {"type": "string", "enum": sorted(ERROR_CODES),
                 "description": "What exactly went wrong; stable, for translating."},
        "message": {"type": "string", "description": "The same in English."},
        "fields": {"type": "object", "additionalProperties": {"type": "string"}},
        "field_errors": {"type": "object", "additionalProperties": {
            "type": "string", "enum": sorted(FIELD_CODES)}},
        "params": {"type": "object", "description": "Values the message names (a wait, a limit).",
                   "additionalProperties": {"type": ["integer", "string"]}},
    },
}
DOCS_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Help desk API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>
"""


def _models(operations: list[Operation]) -> list[type[BaseModel]]:
    seen: dict[str, type[BaseModel]] = {}
    for operation in operations:
        for model in (operation.body, operation.response):
            if model is not None:
                seen[model.__name__] = model
    return list(seen.values())


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    schema = model.model_json_schema(ref_template=REF)
    return [{"name": name, "in": "query", "required": name in schema.get("required", []),
             "schema": {key: value for key, value in prop.items() if key != "title"}}
            for name, prop in schema["properties"].items()]


def _operation(operation: Operation, refs: dict[str, Any]) -> dict[str, Any]:
    _path, parameters = openapi_path(operation.path)
    if operation.query is not None:
        parameters += _query_parameters(operation.query)
    result: dict[str, Any] = {
        "operationId": operation.name, "summary": operation.summary, "tags": [operation.tag],
        "parameters": parameters,
        "responses": {code: {"description": text, "content": {"application/json": {
            "schema": {"$ref": REF.format(model="Error")}}}}
            for code, text in ERROR_STATUSES.items()},
    }
    if operation.auth:
        result["security"] = [{"bearer": []}, {"cookie": []}]
    if operation.body is not None:
        result["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": refs[(operation.body, "validation")]}}}
    if operation.form is not None:
        result["requestBody"] = {"required": True,
                                 "content": {"multipart/form-data": {"schema": operation.form}}}
    ok = str(operation.status)
    if operation.response is not None:
        result["responses"][ok] = {"description": "Success", "content": {"application/json": {
            "schema": refs[(operation.response, "serialization")]}}}
    elif operation.content != "application/json":
        result["responses"][ok] = {"description": "Success", "content": {
            operation.content: {"schema": {"type": "string", "format": "binary"}}}}
    else:
        result["responses"]["204"] = {"description": "Done, no content"}
    return result


def build(blueprints: list[ApiBlueprint]) -> dict[str, Any]:
    operations = [operation for blueprint in blueprints for operation in blueprint.operations]
    models = _models(operations)
    keys = [(model, "validation") for model in models] + [
        (model, "serialization") for model in models]
    refs, schema = models_json_schema(keys, ref_template=REF)
    components = dict(schema.get("$defs", {}))
    components["Error"] = ERROR_SCHEMA
    paths: dict[str, dict[str, Any]] = {}
    for operation in operations:
        path, _ = openapi_path(operation.path)
        paths.setdefault(path, {})[operation.method] = _operation(operation, refs)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Help desk API (Native edition)", "version": "1.0.0",
                 "description": "Every error has the body {error, code, message, fields, "
                                "field_errors, params}."},
        "paths": paths,
        "components": {"schemas": components, "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
            "cookie": {"type": "apiKey", "in": "cookie", "name": "access_token_cookie"},
        }},
    }


def init_app(app: Flask, blueprints: list[ApiBlueprint]) -> None:
    document = build(blueprints)
    docs = Blueprint("docs", __name__)

    @docs.get("/api/v1/openapi.json")
    @docs.get("/openapi.json")
    def openapi_json() -> Response:
        return jsonify(document)

    @docs.get("/api/docs")
    @docs.get("/api/docs/")
    def docs_page() -> Response:
        return Response(DOCS_PAGE, mimetype="text/html")

    @docs.get("/api/docs/init.js")
    def docs_init() -> Response:
        return send_from_directory(STATIC, "swagger-init.js")

    @docs.get("/api/docs/<any('swagger-ui.css', 'swagger-ui-bundle.js'):name>")
    def docs_asset(name: str) -> Response:
        return send_from_directory(SWAGGER_DIST, name)

    app.register_blueprint(docs)
