from enum import StrEnum


class JobStatus(StrEnum):
    CANCELLED = "CANCELLED"
    DONE = "DONE"
    FAILED = "FAILED"
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"

    def __str__(self) -> str:
        return str(self.value)
