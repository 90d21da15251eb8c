"""Derived idempotency keys: the same upload step gets the same key on a rerun, and nothing else does."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from presignkit.idempotency import DerivedKeys, derive_key, random_key, seed_from

SCRIPE_KEY = re.compile(r"^[A-Za-z0-9_-]{1,64}$")  # the strictest vendor rule (Streamloop: <= 200)
LABELS = st.sampled_from(["createUpload", "generateUploadUrl", "completeUpload", "createSource"])


@settings(max_examples=50, deadline=None)
@given(seed=st.text(min_size=1, max_size=40), labels=st.lists(LABELS, max_size=10))
def test_a_rerun_asks_for_the_same_keys(seed: str, labels: list[str]) -> None:
    first, rerun = DerivedKeys(seed), DerivedKeys(seed)
    keys = [first(label) for label in labels]
    assert keys == [rerun(label) for label in labels]
    assert len(set(keys)) == len(keys)  # a second presign in one run never replays the first
    assert all(SCRIPE_KEY.match(key) for key in keys)


@settings(max_examples=50, deadline=None)
@given(a=st.text(min_size=1, max_size=20), b=st.text(min_size=1, max_size=20), label=LABELS)
def test_other_seeds_give_other_keys(a: str, b: str, label: str) -> None:
    if a != b:
        assert derive_key(a, label) != derive_key(b, label)


def test_seed_from_parts_is_stable_and_separates_fields() -> None:
    assert seed_from("run", "/a", 1) == seed_from("run", "/a", 1)
    assert seed_from("run", "/a", 1) != seed_from("run", "/a1", "")
    assert random_key("x") != random_key("x") and SCRIPE_KEY.match(random_key("x"))
