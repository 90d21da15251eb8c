"""The parity checker's own harness, run against two sandbox stores (no LocalStack needed)."""

from __future__ import annotations

from pathlib import Path

import httpx

from presignkit.sandbox import Credentials, ObjectStore, serve
from tests.contract.s3_parity import CASES, Outcome, Target, render_table, run_cases

KEYS = Credentials("AKID", "secret")


def test_cases_get_s3s_verdicts_from_the_sandbox(tmp_path: Path) -> None:
    store = ObjectStore(tmp_path)
    with serve(store.app) as base_url, httpx.Client() as client:
        store.base_url = base_url
        target = Target("sandbox", base_url, store.credentials, store.region, "parity")
        results = run_cases(client, [target])

    verdicts = {name: outcomes[0] for name, outcomes in results.items()}
    assert list(verdicts) == list(CASES)
    assert verdicts["good PUT"] == Outcome(200, "", readback_ok=True)
    assert {name: (o.status, o.code) for name, o in verdicts.items() if name != "good PUT"} == {
        "wrong Content-Type": (403, "SignatureDoesNotMatch"),
        "expired": (403, "AccessDenied"),
        "tampered signature": (403, "SignatureDoesNotMatch"),
        "tampered path": (403, "SignatureDoesNotMatch"),
        "chunked body": (501, "NotImplemented"),
        "extra Authorization header": (400, "InvalidArgument"),
        "wrong secret": (403, "SignatureDoesNotMatch"),
        "unknown access key": (403, "InvalidAccessKeyId"),
        "Content-Length other than signed": (403, "SignatureDoesNotMatch"),
        "unsigned x-amz-* header": (403, "AccessDenied"),
        "wrong region": (400, "AuthorizationQueryParametersError"),
        "unsigned PUT": (403, "AccessDenied"),
        "signed x-amz-checksum-sha256": (200, ""),
        "signed x-amz-checksum-sha256, other bytes": (400, "BadDigest"),
        "unsigned x-amz-checksum-sha256": (403, "AccessDenied"),
    }


def test_table_flags_a_differing_verdict() -> None:
    targets = [
        Target("a", "http://a", KEYS, "us-east-1", "b"),
        Target("b", "http://b", KEYS, "us-east-1", "b"),
    ]
    table, same = render_table(targets, {"good PUT": [Outcome(200, ""), Outcome(200, "")]})
    assert same and "yes" in table
    table, same = render_table(targets, {"expired": [Outcome(403, "AccessDenied"), Outcome(200, "")]})
    assert not same
    assert table.splitlines()[2].split("|")[-1].strip() == "NO"
    _, same = render_table(targets, {"good PUT": [Outcome(200, "", True), Outcome(200, "", False)]})
    assert not same


def test_known_divergence_is_shown_but_passes() -> None:
    targets = [
        Target("a", "http://a", KEYS, "us-east-1", "b"),
        Target("b", "http://b", KEYS, "us-east-1", "b"),
    ]
    differing = {"chunked body": [Outcome(200, ""), Outcome(501, "NotImplemented")]}
    table, same = render_table(targets, differing, {"chunked body": "S3 says 501"})
    assert same
    assert "NO (known)" in table and "- chunked body: S3 says 501" in table
    table, same = render_table(
        targets, {"chunked body": [Outcome(501, ""), Outcome(501, "")]}, {"chunked body": "x"}
    )
    assert same and "now agrees; drop the entry" in table
