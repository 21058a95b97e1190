"""Shipment records in the reporting database, through SQLAlchemy.

The sessions here are plain (sync) SQLAlchemy sessions: every method that
reaches the database is a round trip, and a blocking one.
"""
from sqlalchemy import create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

engine = create_engine("postgresql+psycopg2://shop@reporting.internal/shop_reporting", pool_pre_ping=True)


class Base(DeclarativeBase):
    pass


class Shipment(Base):
    __tablename__ = "shipments"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(index=True)
    carrier: Mapped[str]
    tracking_code: Mapped[str]
    status: Mapped[str]


class ShipmentRepository:
    def __init__(self, session: Session):
        self.session = session

    def get(self, shipment_id: int):
        return self.session.get(Shipment, shipment_id)

    def for_order(self, order_id: int):
        return self.session.scalars(select(Shipment).where(Shipment.order_id == order_id)).all()

    def for_orders(self, order_ids: list[int]):
        return self.session.scalars(select(Shipment).where(Shipment.order_id.in_(order_ids))).all()


def load_shipment(shipment_id):
    with Session(engine) as session:
        return session.get(Shipment, shipment_id)


def latest_status(order_id):
    with Session(engine) as session:
        stmt = select(Shipment.status).where(Shipment.order_id == order_id).order_by(Shipment.id.desc()).limit(1)
        return session.scalar(stmt)


def delivery_state(order_id):
    # Two levels deep: latest_status queries.
    status = latest_status(order_id)
    return "delivered" if status == "DLV" else "in transit"


def carrier_label(carrier):
    return {"dhl": "DHL Express", "ups": "UPS", "gls": "GLS"}.get(carrier, carrier.upper())
