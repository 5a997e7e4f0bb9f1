from __future__ import annotations

from flask import Response, current_app, request
from flask_jwt_extended import (
    current_user,
    get_jwt,
    get_jwt_request_location,
    set_access_cookies,
    set_refresh_cookies,
    unset_jwt_cookies,
    verify_jwt_in_request,
)
from pydantic import BaseModel

from helpdesk.api import ApiBlueprint, commit
from helpdesk.audit import service as audit
from helpdesk.auth import service, throttle, tokens
from helpdesk.auth.schemas import (
    Credentials,
    LoginResult,
    LogoutQuery,
    Me,
    PasswordChange,
    SessionRenewed,
    TokenPair,
)
from helpdesk.database import get_session
from helpdesk.errors import Forbidden, Unauthorized
from helpdesk.extensions import client_address, limiter
from helpdesk.users import service as users
from helpdesk.users.models import User
from helpdesk.users.schemas import ProfileUpdate, UserRead

api = ApiBlueprint("auth", "/api/v1/auth")


def account_key() -> str:
    data = request.get_json(silent=True)
    name = data.get("username") if isinstance(data, dict) else None
    return "account:" + (name.strip().lower()[:64] if isinstance(name, str) else "-")


LOGIN_LIMITS = (
    # Failed attempts per account (any client), then attempts per client (any account).
    limiter.shared_limit(lambda: current_app.config["RATELIMIT_LOGIN_ACCOUNT"],
                         scope="login-account", key_func=account_key,
                         deduct_when=lambda response: response.status_code == 401),
    limiter.shared_limit(lambda: current_app.config["RATELIMIT_LOGIN_CLIENT"],
                         scope="login-client", key_func=client_address),
)


def access_seconds() -> int:
    return int(current_app.config["JWT_ACCESS_TOKEN_EXPIRES"].total_seconds())


def json_response(model: BaseModel, status: int = 200) -> Response:
    return Response(model.model_dump_json(), status=status, mimetype="application/json")


def sign_in(credentials: Credentials) -> User:
    throttle.check(credentials.username)
    user, outcome = service.authenticate(session=get_session(), username=credentials.username,
                                         password=credentials.password)
    if user is None:
        commit()  # the failed attempt stays in the audit log
        if outcome == "wrong":
            throttle.record_failure(credentials.username)
        if outcome == "inactive":
            raise Forbidden("This account is deactivated.", code="account_disabled")
        raise Unauthorized("Wrong username or password.", code="invalid_credentials")
    throttle.record_success(credentials.username)
    return user


def renewed(access: str, refresh: str) -> Response:
    """Fresh tokens where the caller keeps them: cookies for a browser, the body otherwise."""
    if get_jwt_request_location() == "cookies":
        response = json_response(SessionRenewed(expires_in=access_seconds()))
        set_access_cookies(response, access)
        set_refresh_cookies(response, refresh)
        return response
    return json_response(SessionRenewed(access_token=access, refresh_token=refresh,
                                        expires_in=access_seconds()))


@api.endpoint("POST", "/login", summary="Sign in a browser (tokens in HttpOnly cookies)",
              auth=False, body=Credentials, response=LoginResult, limits=LOGIN_LIMITS)
def login(body: Credentials) -> Response:
    user = sign_in(body)
    access, refresh = tokens.issue(user)
    response = json_response(LoginResult(user=UserRead.model_validate(user),
                                         expires_in=access_seconds()))
    set_access_cookies(response, access)
    set_refresh_cookies(response, refresh)
    return response


@api.endpoint("POST", "/token", summary="Sign in an API client (Bearer tokens in the body)",
              auth=False, body=Credentials, response=TokenPair, limits=LOGIN_LIMITS)
def token(body: Credentials) -> TokenPair:
    access, refresh = tokens.issue(sign_in(body))
    return TokenPair(access_token=access, refresh_token=refresh, expires_in=access_seconds())


@api.endpoint("POST", "/refresh", summary="Trade a refresh token for a new pair (rotation)",
              auth=False, response=SessionRenewed)
def refresh() -> Response:
    """A refresh token works once; a second use ends its whole sign-in family."""
    verify_jwt_in_request(refresh=True)
    payload = get_jwt()
    if not tokens.claim_refresh(payload):
        tokens.revoke_session(payload)
        audit.record(session=get_session(), action="auth.refresh_reuse", entity_type="user",
                     entity_id=current_user.id, actor=current_user,
                     after={"family": payload["sid"]})
        commit()  # the entry stays although the answer is an error
        raise Unauthorized("This refresh token was already used, so this sign-in has been "
                           "ended everywhere. Please sign in again.", code="token_reused")
    access, refresh_token = tokens.issue(current_user, sid=payload["sid"])
    return renewed(access, refresh_token)


@api.endpoint("POST", "/logout", query=LogoutQuery,
              summary="End this sign-in (both tokens are revoked); ?everywhere=true ends all")
def logout(query: LogoutQuery) -> Response:
    payload = get_jwt()
    tokens.revoke_session(payload)
    tokens.revoke_token(payload)
    if query.everywhere:
        current_user.token_generation += 1  # every other sign-in of the account ends too
    audit.record(session=get_session(), action="auth.logout", entity_type="user",
                 entity_id=current_user.id, actor=current_user,
                 after={"everywhere": query.everywhere})
    response = Response(status=204)
    unset_jwt_cookies(response)
    return response


@api.endpoint("GET", "/me", summary="The signed-in account", response=Me)
def me() -> Me:
    warn = (service.default_password_accounts(session=get_session())
            if current_user.role == "admin" else [])
    return Me(**UserRead.model_validate(current_user).model_dump(),
              default_password_accounts=warn)


@api.endpoint("PATCH", "/me", summary="Change your language or e-mail notifications",
              body=ProfileUpdate, response=UserRead)
def update_me(body: ProfileUpdate) -> User:
    return users.update_profile(session=get_session(), actor=current_user, data=body)


@api.endpoint("POST", "/password", summary="Change your password (the current one is needed)",
              body=PasswordChange, response=SessionRenewed)
def change_password(body: PasswordChange) -> Response:
    """Ends every other session of the account; this one gets new tokens."""
    user = users.change_own_password(session=get_session(), actor=current_user,
                                     current=body.current_password, new=body.new_password)
    access, refresh_token = tokens.issue(user, sid=get_jwt()["sid"])
    return renewed(access, refresh_token)
