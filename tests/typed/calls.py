"""One documented call per vendor through its typed client, sync or async: a create (the kind of
request the retry rules are about) with the models each vendor's spec declares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio
from presignkit_flare.api.videos import create_video
from presignkit_flare.models import CreateVideoRequest
from presignkit_loops.api.uploads import create_upload as loops_create_upload
from presignkit_loops.models import CreateUploadRequest as LoopsCreateUpload
from presignkit_loops.models import CreateUploadRequestContentType
from presignkit_scripe.api.uploads import create_upload as scripe_create_upload
from presignkit_scripe.models import CreateUploadRequest as ScripeCreateUpload
from presignkit_streamloop.api.uploads import create_upload as streamloop_create_upload
from presignkit_streamloop.models import CreateUploadRequest as StreamloopCreateUpload
from presignkit_streamloop.models import CreateUploadRequestType

VENDORS = ("streamloop", "loops", "flare", "scripe")
MODES = ("sync", "async")

# The sandbox's fault route for each call, and the status a successful create answers.
CREATE_ROUTE = {
    "streamloop": "streamloop.createUpload",
    "loops": "loops.createUpload",
    "flare": "flare.createVideo",
    "scripe": "scripe.createUpload",
}
CREATED_STATUS = {"streamloop": 201, "loops": 200, "flare": 200, "scripe": 200}


def _create(vendor: str) -> tuple[Any, dict[str, Any]]:
    """The operation module and its keyword arguments (without `client`)."""
    if vendor == "streamloop":
        body: Any = StreamloopCreateUpload(
            mime_type="video/mp4", name="clip.mp4", type_=CreateUploadRequestType.VIDEO
        )
        return streamloop_create_upload, {"body": body}
    if vendor == "loops":
        body = LoopsCreateUpload(content_type=CreateUploadRequestContentType.PNG, content_length=1024)
        return loops_create_upload, {"body": body}
    if vendor == "flare":
        return create_video, {"body": CreateVideoRequest(file_name="demo.mp4")}
    if vendor == "scripe":
        body = ScripeCreateUpload(content_type="audio/mpeg", max_size_bytes=1000)
        return scripe_create_upload, {"body": body}
    raise AssertionError(vendor)


def call_create(vendor: str, mode: str, client: Any) -> Any:
    """The vendor's create through `client` (`sync_detailed`, or `asyncio_detailed` under anyio)."""
    operation, arguments = _create(vendor)
    if mode == "sync":
        return operation.sync_detailed(client=client, **arguments)

    async def run() -> Any:
        async with client:
            return await operation.asyncio_detailed(client=client, **arguments)

    return anyio.run(run)


def build(settings: Any, mode: str, **options: Any) -> Any:
    """`settings.client(...)` or `settings.async_client(...)`."""
    factory: Callable[..., Any] = settings.client if mode == "sync" else settings.async_client
    return factory(**options)
