"""Loops stand-in: `POST /v1/uploads` -> PUT -> `POST /v1/uploads/{emailAssetId}/complete`.

- Auth: `Authorization: Bearer <key>`; Loops keys have no recognisable format, so any other key
  than the sandbox's answers 401.
- Only image/jpeg, image/png, image/gif and image/webp (400 with `supportedContentTypes`), at
  most 4,000,000 bytes (413 with `maxBytes`); these are checked before the rest of the spec.
- The presigned URL signs Content-Type and Content-Length, so the PUT must send the declared ones.
- Complete answers 425 until the object is in the store, 404 for an unknown id, then
  `{emailAssetId, finalUrl}` with the store's public URL of the object.
- No Idempotency-Key support (Loops documents none).
"""

from __future__ import annotations

import secrets
import string
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from presignkit.sandbox.vendors.auth import bearer_token, same_secret
from presignkit.sandbox.vendors.base import Call, Handler, VendorStandIn, parse_json_object
from presignkit.sandbox.vendors.errors import ApiError, Reply, injected_fault_message

API_KEY = "d0c5a4b9e8f7sandbox0loops0key01"
SUPPORTED_CONTENT_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")
MAX_BYTES = 4_000_000
URL_LIFETIME_SECONDS = 3600  # undocumented; the Go SDK reads an `expiresAt` we fill in
NOT_YET_VISIBLE = "Uploaded object not yet visible in storage. Retry shortly."
_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp"}
_CUID_ALPHABET = string.ascii_lowercase + string.digits


@attrs.define
class _Asset:
    id: str
    content_type: str
    content_length: int
    object_key: str


def _cuid() -> str:
    # Loops' ids are cuids (e.g. cmp2cz4mn0oru0izztre5fgob): "c" and 24 lowercase alphanumerics.
    return "c" + "".join(secrets.choice(_CUID_ALPHABET) for _ in range(24))


class LoopsStandIn(VendorStandIn):
    vendor = "loops"
    mount = "/loops/api"
    bucket = "loops-assets"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.api_key = API_KEY
        self._assets: dict[str, _Asset] = {}
        super().__init__(*args, **kwargs)

    def handlers(self) -> dict[str, Handler]:
        return {"createUpload": self._create_upload, "completeUpload": self._complete_upload}

    def credentials(self) -> dict[str, str]:
        return {"LOOPS_API_KEY": self.api_key}

    def assets(self) -> list[str]:
        with self._lock:
            return list(self._assets)

    def _forget(self) -> None:
        self._assets.clear()

    # -- the vendor's rules --------------------------------------------------------------------

    def authenticate(self, call: Call) -> str:
        token = bearer_token(call.headers)
        if token is None:
            raise ApiError(
                401, "unauthorized", "Missing API key: send Authorization: Bearer <your Loops API key>"
            )
        if not same_secret(token, self.api_key):
            raise ApiError(
                401, "unauthorized", "Invalid API key (the sandbox accepts LOOPS_API_KEY from sandbox.env())"
            )
        return "team_sandbox"

    def before_validation(self, call: Call) -> Call:
        if call.operation_id != "createUpload":
            return call
        body = parse_json_object(call.raw_body) or {}
        content_type = body.get("contentType")
        if isinstance(content_type, str) and content_type not in SUPPORTED_CONTENT_TYPES:
            raise ApiError(
                400, "unsupported_content_type",
                f"Unsupported content type {content_type!r}; supported: {', '.join(SUPPORTED_CONTENT_TYPES)}",
                extra={"supportedContentTypes": list(SUPPORTED_CONTENT_TYPES)},
            )  # fmt: skip
        length = body.get("contentLength")
        if isinstance(length, int) and not isinstance(length, bool) and length > MAX_BYTES:
            raise ApiError(
                413, "too_large",
                f"contentLength {length} exceeds the maximum upload size of {MAX_BYTES} bytes",
                extra={"maxBytes": MAX_BYTES},
            )  # fmt: skip
        return call

    def invalid_request(self, problems: list[str]) -> ApiError:
        return ApiError(400, "invalid_request", "Invalid request: " + "; ".join(problems))

    def render_error(self, error: ApiError) -> Reply:
        body = {"success": False, "message": error.message, **error.extra}
        return Reply(error.status, body, error.headers, remember=error.remember)

    def fault_error(self, status: int) -> ApiError:
        if status == 425:
            return ApiError(425, "too_early", NOT_YET_VISIBLE)
        return ApiError(status, "fault", injected_fault_message(status))

    # -- operations ------------------------------------------------------------------------------

    def _create_upload(self, call: Call) -> Reply:
        content_type: str = call.body["contentType"]
        length: int = call.body["contentLength"]
        asset = _Asset(_cuid(), content_type, length, "")
        asset.object_key = f"uploads/{asset.id}.{_EXTENSIONS[content_type]}"
        url = self.store.presign_put(
            self.bucket,
            asset.object_key,
            content_type=content_type,
            content_length=length,
            expires_in=URL_LIFETIME_SECONDS,
        )
        self._assets[asset.id] = asset
        expires_at = datetime.now(UTC) + timedelta(seconds=URL_LIFETIME_SECONDS)
        return Reply(
            200,
            {
                "success": True,
                "emailAssetId": asset.id,
                "presignedUrl": url,
                "expiresAt": expires_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            },
        )

    def _complete_upload(self, call: Call) -> Reply:
        asset_id = call.path_params["emailAssetId"]
        asset = self._assets.get(asset_id)
        if asset is None:
            raise ApiError(404, "not_found", f"Upload not found: no upload {asset_id!r} for this team")
        if self.stored_object(asset.object_key) is None:
            raise ApiError(425, "too_early", NOT_YET_VISIBLE)
        return Reply(
            200,
            {
                "success": True,
                "emailAssetId": asset.id,
                "finalUrl": self.store.object_url(self.bucket, asset.object_key),
            },
        )


STAND_IN = LoopsStandIn  # what the sandbox serves for this vendor (see presignkit.vendors.registry)
