"""One Xi–Putin meeting, video call or phone call, with every article that covers it."""

import datetime as dt

from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class Meeting(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    date: dt.date = Field(index=True)
    end_date: dt.date | None = None
    city: str | None = Field(default=None, max_length=100)
    country: str | None = Field(default=None, max_length=100)
    mode: str = Field(max_length=20, index=True)  # in_person | video | phone
    occasion: str | None = Field(default=None, max_length=100)
    host: str | None = Field(default=None, max_length=100)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
