from enum import StrEnum


class JobType(StrEnum):
    KB_INGEST_FILE = "KB_INGEST_FILE"
    KB_INGEST_TEXT = "KB_INGEST_TEXT"
    KB_INGEST_URL = "KB_INGEST_URL"
    KB_INGEST_YOUTUBE = "KB_INGEST_YOUTUBE"
    POST_GENERATION = "POST_GENERATION"
    SOURCE_INGEST_FILE = "SOURCE_INGEST_FILE"

    def __str__(self) -> str:
        return str(self.value)
