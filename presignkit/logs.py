"""Keep presigned-URL signatures and keys out of logs, including httpx's own.

httpx logs every request at INFO as `HTTP Request: PUT <full URL> ...`; for a presigned URL the
full URL is a write credential. The first Uploader installs a filter on the "httpx" logger that
redacts signing query values in those records (and only those values), and a filter on the
"presignkit" and "httpx" loggers that scrubs every form of the keys this process was given
(`presignkit.redact.known_secrets`) from the formatted message.
"""

from __future__ import annotations

import logging

from presignkit.redact import known_secrets, redact_text, redact_url

_installed = False


class RedactPresignedUrls(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(redact_url(str(a)) if _looks_like_url(a) else a for a in record.args)
        return True


class RedactSecrets(logging.Filter):
    """Scrubs keys from the formatted message; a record without one is left as it was."""

    def filter(self, record: logging.LogRecord) -> bool:
        secrets = known_secrets()
        if secrets:
            message = record.getMessage()
            scrubbed = redact_text(message, secrets)
            if scrubbed != message:
                record.msg, record.args = scrubbed, ()
            if record.exc_info and not record.exc_text:
                # A chained httpx error quotes the refused header: scrub the traceback text too.
                record.exc_text = redact_text(logging.Formatter().formatException(record.exc_info), secrets)
        return True


def _looks_like_url(value: object) -> bool:
    text = str(value) if type(value).__name__ == "URL" or isinstance(value, str) else ""
    return "?" in text and "://" in text


def redact_httpx_logs() -> None:
    global _installed
    if not _installed:
        logging.getLogger("httpx").addFilter(RedactPresignedUrls())
        for name in ("presignkit", "httpx"):
            logging.getLogger(name).addFilter(RedactSecrets())
        _installed = True
