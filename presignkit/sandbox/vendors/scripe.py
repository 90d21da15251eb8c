"""Scripe stand-in: `POST /v1/uploads` -> PUT (single-use URL, size cap enforced by the store)
-> `POST /v1/sources {type: file, uploadId}` -> job polled at `GET /v1/jobs/{id}`.

Decisions where the docs are silent:
- Caps (decimal megabytes, as the docs write "MB"): audio/* and video/* 500 MB, image/* 25 MB,
  application/pdf 100 MB, text/plain 25 MB, Word documents (application/msword and the Office
  Open XML types) 100 MB like PDF. Other types, or `maxSizeBytes` over the cap: 422
  `unprocessable`. The store enforces `maxSizeBytes` (or the cap) and single use.
- `Scripe-Api-Version`: 2026-08-01 (also the rolling default when omitted) and 2026-05-01, which
  is answered with a `Scripe-Deprecation` header; anything else: 400 `version_unsupported` with
  `details.accepted`.
- Jobs are deterministic: created QUEUED, each `GET /v1/jobs/{id}` advances one state (RUNNING,
  then DONE with `result.sourceId`); `wait_for_completion_ms` > 0 jumps to the end.
- A file source whose bytes never arrived (nothing PUT before `POST /sources`) is accepted, and
  its job ends FAILED with errorCode `upload_missing`, as an asynchronous worker would find it.
  An uploadId this workspace never minted answers 422 `unprocessable` at once.
- Idempotency-Key on POSTs: scoped to (workspace, operation), body compared as canonical JSON;
  a replay carries `Idempotent-Replayed: true`, a first run `false`; the same key with another
  body answers 409 `idempotency_key_conflict`; a malformed key is ignored.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
from starlette.datastructures import Headers

from presignkit.sandbox.vendors.auth import bearer_token, same_secret
from presignkit.sandbox.vendors.base import Call, Handler, VendorStandIn, new_id, utc_now
from presignkit.sandbox.vendors.errors import ApiError, Reply, injected_fault_message, status_code_name
from presignkit.sandbox.vendors.idempotency import fingerprint, replay_or_run

API_KEY = "scripe_sk_test_sandbox_3b8f1d6a0c2e4f57"
CURRENT_VERSION = "2026-08-01"
DEPRECATED_VERSION = "2026-05-01"
ACCEPTED_VERSIONS = (CURRENT_VERSION, DEPRECATED_VERSION)
DEPRECATION_NOTICE = f"{DEPRECATED_VERSION}; sunset=2026-11-01; replacement={CURRENT_VERSION}"
MB = 1_000_000
FAMILY_CAPS = {"audio/": 500 * MB, "video/": 500 * MB, "image/": 25 * MB}
TYPE_CAPS = {
    "application/pdf": 100 * MB,
    "text/plain": 25 * MB,
    "application/msword": 100 * MB,
}
OOXML_PREFIX = "application/vnd.openxmlformats-officedocument."
ACCEPTED_TYPES_TEXT = (
    "audio/*, video/*, image/*, application/pdf, application/msword, "
    "application/vnd.openxmlformats-officedocument.*, text/plain"
)
MAX_REQUEST_BODY = 256 * 1024
URL_LIFETIME_SECONDS = 3600  # undocumented
DOCS_URL = "https://docs.scripe.io/api/v1/errors#"
_KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_WORKSPACE = "ws_sandbox"


def size_cap(content_type: str) -> int | None:
    """The most bytes Scripe accepts for a content type; None: the type is not accepted."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type in TYPE_CAPS:
        return TYPE_CAPS[media_type]
    if media_type.startswith(OOXML_PREFIX):
        return TYPE_CAPS["application/msword"]
    for family, cap in FAMILY_CAPS.items():
        if media_type.startswith(family) and len(media_type) > len(family):
            return cap
    return None


@attrs.define
class _Upload:
    id: str
    content_type: str
    max_size: int
    object_key: str


@attrs.define
class _Job:
    id: str
    upload: _Upload
    name: str | None
    project_id: str | None
    upload_arrived: bool  # decided when the source was created: the worker's view of the bytes
    created_at: str
    status: str = "QUEUED"
    started_at: str | None = None
    completed_at: str | None = None
    updated_at: str = ""
    source_id: str | None = None

    def as_json(self) -> dict[str, Any]:
        failed = self.status == "FAILED"
        return {
            "id": self.id,
            "type": "SOURCE_INGEST_FILE",
            "status": self.status,
            "projectId": self.project_id,
            "startedAt": self.started_at,
            "completedAt": self.completed_at,
            "progress": {"progress": 0.5, "updatedAt": self.updated_at, "message": "transcribing"}
            if self.status == "RUNNING"
            else None,
            "result": {"sourceId": self.source_id} if self.source_id else None,
            "errorCode": "upload_missing" if failed else None,
            "errorMessage": (
                f"no bytes were PUT to the upload URL of {self.upload.id} before the source was created"
                if failed
                else None
            ),
            "attemptCount": 0 if self.status == "QUEUED" else 1,
            "estimatedCompletionMs": 2000 if self.status in ("QUEUED", "RUNNING") else None,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at or self.created_at,
        }


class ScripeStandIn(VendorStandIn):
    vendor = "scripe"
    mount = "/scripe/v1"
    bucket = "scripe-uploads"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.api_key = API_KEY
        self._uploads: dict[str, _Upload] = {}
        self._jobs: dict[str, _Job] = {}
        self._sources: dict[str, dict[str, Any]] = {}
        super().__init__(*args, **kwargs)

    def handlers(self) -> dict[str, Handler]:
        return {
            "createUpload": self._create_upload,
            "createSource": self._create_source,
            "getSource": self._get_source,
            "getJob": self._get_job,
        }

    def credentials(self) -> dict[str, str]:
        return {"SCRIPE_API_KEY": self.api_key}

    def assets(self) -> list[str]:
        with self._lock:
            return list(self._uploads)

    def jobs(self) -> list[str]:
        with self._lock:
            return list(self._jobs)

    def _forget(self) -> None:
        self._uploads.clear()
        self._jobs.clear()
        self._sources.clear()

    # -- the vendor's rules --------------------------------------------------------------------

    def authenticate(self, call: Call) -> str:
        token = bearer_token(call.headers)
        if token is None:
            raise ApiError(401, "unauthorized", "missing API key: send Authorization: Bearer scripe_sk_...")
        if not token.startswith(("scripe_sk_live_", "scripe_sk_test_")) or not same_secret(
            token, self.api_key
        ):
            raise ApiError(
                401, "unauthorized",
                "invalid API key; accepted: the sandbox's scripe_sk_test_ key "
                "(SCRIPE_API_KEY in sandbox.env())",
            )  # fmt: skip
        return _WORKSPACE

    def before_validation(self, call: Call) -> Call:
        version = call.headers.get("scripe-api-version")
        if version is not None and version not in ACCEPTED_VERSIONS:
            raise ApiError(
                400, "version_unsupported",
                f"Scripe-Api-Version {version!r} is not supported; accepted: {', '.join(ACCEPTED_VERSIONS)}",
                extra={"accepted": list(ACCEPTED_VERSIONS)},
            )  # fmt: skip
        if len(call.raw_body) > MAX_REQUEST_BODY:
            raise ApiError(
                413, "payload_too_large",
                f"the request body is {len(call.raw_body)} bytes; accepted: at most {MAX_REQUEST_BODY}",
            )  # fmt: skip
        key = call.headers.get("idempotency-key")
        if key is not None and not _KEY_PATTERN.match(key):
            # Documented: a malformed key is silently ignored (the spec's pattern would refuse it).
            kept = [(k, v) for k, v in call.headers.raw if k.lower() != b"idempotency-key"]
            return attrs.evolve(call, headers=Headers(raw=kept))
        return call

    def invalid_request(self, problems: list[str]) -> ApiError:
        return ApiError(400, "invalid_request", "; ".join(problems), extra={"problems": problems})

    def render_error(self, error: ApiError) -> Reply:
        envelope: dict[str, Any] = {
            "code": error.code,
            "message": error.message,
            "request_id": new_id("req_"),
            "docs_url": DOCS_URL + error.code,
        }
        if error.extra:
            envelope["details"] = error.extra
        return Reply(error.status, {"error": envelope}, error.headers, remember=error.remember)

    def fault_error(self, status: int) -> ApiError:
        return ApiError(status, status_code_name(status).lower(), injected_fault_message(status))

    def run(self, call: Call, handler: Handler) -> Reply:
        return self._idempotent(call, handler).with_headers(*self._version_headers(call))

    def _version_headers(self, call: Call) -> tuple[tuple[str, str], ...]:
        version = call.headers.get("scripe-api-version") or CURRENT_VERSION
        if version == DEPRECATED_VERSION:
            return (("scripe-deprecation", DEPRECATION_NOTICE),)
        return ()

    def _idempotent(self, call: Call, handler: Handler) -> Reply:
        key = call.headers.get("idempotency-key")
        if call.method != "POST" or key is None:
            return handler(call)
        return replay_or_run(
            self.idempotency,
            (call.principal, call.operation_id, key),  # keys are scoped to (workspace, route)
            fingerprint(call.body),  # SHA-256 of the canonical JSON body, as documented
            lambda: self.reply_to(call, handler),
            conflict=lambda: ApiError(
                409,
                "idempotency_key_conflict",
                f"Idempotency-Key {key!r} was used in the last 24 h with a different body; "
                "send a new key for a new request",
            ),
            replay_header="idempotent-replayed",
            mark_first_run=True,
        )

    # -- operations ------------------------------------------------------------------------------

    def _create_upload(self, call: Call) -> Reply:
        content_type: str = call.body["contentType"]
        cap = size_cap(content_type)
        if cap is None:
            raise ApiError(
                422,
                "unprocessable",
                f"contentType {content_type!r} is not accepted; accepted: {ACCEPTED_TYPES_TEXT}",
            )
        requested: int | None = call.body.get("maxSizeBytes")
        if requested is not None and requested > cap:
            raise ApiError(
                422, "unprocessable",
                f"maxSizeBytes {requested} is over the cap for {content_type}; accepted: at most {cap}",
                extra={"maxSizeBytes": cap},
            )  # fmt: skip
        upload_id = new_id(f"upl_{call.principal}_")
        upload = _Upload(upload_id, content_type, requested or cap, f"{call.principal}/{upload_id}")
        self.store.expect(self.bucket, upload.object_key, max_size=upload.max_size, single_use=True)
        url = self.store.presign_put(
            self.bucket, upload.object_key, content_type=content_type, expires_in=URL_LIFETIME_SECONDS
        )
        self._uploads[upload.id] = upload
        expires_at = datetime.now(UTC) + timedelta(seconds=URL_LIFETIME_SECONDS)
        data = {
            "id": upload.id,
            "uploadUrl": url,
            "contentType": content_type,
            "maxSizeBytes": upload.max_size,
            "expiresAt": expires_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        return Reply(200, {"data": data})

    def _create_source(self, call: Call) -> Reply:
        body = call.body
        if body["type"] == "text":
            source = self._new_source(body.get("name"), None, body.get("projectId"), body["text"])
            source["status"] = "Success"  # the sources prose: text sources are stored at once
            return Reply(200, {"data": source})
        upload = self._uploads.get(body["uploadId"])
        if upload is None:
            raise ApiError(
                422, "unprocessable",
                f"uploadId {body['uploadId']!r} is not an upload of this workspace; "
                "create one with POST /v1/uploads",
            )  # fmt: skip
        now = utc_now()
        job = _Job(
            id=new_id("job_"),
            upload=upload,
            name=body.get("name"),
            project_id=body.get("projectId"),
            upload_arrived=self.stored_object(upload.object_key) is not None,
            created_at=now,
        )
        self._jobs[job.id] = job
        return Reply(200, {"data": job.as_json()})

    def _get_job(self, call: Call) -> Reply:
        job = self._jobs.get(call.path_params["jobId"])
        if job is None:
            raise ApiError(404, "not_found", f"no job {call.path_params['jobId']!r} in this workspace")
        wait = int(call.query.get("wait_for_completion_ms") or 0)
        self._advance(job, to_the_end=wait > 0)
        return Reply(200, {"data": job.as_json()})

    def _get_source(self, call: Call) -> Reply:
        source = self._sources.get(call.path_params["sourceId"])
        if source is None:
            raise ApiError(404, "not_found", f"no source {call.path_params['sourceId']!r} in this workspace")
        return Reply(200, {"data": source})

    def _advance(self, job: _Job, *, to_the_end: bool) -> None:
        while job.status in ("QUEUED", "RUNNING"):
            now = utc_now()
            job.updated_at = now
            if job.status == "QUEUED":
                job.status = "RUNNING"
                job.started_at = now
            elif job.upload_arrived:
                job.status = "DONE"
                job.completed_at = now
                source = self._new_source(job.name, job.upload.content_type, job.project_id, "")
                job.source_id = source["id"]
            else:
                job.status = "FAILED"
                job.completed_at = now
            if not to_the_end:
                return

    def _new_source(
        self, name: str | None, file_type: str | None, project_id: str | None, text: str
    ) -> dict[str, Any]:
        now = utc_now()
        source: dict[str, Any] = {
            "id": new_id("src_"),
            "projectId": project_id or "proj_sandbox_default",
            "status": "Done",
            "name": name,
            "fileType": file_type,
            "durationSeconds": None,
            "createdAt": now,
            "updatedAt": now,
            "textPreview": text[:2000],
            "textPreviewTruncated": len(text) > 2000,
            "hasFullText": bool(text),
        }
        self._sources[source["id"]] = source
        return source


STAND_IN = ScripeStandIn  # what the sandbox serves for this vendor (see presignkit.vendors.registry)
