"""The Redis transport when Redis goes away mid-task: closing the worker's channels afterwards
raises only connection errors, which Celery recovers from, not the stock transport's
AttributeError, which made a worker exit."""

from pathlib import Path

import pytest
from kombu import Connection, Consumer, Exchange, Producer, Queue
from kombu.common import ignore_errors

from tests.support.services import RedisServer
from worker.broker import RedisTransport, use_for_redis_urls

pytestmark = pytest.mark.redis

STOCK = "kombu.transport.redis:Transport"
QUEUE = Queue("articles", Exchange("articles"), "articles")


@pytest.fixture
def server(tmp_path: Path):
    running = RedisServer(tmp_path)
    running.start()
    yield running
    running.kill()


def lose_redis_mid_task(server: RedisServer, transport: str | None = None):
    """A worker's state when Redis dies: one message delivered and not acknowledged, the
    channel waiting on Redis for the next; then the broken connection is collected, as Celery's
    consumer does on the loss. Returns the connection and the channel."""
    connection = Connection(server.url, transport=transport)
    with Producer(connection) as producer:
        producer.publish({"article": 1}, routing_key=QUEUE.name, declare=[QUEUE])
    channel = connection.channel()
    delivered = []
    consumer = Consumer(channel, [QUEUE], callbacks=[lambda _body, m: delivered.append(m)])
    consumer.qos(prefetch_count=2)  # a worker of two processes: it asks for a second task
    consumer.consume()
    connection.drain_events(timeout=5)
    assert len(delivered) == 1
    with pytest.raises(TimeoutError):
        connection.drain_events(timeout=0.2)  # nothing more: the channel is left waiting
    server.kill()
    connection.collect(socket_timeout=0.5)
    return connection, channel


def test_redis_urls_load_the_mended_transport() -> None:
    use_for_redis_urls()
    connection = Connection("redis://127.0.0.1:6379/0")
    assert connection.transport_cls == "redis"  # the URL, logs and Flower's page are unchanged
    assert isinstance(connection.transport, RedisTransport)
    assert connection.as_uri().startswith("redis://")


def test_closing_a_channel_after_losing_redis_raises_a_connection_error(server) -> None:
    use_for_redis_urls()
    connection, channel = lose_redis_mid_task(server)
    assert not channel.closed  # the collect could not close it
    with pytest.raises(ConnectionError, match="connection is closed"):
        channel.close()
    assert channel.closed
    ignore_errors(connection, channel.close)  # as Celery closes it: nothing escapes


def test_the_stock_transport_still_fails_there(server) -> None:
    # The failure the mend is for: if kombu fixes it, this fails and the mend can go.
    _connection, channel = lose_redis_mid_task(server, transport=STOCK)
    assert not channel.closed
    with pytest.raises(AttributeError, match="hostname"):
        channel.close()
