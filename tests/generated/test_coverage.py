"""The operation table against the effective specs: a vendor, operation, documented status or
oneOf body variant without a row fails here, and so does a row the spec does not back."""

from __future__ import annotations

from typing import Any

import pytest

from generator.layout import VENDORS as GENERATED_VENDORS
from tests.generated import effective_specs
from tests.generated.cases.all_vendors import ENDPOINTS, VENDORS
from tests.generated.table import AnyEndpoint, Vendor


def test_every_generated_vendor_has_a_table() -> None:
    assert [vendor.name for vendor in VENDORS] == list(GENERATED_VENDORS)


@pytest.mark.parametrize("vendor", GENERATED_VENDORS)
def test_every_operation_and_documented_status_is_tested(vendor: str) -> None:
    tested: dict[str, set[int]] = {}
    for endpoint in ENDPOINTS:
        if endpoint.vendor.name == vendor:
            statuses = tested.setdefault(endpoint.operation_id, set())
            statuses.update({endpoint.success.status, *endpoint.error_statuses})

    declared = {op.operation_id: set(op.statuses) for op in effective_specs.operations(vendor).values()}
    assert tested == declared


@pytest.mark.parametrize("vendor", GENERATED_VENDORS)
def test_every_request_body_variant_is_tested(vendor: str) -> None:
    tested: dict[str, set[str]] = {}
    for endpoint in ENDPOINTS:
        if endpoint.vendor.name == vendor:
            tested.setdefault(endpoint.operation_id, set()).add(endpoint.variant)

    declared = {op.operation_id: set(op.body_variants) for op in effective_specs.operations(vendor).values()}
    assert tested == declared


@pytest.mark.parametrize("vendor", VENDORS, ids=lambda vendor: vendor.name)
def test_server_prefix_is_the_spec_server_path(vendor: Vendor[Any]) -> None:
    assert vendor.server_prefix == effective_specs.server_prefix(vendor.name)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda endpoint: endpoint.test_id)
def test_expected_request_matches_the_spec(endpoint: AnyEndpoint) -> None:
    operation = effective_specs.operations(endpoint.vendor.name)[endpoint.operation_id]
    assert endpoint.request.method == operation.method
    assert operation.path_pattern(endpoint.vendor.server_prefix).fullmatch(endpoint.request.path), (
        f"{endpoint.request.path} is not {endpoint.vendor.server_prefix}{operation.path}"
    )
