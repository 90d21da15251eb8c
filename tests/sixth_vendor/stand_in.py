"""Echo's stand-in: `POST /uploads` -> a presigned PUT into the sandbox's store."""

from __future__ import annotations

from typing import Any

from presignkit.sandbox.vendors.auth import bearer_token, same_secret
from presignkit.sandbox.vendors.base import Call, Handler, VendorStandIn, new_id
from presignkit.sandbox.vendors.errors import ApiError, Reply

API_KEY = "echo_sandbox_key_0001"


class EchoStandIn(VendorStandIn):
    vendor = "echo"
    mount = "/echo/v1"
    bucket = "echo-uploads"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._uploads: list[str] = []
        super().__init__(*args, **kwargs)

    def handlers(self) -> dict[str, Handler]:
        return {"createUpload": self._create_upload}

    def authenticate(self, call: Call) -> str:
        if not same_secret(bearer_token(call.headers) or "", API_KEY):
            raise ApiError(401, "unauthorized", "Invalid API key")
        return "echo"

    def invalid_request(self, problems: list[str]) -> ApiError:
        return ApiError(400, "invalid_request", "; ".join(problems))

    def render_error(self, error: ApiError) -> Reply:
        return Reply(error.status, {"message": error.message}, error.headers)

    def credentials(self) -> dict[str, str]:
        return {"ECHO_API_KEY": API_KEY}

    def assets(self) -> list[str]:
        with self._lock:
            return list(self._uploads)

    def _forget(self) -> None:
        self._uploads.clear()

    def _create_upload(self, call: Call) -> Reply:
        upload_id = new_id("echo_")
        url = self.store.presign_put(
            self.bucket, upload_id, content_type=call.body["contentType"], expires_in=600
        )
        self._uploads.append(upload_id)
        return Reply(200, {"id": upload_id, "uploadUrl": url})


STAND_IN = EchoStandIn
