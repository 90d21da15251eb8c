"""Flare stand-in: `POST /api/video/create` -> `POST /api/video/upload/presign` -> PUT; no
complete call, the presign's `publicUrl` is the result. `GET /api/videos` lists the videos.

Flare documents no errors or limits, so these are the sandbox's decisions:
- Auth: `Authorization: Bearer flr_pat_...`, only the sandbox's token; else 401.
- Errors: `{success: false, error: <code>, message}`.
- The upload's Content-Type comes from the file name's extension (`.mp4` -> video/mp4, ...);
  another extension answers 400 `unsupported_file_type` listing the accepted ones. It is signed,
  so the PUT must carry exactly the returned `headers`.
- An unknown `videoId` answers 404 `not_found`.
"""

from __future__ import annotations

from typing import Any

import attrs

from presignkit.sandbox.vendors.auth import bearer_token, same_secret
from presignkit.sandbox.vendors.base import Call, Handler, VendorStandIn, new_id, utc_now
from presignkit.sandbox.vendors.errors import ApiError, Reply, injected_fault_message, status_code_name

API_TOKEN = "flr_pat_sandbox_7d2e4f9a1b3c5e80"
VIDEO_CONTENT_TYPES = {
    "mp4": "video/mp4",
    "m4v": "video/x-m4v",
    "mov": "video/quicktime",
    "webm": "video/webm",
    "mkv": "video/x-matroska",
    "avi": "video/x-msvideo",
}
URL_LIFETIME_SECONDS = 3600  # undocumented


@attrs.define
class _Video:
    id: str
    file_name: str
    created_at: str
    details: dict[str, Any]  # what createVideo was told (s3Key, source, width, ...)
    object_key: str | None = None

    def as_json(self) -> dict[str, Any]:
        listed = {"id": self.id, "fileName": self.file_name, "createdAt": self.created_at}
        if "duration" in self.details:
            listed["duration"] = self.details["duration"]
        return listed


class FlareStandIn(VendorStandIn):
    vendor = "flare"
    mount = "/flare"
    bucket = "flare-videos"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.api_token = API_TOKEN
        self._videos: dict[str, _Video] = {}
        super().__init__(*args, **kwargs)

    def handlers(self) -> dict[str, Handler]:
        return {
            "createVideo": self._create_video,
            "presignVideoUpload": self._presign_video_upload,
            "listVideos": self._list_videos,
        }

    def credentials(self) -> dict[str, str]:
        return {"FLARE_API_TOKEN": self.api_token}

    def assets(self) -> list[str]:
        with self._lock:
            return list(self._videos)

    def _forget(self) -> None:
        self._videos.clear()

    # -- the vendor's rules --------------------------------------------------------------------

    def authenticate(self, call: Call) -> str:
        token = bearer_token(call.headers)
        if token is None:
            raise ApiError(401, "unauthorized", "Missing API key: send Authorization: Bearer flr_pat_...")
        if not token.startswith("flr_pat_") or not same_secret(token, self.api_token):
            raise ApiError(
                401, "unauthorized",
                "Invalid API key; accepted: the sandbox's flr_pat_ token (FLARE_API_TOKEN in sandbox.env())",
            )  # fmt: skip
        return "user_sandbox"

    def invalid_request(self, problems: list[str]) -> ApiError:
        return ApiError(400, "invalid_request", "; ".join(problems))

    def render_error(self, error: ApiError) -> Reply:
        body = {"success": False, "error": error.code.lower(), "message": error.message, **error.extra}
        return Reply(error.status, body, error.headers, remember=error.remember)

    def fault_error(self, status: int) -> ApiError:
        return ApiError(status, status_code_name(status).lower(), injected_fault_message(status))

    # -- operations ------------------------------------------------------------------------------

    def _create_video(self, call: Call) -> Reply:
        details = {k: v for k, v in call.body.items() if k != "fileName"}
        video = _Video(new_id("vid_"), call.body["fileName"], utc_now(), details)
        self._videos[video.id] = video
        return Reply(200, {"success": True, "video": video.as_json()})

    def _list_videos(self, call: Call) -> Reply:
        return Reply(200, {"success": True, "videos": [v.as_json() for v in self._videos.values()]})

    def _presign_video_upload(self, call: Call) -> Reply:
        video_id: str = call.body["videoId"]
        file_name: str = call.body["fileName"]
        video = self._videos.get(video_id)
        if video is None:
            raise ApiError(
                404, "not_found", f"no video {video_id!r}; create it with POST /api/video/create first"
            )
        if not file_name or any(c in file_name for c in "/\\") or not file_name.isprintable():
            raise ApiError(
                400, "invalid_file_name",
                f"fileName {file_name!r} is not a plain file name; accepted: a name such as demo.mp4",
            )  # fmt: skip
        extension = file_name.rpartition(".")[2].lower() if "." in file_name else ""
        content_type = VIDEO_CONTENT_TYPES.get(extension)
        if content_type is None:
            accepted = ", ".join(f".{ext}" for ext in VIDEO_CONTENT_TYPES)
            raise ApiError(
                400, "unsupported_file_type",
                f"cannot upload {file_name!r}: the extension is not a video type; accepted: {accepted}",
            )  # fmt: skip
        video.object_key = f"{video.id}/composite/{file_name}"
        url = self.store.presign_put(
            self.bucket, video.object_key, content_type=content_type, expires_in=URL_LIFETIME_SECONDS
        )
        return Reply(
            200,
            {
                "uploadUrl": url,
                "method": "PUT",
                "headers": {"Content-Type": content_type},
                "publicUrl": self.store.object_url(self.bucket, video.object_key),
            },
        )


STAND_IN = FlareStandIn  # what the sandbox serves for this vendor (see presignkit.vendors.registry)
