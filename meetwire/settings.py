"""Every tunable number of meetwire, in one place, each with the reason for its value."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Configuration read from the environment (prefix ``MEETWIRE_``) and an optional ``.env``."""

    model_config = SettingsConfigDict(env_prefix="MEETWIRE_", env_file=".env", extra="ignore")

    # The embedded default: one SQLite file beside where the command runs, no services needed.
    database_url: str = "sqlite:///meetwire.db"
    # Empty means "no broker": the CLI runs the pipeline in-process and politeness is in-memory.
    broker_url: str = ""
    # Celery results are not needed by the pipeline (the database is the truth); Flower reads
    # task state from events, so results stay off unless a deployment asks for them.
    result_backend: str = ""
    # One queue for all tasks; tests use their own name so parallel runs never share work.
    queue_name: str = "meetwire"

    user_agent: str = "meetwire/0.1 (+https://github.com/meetwire/meetwire; research crawler)"
    # Publisher sites answer within a few seconds when healthy; a longer wait only ties up a worker.
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    # Hard ceiling on one request, body included, so a trickling server cannot hold a worker.
    total_timeout: float = 60.0
    # The largest fixture page is ~110 kB; 10 MB leaves room without inviting abuse.
    max_body_bytes: int = 10_000_000
    max_redirects: int = 5
    # Off by default so a feed entry cannot make a worker reach Redis or cloud metadata services.
    allow_private_networks: bool = False
    # Seconds between two requests to one host, shared by all workers; 0 turns politeness off.
    host_delay: float = 2.0
    # A robots.txt is re-read daily; sites change it rarely and reading it per request is rude.
    robots_cache_seconds: int = 86_400
    # Off only for local experiments: publishers' robots.txt is part of being a good citizen.
    robots_enabled: bool = True
    # A robots.txt that answered 5xx or timed out is retried soon, not trusted for a day.
    robots_error_cache_seconds: int = 600
    # Crawl-delay is obeyed up to this; a site asking for an hour would starve its own feed.
    max_crawl_delay: float = 60.0
    # Hosts ("intranet" or "intranet:8080", JSON list in the environment) exempt from the private
    # network refusal, for a deliberate in-house mirror without opening every private address.
    private_network_allowlist: list[str] = []
    # A worker sleeps at most this long for its turn at a host; a longer wait (a long Retry-After,
    # a crowded host) gives the task back to be retried later instead of holding the worker.
    max_throttle_wait: float = 30.0

    # Imported by `meetwire run` when the database has no sources yet, so a fresh clone has work;
    # unset means the defaults shipped inside the package (scheduler/default_sources.yaml).
    sources_file: Path | None = None

    # Fifteen minutes matches how often Xinhua and China Daily refresh their section pages.
    default_interval_seconds: int = 900
    # Failing sources back off exponentially up to six hours, so a dead feed costs little.
    max_backoff_seconds: int = 6 * 3600
    # How often beat's single tick looks for due sources and stranded articles.
    tick_seconds: float = 30.0
    # An article left pending this long is assumed to have lost its queue message and is re-sent.
    requeue_after_seconds: int = 600
    # A worker holds an article this long while it processes it, so a re-sent message does not
    # start a second fetch; a worker that died frees it when the time is up.
    article_lease_seconds: int = 600
    # Transient fetch failures are retried this many times before the article is marked failed.
    max_attempts: int = 4
    # First retry after up to 2 s (full jitter), doubling; five minutes at most, so a flapping
    # site is retried within the same poll interval rather than the next one.
    retry_base_seconds: float = 2.0
    retry_cap_seconds: float = 300.0

    # Estimated Jaccard at which two bodies count as the same story (about 0.8 per the issue).
    near_duplicate_threshold: float = 0.8
    minhash_permutations: int = 128

    # Directory for raw responses (for `meetwire reprocess`); empty keeps them in the DB.
    raw_dir: str = ""

    # --- Faults and month-long runs ---
    # A dropped database connection, a serialization failure or a restarting server is retried
    # with backoff (1 s doubling to 60 s, full jitter); eight tries span a few minutes, about as
    # long as a PostgreSQL restart or failover. After that the article is left pending for the
    # sweeper, never marked failed.
    db_retry_max: int = 8
    db_retry_base_seconds: float = 1.0
    db_retry_cap_seconds: float = 60.0
    # An article task does one fetch (total_timeout 60 s, plus up to max_throttle_wait 30 s for
    # its turn at the host), extraction and deduplication (well under a second on a normal page):
    # a soft limit of 5 minutes is triple the worst honest case; the hard limit gives the soft
    # one 30 s to record the failure before the child process is killed.
    article_task_soft_seconds: int = 300
    article_task_hard_seconds: int = 330
    # A poll may read a feed and several child sitemaps; it must end before its source's claim
    # (scheduler.sources.CLAIM_SECONDS, 600 s) runs out, or a second poll could start.
    poll_task_soft_seconds: int = 540
    poll_task_hard_seconds: int = 570
    # Redis re-delivers a message not acknowledged within this time. It must outlast every task,
    # lease and retry countdown (Retry-After is at most max_backoff_seconds, 6 h): a shorter one
    # would run a waiting retry twice. Twelve hours; the sweeper, not Redis, recovers articles
    # of a worker that died (after article_lease_seconds + requeue_after_seconds).
    broker_visibility_timeout: int = 12 * 3600
    # trafilatura and lxml grow a worker child by a few MB per thousand pages: children are
    # replaced after 500 tasks, or as soon as one ends above 500 MB resident (in KiB, as Celery
    # counts), so a month-long run keeps a flat memory profile.
    worker_max_tasks_per_child: int = 500
    worker_max_memory_per_child_kb: int = 500_000

    # --- Hostile servers and bad input: every limit a server cannot talk us out of ---
    # A server's Retry-After is obeyed up to the source backoff cap (six hours): a longer one
    # (999999999 s parks a host until 2058) is a mistake or an attack, and a host's throttle
    # never outlives it.
    max_retry_after_seconds: float = Field(default=6 * 3600, gt=0)
    # RFC 9309 asks crawlers to read at least 500 KiB of a robots.txt; what follows is ignored.
    robots_max_bytes: int = Field(default=512 * 1024, ge=500 * 1024)
    # New articles one poll records; the rest (newest first) on the next poll, so a feed of
    # 200,000 items cannot flood the queue in one go.
    max_entries_per_poll: int = Field(default=500, ge=1)
    # Entries read from one poll's documents (the sitemap protocol's limit for one file);
    # beyond it a poll stops parsing, so a tree of fat sitemaps stays in bounded memory.
    max_entries_read_per_poll: int = Field(default=50_000, ge=1)
    # A whole poll (robots.txt, the document, child sitemaps, politeness waits) ends within
    # this, well inside the 600 s claim, so no second poller can start while it still runs.
    poll_deadline_seconds: float = Field(default=300.0, gt=0, lt=600)
    # A response slower than this on average (after the grace below) is cut off: one byte a
    # second would otherwise hold a worker for the whole-request timeout on every attempt.
    min_transfer_rate: float = Field(default=1024.0, ge=0)
    # Free time before the rate counts: connecting plus a slow first byte from a busy server.
    transfer_grace_seconds: float = Field(default=15.0, ge=0)
    # A host that timed out or dripped is left alone this long (every worker), not retried
    # at once.
    slow_host_retry_seconds: float = Field(default=120.0, ge=0)
    # Hosts `meetwire run` polls at once (sources of one host stay one after another).
    poll_concurrency: int = Field(default=8, ge=1)

    @field_validator("database_url")
    @classmethod
    def _use_psycopg3(cls, value: str) -> str:
        """Accept plain postgres:// URLs and point SQLAlchemy at the psycopg 3 driver."""
        for prefix in ("postgres://", "postgresql://"):
            if value.startswith(prefix):
                return "postgresql+psycopg://" + value[len(prefix) :]
        return value

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        """Only SQLite and PostgreSQL are supported: say so at start-up, not at the first query."""
        scheme = value.split("://", 1)[0].split("+", 1)[0] if "://" in value else ""
        if scheme not in ("sqlite", "postgresql"):
            raise ValueError(
                f"unsupported database {scheme or 'URL'!r}: use sqlite:///FILE.db "
                "or postgresql://USER:PASSWORD@HOST/DB"
            )
        return value

    @model_validator(mode="after")
    def _visibility_outlasts_work(self) -> "Settings":
        """Redis must not hand a task to a second worker while the first may still run it."""
        longest = max(
            self.article_task_hard_seconds,
            self.poll_task_hard_seconds,
            self.article_lease_seconds,
            self.max_backoff_seconds,
            self.retry_cap_seconds,
        )
        if self.broker_visibility_timeout <= longest:
            raise ValueError(
                f"broker_visibility_timeout ({self.broker_visibility_timeout} s) must be longer "
                f"than the longest task, lease or retry wait ({longest} s)"
            )
        return self

    # --- Ranges: a value outside them is refused at start-up, naming the variable ---

    @field_validator("sources_file", mode="before")
    @classmethod
    def _empty_is_the_defaults(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("near_duplicate_threshold")
    @classmethod
    def _a_similarity(cls, value: float) -> float:
        if not 0 < value <= 1:
            raise ValueError("must be a similarity above 0 and at most 1, e.g. 0.8")
        return value

    @field_validator(
        "connect_timeout",
        "read_timeout",
        "total_timeout",
        "max_body_bytes",
        "tick_seconds",
        "default_interval_seconds",
        "max_attempts",
        "minhash_permutations",
        "article_lease_seconds",
        "requeue_after_seconds",
    )
    @classmethod
    def _positive(cls, value: float) -> float:
        if value <= 0:
            raise ValueError("must be greater than 0")
        return value

    @field_validator(
        "host_delay",
        "max_redirects",
        "max_crawl_delay",
        "max_throttle_wait",
        "retry_base_seconds",
        "retry_cap_seconds",
        "robots_cache_seconds",
        "robots_error_cache_seconds",
        "max_backoff_seconds",
    )
    @classmethod
    def _not_negative(cls, value: float) -> float:
        if value < 0:
            raise ValueError("must be 0 or more")
        return value

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings; tests clear the cache after changing the environment."""
    return Settings()
