"""Which addresses are refused, how names are vetted, and that connections go where vetted."""

import ipaddress

import httpcore
import pytest

from meetwire.settings import Settings
from tests.support.http import LocalServer, Response
from worker.pipeline.netguard import (
    BlockedAddress,
    Guard,
    GuardedBackend,
    deadline,
    refusal_reason,
    vet,
)


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),  # cloud metadata
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "private"),  # reserved 240/4; Python lists it among the private ranges
        ("100.64.0.1", "non-public"),  # carrier-grade NAT
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("ff02::1", "multicast"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped IPv6
        ("::ffff:169.254.169.254", "link-local"),
        ("::ffff:10.0.0.1", "private"),
        ("2002:7f00:1::", "loopback"),  # 6to4 wrapping 127.0.0.1
        ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64 wrapping 169.254.169.254
    ],
)
def test_non_public_addresses_are_refused(address: str, reason: str) -> None:
    assert refusal_reason(ipaddress.ip_address(address)) == reason


@pytest.mark.parametrize("address", ["8.8.8.8", "203.119.25.1", "2606:4700:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert refusal_reason(ipaddress.ip_address(address)) is None


def test_names_are_vetted_by_what_they_resolve_to() -> None:
    with pytest.raises(BlockedAddress) as caught:
        vet("localhost", 80, Guard())
    assert caught.value.reason == "loopback"
    assert "localhost (" in str(caught.value)  # the name and the address it resolved to
    assert vet("localhost", 80, Guard(allow_private=True))
    assert vet("localhost", 80, Guard(allowlist=frozenset({"localhost"})))
    assert vet("localhost", 80, Guard(allowlist=frozenset({"localhost:80"})))
    with pytest.raises(BlockedAddress):
        vet("localhost", 81, Guard(allowlist=frozenset({"localhost:80"})))


def test_guard_from_settings_and_environment(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("MEETWIRE_PRIVATE_NETWORK_ALLOWLIST", '["Mirror.Local:8080", " "]')
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}")
    guard = Guard.from_settings(settings)
    assert guard == Guard(allow_private=False, allowlist=frozenset({"mirror.local:8080"}))
    assert guard.exempt("mirror.local", 8080) and not guard.exempt("mirror.local", 80)


def test_backend_connects_to_the_vetted_address_only() -> None:
    with LocalServer() as server:
        server.routes["/"] = Response(b"ok")
        port = server.httpd.server_address[1]
        with pytest.raises(BlockedAddress):
            GuardedBackend(Guard()).connect_tcp("localhost", port)
        stream = GuardedBackend(Guard(allowlist=frozenset({"localhost"}))).connect_tcp(
            "localhost", port, timeout=2
        )
        try:
            assert stream.get_extra_info("server_addr")[:2] in (
                ("127.0.0.1", port),
                ("::1", port),
            )
        finally:
            stream.close()


def test_deadline_bounds_a_read_that_would_wait_longer() -> None:
    with LocalServer() as server:  # accepts the connection, never answers an empty request
        port = server.httpd.server_address[1]
        stream = GuardedBackend(Guard(allow_private=True)).connect_tcp("127.0.0.1", port)
        try:
            with deadline(0.2), pytest.raises(httpcore.ReadTimeout):
                stream.read(1024, timeout=5)
            with deadline(0), pytest.raises(httpcore.ReadTimeout):
                stream.read(1024, timeout=5)
        finally:
            stream.close()
