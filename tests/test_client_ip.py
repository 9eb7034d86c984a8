"""Who a client is: behind proxy ranges, and for IPv6 by the /64 network it was given."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client, RequestFactory, override_settings

from core.client_ip import client_ip

ROOT = Path(__file__).resolve().parent.parent
STATUS = "/bekymring/status/"
PROXY_RANGES = ["10.0.0.0/8", "fd00::/8"]


def seen(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def parsed_ranges():
    from core.client_ip import trusted_proxies

    return trusted_proxies(PROXY_RANGES)


@pytest.mark.parametrize("configured", ["strings", "parsed"])
def test_proxies_may_be_given_as_ranges(configured):
    proxies = PROXY_RANGES if configured == "strings" else parsed_ranges()
    with override_settings(TRUSTED_PROXIES=proxies):
        assert seen("10.1.2.3", "198.51.100.1, 203.0.113.7, 10.4.5.6") == "203.0.113.7"
        assert seen("fd12::1", "2001:db8::5") == "2001:db8::5"
        # Only our own proxies are believed: a client cannot name itself someone else.
        assert seen("192.0.2.1", "203.0.113.7") == "192.0.2.1"
        # Everything in the chain ours: the nearest address is all we know.
        assert seen("10.1.2.3", "10.9.9.9") == "10.1.2.3"
        assert seen("10.1.2.3") == "10.1.2.3"


def test_single_addresses_still_work():
    with override_settings(TRUSTED_PROXIES=["127.0.0.1", "::1"]):
        assert seen("127.0.0.1", "203.0.113.7") == "203.0.113.7"
        assert seen("::1", "203.0.113.8") == "203.0.113.8"
        assert seen("127.0.0.2", "203.0.113.7") == "127.0.0.2"


def test_trusted_proxies_are_parsed_once_into_networks():
    from core.client_ip import trusted_proxies

    networks = trusted_proxies([" 10.0.0.0/8", "192.0.2.1", "fd00::/8 "])
    assert [str(network) for network in networks] == ["10.0.0.0/8", "192.0.2.1/32", "fd00::/8"]


@pytest.mark.parametrize("entry", ["10.0.0.300", "10.0.0.1/8", "proxy.example.org", "fd00::/129"])
def test_a_malformed_proxy_entry_is_refused_naming_the_variable(entry):
    from django.core.exceptions import ImproperlyConfigured

    from core.client_ip import trusted_proxies

    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES") as error:
        trusted_proxies(["10.0.0.0/8", entry])
    assert repr(entry) in str(error.value)


def test_a_malformed_proxy_entry_stops_the_start():
    script = "import slt_portal.settings as s; print(s.TRUSTED_PROXIES)"
    env = {**os.environ, "TRUSTED_PROXIES": "10.0.0.0/8, 10.0.0.l"}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: TRUSTED_PROXIES must list IP addresses" in result.stderr
    assert "'10.0.0.l'" in result.stderr


def test_addresses_are_compared_in_their_canonical_form():
    with override_settings(TRUSTED_PROXIES=["2001:db8::1"]):
        assert seen("2001:DB8:0::1", "203.0.113.7") == "203.0.113.7"
    assert seen("::ffff:192.0.2.1") == "192.0.2.1"


@pytest.mark.parametrize(
    ("address", "client"),
    [
        ("192.0.2.1", "192.0.2.1"),
        ("::ffff:192.0.2.1", "192.0.2.1"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2::9", "2001:db8:1:2::/64"),
        ("2001:db8:1:3::9", "2001:db8:1:3::/64"),
    ],
)
def test_ipv6_clients_are_their_64_network(address, client):
    from core.client_ip import client_network

    assert client_network(RequestFactory().get("/", REMOTE_ADDR=address)) == client
    with override_settings(TRUSTED_PROXIES=PROXY_RANGES):
        request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=address)
        assert client_network(request) == client


@pytest.mark.django_db
@override_settings(STATUS_LOOKUPS_PER_HOUR=2)
def test_addresses_of_one_ipv6_network_share_a_limit():
    lookup = {"reference": "SLT-2026-0001", "code": "AAAA-AAAA-AAAA"}
    for address in ["2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:fffe"]:
        assert Client(REMOTE_ADDR=address).post(STATUS, lookup).status_code == 200
    assert Client(REMOTE_ADDR="2001:db8:1:2::abcd").post(STATUS, lookup).status_code == 429
    lookup["reference"] = "SLT-2026-0002"
    assert Client(REMOTE_ADDR="2001:db8:1:3::1").post(STATUS, lookup).status_code == 200


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=PROXY_RANGES)
def test_login_failures_are_counted_against_the_client_behind_a_proxy_range():
    """django-axes asks the same function (AXES_CLIENT_IP_CALLABLE) whom to lock out."""
    from axes.models import AccessAttempt

    User.objects.create_user("saksbehandler", password="Korrekt-hest-batteri-9", is_staff=True)
    response = Client().post(
        "/admin/login/?next=/admin/",
        {"username": "saksbehandler", "password": "feil"},
        REMOTE_ADDR="10.20.30.40",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert response.status_code == 200
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.7"]
