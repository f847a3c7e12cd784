"""kombu's Redis transport, mended so that losing Redis cannot make a worker exit."""

from kombu import transport as kombu_transport
from kombu.transport import redis as kombu_redis


class QoS(kombu_redis.QoS):
    """Refuses to put messages back through a connection that is already closed."""

    def restore_unacked(self, client=None) -> None:
        # When Redis goes away, Celery collects the broken connection, then closes its task
        # channel. If the channel was waiting on Redis, the collect could not close it, and the
        # late close puts its unacknowledged messages back through the closed connection: the
        # stock transport fails with an AttributeError, which Celery treats as fatal, and the
        # worker exits. A connection error is one Celery expects and recovers from.
        if client is None and self.channel.connection.client is None:
            # The messages stay in Redis, restored by kombu once the visibility timeout passes;
            # the sweeper sends their articles again from the database well before that.
            raise ConnectionError("the broker connection is closed; unacknowledged messages stay")
        super().restore_unacked(client)


class Channel(kombu_redis.Channel):
    QoS = QoS


class RedisTransport(kombu_redis.Transport):
    Channel = Channel


def use_for_redis_urls() -> None:
    """Make redis:// and rediss:// broker URLs load RedisTransport; the URLs stay as they are,
    so Celery's logs and Flower's broker page still read them."""
    for scheme in ("redis", "rediss"):
        kombu_transport.TRANSPORT_ALIASES[scheme] = f"{__name__}:RedisTransport"
        # kombu caches a class by alias the first time one is looked up.
        kombu_transport._transport_cache.pop(scheme, None)
