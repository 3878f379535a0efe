"""A partner's customers and their deposits and withdrawals."""

from __future__ import annotations

from decimal import Decimal

from litestar import Controller, get, patch, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from adapters.http.controllers.common import (
    PARTNER_DATA_READERS,
    PARTNER_ONLY,
    Cursor,
    Limit,
    OptionalIdempotencyKey,
    page_request,
)
from adapters.http.schemas import (
    CustomerIn,
    CustomerOut,
    CustomerPatchIn,
    Identifier,
    PageOut,
    PaymentIn,
    PaymentOut,
)
from application.use_cases.betting_queries import GetCustomer, GetRequest, ListCustomers, ListRequest
from application.use_cases.register_customer import (
    RecordPayment,
    RecordPaymentRequest,
    RegisterCustomer,
    RegisterCustomerRequest,
)
from application.use_cases.update_customer import UpdateCustomer, UpdateCustomerRequest
from domain.access import Principal
from domain.customers import TransactionKind


class CustomerController(Controller):
    path = "/v1/customers"
    tags = ["customers"]  # noqa: RUF012

    @post("", guards=PARTNER_ONLY, summary="Register a customer")
    async def register(
        self,
        data: JSONBody[CustomerIn],
        principal: NamedDependency[Principal],
        register_customer: NamedDependency[RegisterCustomer],
        idempotency_key: OptionalIdempotencyKey = None,
    ) -> CustomerOut:
        request = RegisterCustomerRequest(
            principal,
            data.jurisdiction,
            data.date_of_birth,
            data.identity_verified,
            data.self_excluded_until,
            idempotency_key,
        )
        return CustomerOut.of(await register_customer.execute(request))

    @get("/{customer_id:str}", guards=PARTNER_DATA_READERS, summary="One customer")
    async def get_one(
        self,
        customer_id: Identifier,
        principal: NamedDependency[Principal],
        get_customer: NamedDependency[GetCustomer],
    ) -> CustomerOut:
        return CustomerOut.of(await get_customer.execute(GetRequest(principal, customer_id)))

    @patch(
        "/{customer_id:str}",
        guards=PARTNER_ONLY,
        summary="Change a customer's compliance state",
        description="self_excluded_until, cool_off_until, identity_verified, deposit_limits; fields left out "
        "stay as they are. Each change is an audit-log entry (who, when, old, new).",
    )
    async def change(
        self,
        customer_id: Identifier,
        data: JSONBody[CustomerPatchIn],
        principal: NamedDependency[Principal],
        update_customer: NamedDependency[UpdateCustomer],
    ) -> CustomerOut:
        request = UpdateCustomerRequest(principal, customer_id, data.change())
        return CustomerOut.of(await update_customer.execute(request))

    @get("", guards=PARTNER_DATA_READERS, summary="Customers")
    async def list_all(
        self,
        principal: NamedDependency[Principal],
        list_customers: NamedDependency[ListCustomers],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PageOut[CustomerOut]:
        page = await list_customers.execute(ListRequest(principal, page_request(limit, cursor)))
        return PageOut(items=[CustomerOut.of(c) for c in page.items], next_cursor=page.next_cursor)

    @post(
        "/{customer_id:str}/payments",
        guards=PARTNER_ONLY,
        summary="Record a deposit or a withdrawal",
        description="A deposit is decided by the compliance policy (422 policy-denied with the decision's "
        "reasons and id when refused). With an Idempotency-Key a retry records once.",
    )
    async def record_payment(
        self,
        customer_id: Identifier,
        data: JSONBody[PaymentIn],
        principal: NamedDependency[Principal],
        record_payment: NamedDependency[RecordPayment],
        idempotency_key: OptionalIdempotencyKey = None,
    ) -> PaymentOut:
        request = RecordPaymentRequest(
            principal, customer_id, TransactionKind(data.kind), Decimal(data.amount), idempotency_key
        )
        return PaymentOut.of(await record_payment.execute(request))
