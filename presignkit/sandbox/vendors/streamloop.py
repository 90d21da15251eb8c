"""Streamloop stand-in: `POST /uploads` -> `POST /uploads/{id}/upload-url` -> PUT ->
`POST /uploads/{id}/complete`, then `GET /uploads/{id}` shows `uploaded: true`.

Decisions where the docs are silent:
- Auth: `X-API-Key` (the sandbox's `sl_` key) needs `X-Workspace-Id` (400 WORKSPACE_REQUIRED
  without it); an `Authorization: Bearer` access token works without it. One workspace exists;
  naming another answers 403 FORBIDDEN.
- `completeUpload` before the bytes are in the store answers 422 UPLOAD_NOT_RECEIVED (422 is the
  status the spec documents for an invalid request; 409 is not documented for this operation).
  It is never replayed by an Idempotency-Key, so completing again after the PUT works.
- `generateUploadUrl` answers JSON `null` once the upload is completed: there is nothing left
  to upload. The URL signs the upload's mimeType as Content-Type and lives 11 hours.
- Idempotency-Key: scoped to the workspace; the same key on another path or with another body
  answers 422 IDEMPOTENCY_KEY_REUSED; 5xx answers are not kept; replays carry
  `Idempotency-Replayed: true`.
"""

from __future__ import annotations

from typing import Any

import attrs

from presignkit.sandbox.vendors.auth import bearer_token, same_secret
from presignkit.sandbox.vendors.base import Call, Handler, VendorStandIn, new_id, utc_now
from presignkit.sandbox.vendors.errors import ApiError, Reply, status_phrase
from presignkit.sandbox.vendors.idempotency import fingerprint, replay_or_run

API_KEY = "sl_sandbox_4c1e9b7d5f0c8e2a"
WORKSPACE_ID = "wksp_sandbox_0001"
ACCESS_TOKEN = "sl_oauth_sandbox_access_token_0001"
URL_LIFETIME_SECONDS = 11 * 3600  # "valid about 11 hours" (completeUpload's description)
PROBLEM_MEDIA_TYPE = "application/problem+json"


@attrs.define
class _Upload:
    id: str
    created_at: str
    mime_type: str
    name: str
    type: str
    file_size: int | None
    object_key: str | None = None  # set once an upload URL was handed out
    uploaded: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "createdAt": self.created_at,
            "mimeType": self.mime_type,
            "name": self.name,
            "type": self.type,
            "uploaded": self.uploaded,
            "fileSize": self.file_size,
        }


class StreamloopStandIn(VendorStandIn):
    vendor = "streamloop"
    mount = "/streamloop/v1"
    bucket = "streamloop-uploads"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.api_key = API_KEY
        self.workspace_id = WORKSPACE_ID
        self.access_token = ACCESS_TOKEN
        self._uploads: dict[str, _Upload] = {}
        super().__init__(*args, **kwargs)

    def handlers(self) -> dict[str, Handler]:
        return {
            "createUpload": self._create_upload,
            "generateUploadUrl": self._generate_upload_url,
            "completeUpload": self._complete_upload,
            "getUpload": self._get_upload,
        }

    def credentials(self) -> dict[str, str]:
        return {"STREAMLOOP_API_KEY": self.api_key, "STREAMLOOP_WORKSPACE_ID": self.workspace_id}

    def alternative_credentials(self) -> dict[str, str]:
        return {"STREAMLOOP_ACCESS_TOKEN": self.access_token}

    def assets(self) -> list[str]:
        with self._lock:
            return list(self._uploads)

    def _forget(self) -> None:
        self._uploads.clear()

    # -- the vendor's rules --------------------------------------------------------------------

    def authenticate(self, call: Call) -> str:
        api_key = call.headers.get("x-api-key")
        has_bearer = "authorization" in call.headers
        if api_key is None and not has_bearer:
            raise ApiError(
                401, "UNAUTHORIZED",
                "no credentials: send X-API-Key with X-Workspace-Id, or Authorization: Bearer <access token>",
            )  # fmt: skip
        # Every credential presented must be valid: a stale token next to a good key is refused
        # rather than silently ignored.
        if has_bearer and not same_secret(bearer_token(call.headers), self.access_token):
            raise ApiError(401, "UNAUTHORIZED", "the bearer access token is invalid or expired")
        if api_key is not None and (not api_key.startswith("sl_") or not same_secret(api_key, self.api_key)):
            raise ApiError(
                401, "UNAUTHORIZED",
                "X-API-Key is not a valid API key; accepted: the sandbox's sl_ key "
                "(STREAMLOOP_API_KEY in sandbox.env())",
            )  # fmt: skip
        workspace = call.headers.get("x-workspace-id")
        if not workspace:
            if api_key is not None:
                raise ApiError(
                    400, "WORKSPACE_REQUIRED",
                    "an API key carries no workspace: send X-Workspace-Id "
                    "(STREAMLOOP_WORKSPACE_ID in sandbox.env())",
                )  # fmt: skip
            workspace = self.workspace_id  # an OAuth token acts in its user's workspace
        if workspace != self.workspace_id:
            raise ApiError(
                403, "FORBIDDEN",
                f"workspace {workspace!r} is not visible to these credentials; accepted: {self.workspace_id}",
            )  # fmt: skip
        return workspace

    def invalid_request(self, problems: list[str]) -> ApiError:
        return ApiError(
            422,
            "VALIDATION_FAILED",
            "; ".join(problems),
            extra={"errors": [{"message": p} for p in problems]},
        )

    def render_error(self, error: ApiError) -> Reply:
        problem = {
            "type": "about:blank",
            "title": status_phrase(error.status),
            "status": error.status,
            "code": error.code,
            "detail": error.message,
            **error.extra,
        }
        return Reply(error.status, problem, error.headers, PROBLEM_MEDIA_TYPE, error.remember)

    def run(self, call: Call, handler: Handler) -> Reply:
        key = call.headers.get("idempotency-key")
        if call.method != "POST" or key is None:
            return handler(call)
        return replay_or_run(
            self.idempotency,
            (call.principal, key),
            fingerprint(call.method, call.path, call.body),
            lambda: self.reply_to(call, handler),
            conflict=lambda: ApiError(
                422,
                "IDEMPOTENCY_KEY_REUSED",
                f"Idempotency-Key {key!r} was already used for a different request; "
                "use a new key for each logical operation",
            ),
            replay_header="idempotency-replayed",
            mark_first_run=False,
        )

    # -- operations ------------------------------------------------------------------------------

    def _upload(self, call: Call) -> _Upload:
        upload_id = call.path_params["id"]
        upload = self._uploads.get(upload_id)
        if upload is None:
            raise ApiError(
                404,
                "NOT_FOUND",
                f"no upload {upload_id!r} in workspace {call.principal}; create one with POST /uploads",
            )
        return upload

    def _create_upload(self, call: Call) -> Reply:
        body = call.body
        upload = _Upload(
            id=new_id("upl_"),
            created_at=utc_now(),
            mime_type=body["mimeType"],
            name=body["name"],
            type=body["type"],
            file_size=body.get("fileSize"),
        )
        self._uploads[upload.id] = upload
        return Reply(201, upload.as_json())

    def _generate_upload_url(self, call: Call) -> Reply:
        upload = self._upload(call)
        if upload.uploaded:
            return Reply(200, None)
        upload.object_key = f"{call.principal}/{upload.id}"
        url = self.store.presign_put(
            self.bucket, upload.object_key, content_type=upload.mime_type, expires_in=URL_LIFETIME_SECONDS
        )
        return Reply(200, url)

    def _complete_upload(self, call: Call) -> Reply:
        upload = self._upload(call)
        stored = self.stored_object(upload.object_key) if upload.object_key else None
        if not upload.uploaded:
            if stored is None:
                raise ApiError(
                    422, "UPLOAD_NOT_RECEIVED",
                    f"no bytes arrived for upload {upload.id}: PUT the file to the URL from "
                    f"POST /uploads/{upload.id}/upload-url, then complete",
                    remember=False,
                )  # fmt: skip
            upload.uploaded = True
            upload.file_size = stored.size
        return Reply(200, upload.as_json())

    def _get_upload(self, call: Call) -> Reply:
        return Reply(200, self._upload(call).as_json())


STAND_IN = StreamloopStandIn  # what the sandbox serves for this vendor (see presignkit.vendors.registry)
