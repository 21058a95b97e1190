"""Billing repository and month-end jobs on SQLAlchemy 2.0.

`Session.get`, `execute`, `scalar`, `scalars` and `query(...).one()` each
send a statement. Per row of a loop that is PFL101; one statement with
`IN (...)` is the fix. `session.add` only stages an object: no round trip.
"""
from datetime import date
from decimal import Decimal
from typing import List

from sqlalchemy import ForeignKey, bindparam, create_engine, func, insert, select, update
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

engine = create_engine("postgresql+psycopg2://billing@db.internal/billing")


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    currency: Mapped[str]


class Invoice(Base):
    __tablename__ = "invoices"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    amount: Mapped[Decimal]
    due_on: Mapped[date]
    paid: Mapped[bool] = mapped_column(default=False)


class LedgerEntry(Base):
    __tablename__ = "ledger"
    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int]
    amount: Mapped[Decimal]


class InvoiceRepository:
    def __init__(self, session: Session):
        self.session = session

    def by_ids(self, invoice_ids: List[int]):
        invoices = []
        for invoice_id in invoice_ids:
            invoices.append(self.session.get(Invoice, invoice_id))  # expect: PFL101
        return invoices

    def by_ids_batched(self, invoice_ids: List[int]):
        return self.session.scalars(select(Invoice).where(Invoice.id.in_(invoice_ids))).all()  # near-miss: PFL101 one IN query, no loop

    def open_amounts(self, account_ids: List[int]):
        totals = {}
        for account_id in account_ids:
            stmt = select(func.sum(Invoice.amount)).where(Invoice.account_id == account_id, Invoice.paid.is_(False))
            totals[account_id] = self.session.scalar(stmt) or Decimal("0")  # expect: PFL101
        return totals

    def open_amounts_grouped(self, account_ids: List[int]):
        stmt = (
            select(Invoice.account_id, func.sum(Invoice.amount))
            .where(Invoice.account_id.in_(account_ids), Invoice.paid.is_(False))
            .group_by(Invoice.account_id)
        )
        return dict(self.session.execute(stmt).all())  # near-miss: PFL101 one grouped query

    def mark_paid(self, invoice_ids: List[int]):
        for invoice_id in invoice_ids:
            self.session.execute(update(Invoice).where(Invoice.id == invoice_id).values(paid=True))  # expect: PFL101
        self.session.commit()

    def mark_paid_batched(self, invoice_ids: List[int]):
        self.session.execute(update(Invoice).where(Invoice.id.in_(invoice_ids)).values(paid=True))  # near-miss: PFL101 one UPDATE ... IN
        self.session.commit()


def post_ledger(invoices):
    with Session(engine) as session:
        for invoice in invoices:
            session.add(LedgerEntry(invoice_id=invoice.id, amount=invoice.amount))  # near-miss: PFL101 session.add only stages the object
        session.commit()


def post_ledger_core(invoices):
    with Session(engine) as session:
        rows = [{"invoice_id": inv.id, "amount": inv.amount} for inv in invoices]
        session.execute(insert(LedgerEntry), rows)  # near-miss: PFL101 executemany-style bulk insert
        session.commit()


def account_names(invoices):
    with Session(engine) as session:
        return {inv.id: session.query(Account).filter_by(id=inv.account_id).one().name for inv in invoices}  # expect: PFL101


def dunning_run(today: date):
    with Session(engine) as session:
        overdue = session.scalars(select(Invoice).where(Invoice.due_on < today, Invoice.paid.is_(False))).all()
        for invoice in overdue:
            account = session.get(Account, invoice.account_id)  # expect: PFL101
            print(f"Reminder to {account.name}: {invoice.amount} {account.currency} overdue since {invoice.due_on}")


def dunning_run_joined(today: date):
    stmt = (
        select(Invoice, Account)
        .join(Account, Account.id == Invoice.account_id)
        .where(Invoice.due_on < today, Invoice.paid.is_(False))
    )
    with Session(engine) as session:
        for invoice, account in session.execute(stmt):  # near-miss: PFL101 the joined query runs once, in the loop header
            print(f"Reminder to {account.name}: {invoice.amount} {account.currency} overdue since {invoice.due_on}")


def set_currencies(currency_by_account: dict):
    with engine.connect() as conn:
        for account_id, currency in currency_by_account.items():
            conn.execute(update(Account).where(Account.id == account_id).values(currency=currency))  # expect: PFL101
        conn.commit()


def set_currencies_batched(currency_by_account: dict):
    rows = [{"aid": account_id, "cur": currency} for account_id, currency in currency_by_account.items()]
    stmt = update(Account).where(Account.id == bindparam("aid")).values(currency=bindparam("cur"))
    with engine.connect() as conn:
        conn.execute(stmt, rows)  # near-miss: PFL101 one executemany with all parameter sets
        conn.commit()


def currency_report(invoices):
    with Session(engine) as session:
        base = session.scalar(select(Account.currency).where(Account.id == 1))  # near-miss: PFL101 once, before the loop
        for invoice in invoices:
            invoice.note = f"billed in {base}"
