"""Why a release step refused or failed; each message says what was wrong and what is accepted."""

from __future__ import annotations


class ReleaseError(Exception):
    """A release step could not go on; nothing was uploaded, committed or tagged unless it says so."""


class GitFailed(ReleaseError):
    """A git command failed (unknown ref, no repository, no committer identity...)."""


class NothingToRelease(ReleaseError):
    """The specs and the public Python API are unchanged since the base ref."""


class DirtyTree(ReleaseError):
    """Uncommitted changes would ship in the package without being in the tagged commit."""


class CredentialsMissing(ReleaseError):
    """The index URL or its credentials are not set in the environment."""


class ArtefactInvalid(ReleaseError):
    """The built sdist or wheel is incomplete, carries files it must not, or does not import."""


class UploadFailed(ReleaseError):
    """The package index refused the upload."""


class PublishedButNotRecorded(ReleaseError):
    """The upload succeeded but committing or tagging failed: the files are left as released."""
