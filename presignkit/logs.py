"""Keep presigned-URL signatures out of logs, including httpx's own.

httpx logs every request at INFO as `HTTP Request: PUT <full URL> ...`; for a presigned URL the
full URL is a write credential. The first Uploader installs a filter on the "httpx" logger that
redacts signing query values in those records (and only those values); records are otherwise
untouched.
"""

from __future__ import annotations

import logging

from presignkit.redact import redact_url

_installed = False


class RedactPresignedUrls(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(redact_url(str(a)) if _looks_like_url(a) else a for a in record.args)
        return True


def _looks_like_url(value: object) -> bool:
    text = str(value) if type(value).__name__ == "URL" or isinstance(value, str) else ""
    return "?" in text and "://" in text


def redact_httpx_logs() -> None:
    global _installed
    if not _installed:
        logging.getLogger("httpx").addFilter(RedactPresignedUrls())
        _installed = True
