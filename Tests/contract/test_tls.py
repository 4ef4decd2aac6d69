"""HTTPS beside the plain port (--tls-port): the generated CA, kept with the database; the
production name served to a client that trusts it, over TLS 1.2 and 1.3; own certificates."""
import hashlib
import http.client
import json
import os
import ssl
import stat

import pytest

from mockproc import DEFAULT_KEY, start_mock, stop_mock


def tls_mock(tmp_path, *args, db=None):
    mock = start_mock("--tls-port", "0", "--db", str(db or tmp_path / "mock.sqlite"), *args)
    line = mock.process.stdout.readline().strip()
    assert line.startswith("https://127.0.0.1:"), line
    mock.tls_port = int(line.rsplit(":", 1)[1])
    return mock


def fetch(mock, path, key=None):
    status, body, headers = mock.raw("GET", path, key=key)
    return status, body


def ca_pem(mock):
    import urllib.request
    with urllib.request.urlopen(mock.base_url + "/_mock/tls/ca.pem") as response:
        assert response.headers["Content-Type"] == "application/x-pem-file"
        return response.read().decode()


def https(mock, method, path, body=None, cafile=None, version=None, name="activitysmith.com"):
    context = ssl.create_default_context(cafile=cafile) if cafile else ssl.create_default_context()
    context.set_alpn_protocols(["h2", "http/1.1"])
    if version:
        context.minimum_version = context.maximum_version = version
    connection = http.client.HTTPSConnection("127.0.0.1", mock.tls_port, context=context, timeout=5)
    # Connect to the loopback address but verify the certificate for `name`, as a client whose
    # hosts file sends `name` to the mock would.
    connection.sock = context.wrap_socket(__import__("socket").create_connection(("127.0.0.1", mock.tls_port), 5),
                                          server_hostname=name)
    connection.request(method, path, body=json.dumps(body) if body is not None else None,
                       headers={"Authorization": f"Bearer {DEFAULT_KEY}", "Content-Type": "application/json"})
    response = connection.getresponse()
    result = response.status, json.loads(response.read()), connection.sock.version(), connection.sock.selected_alpn_protocol()
    connection.close()
    return result


def test_the_docs_update_over_tls_12_and_13_for_the_production_name(tmp_path):
    mock = tls_mock(tmp_path)
    try:
        cafile = tmp_path / "ca.pem"
        cafile.write_text(ca_pem(mock))
        update = {"activity_id": "pLAr-Hnq9ZFW4sxlk43Lhbuok4GLh7UW", "content_state": {
            "title": "Nightly database backup", "subtitle": "upload archive", "number_of_steps": 3, "current_step": 2}}
        for version, name in [(ssl.TLSVersion.TLSv1_2, "TLSv1.2"), (ssl.TLSVersion.TLSv1_3, "TLSv1.3")]:
            status, body, negotiated, alpn = https(mock, "POST", "/api/live-activity/update", update, cafile=str(cafile), version=version)
            assert (status, body["devices_notified"], negotiated, alpn) == (200, 2, name, "http/1.1")
        for name in ["www.activitysmith.com", "localhost", "127.0.0.1"]:
            assert https(mock, "GET", "/_mock/health", cafile=str(cafile), name=name)[0] == 200
        # The same state on both ports: the journal (read over plain HTTP) has the TLS calls.
        assert fetch(mock, "/_mock/requests?path=/live-activity/update")[1]["requests"][0]["status"] == 200
    finally:
        stop_mock(mock)


def test_a_client_without_the_ca_is_refused(tmp_path):
    mock = tls_mock(tmp_path)
    try:
        with pytest.raises(ssl.SSLCertVerificationError):
            https(mock, "GET", "/_mock/health")
    finally:
        stop_mock(mock)


def test_the_ca_is_kept_with_the_database_across_restarts_and_resets(tmp_path):
    first = tls_mock(tmp_path)
    try:
        pem = ca_pem(first)
        health = fetch(first, "/_mock/health")[1]["tls"]
        assert health["url"] == f"https://127.0.0.1:{first.tls_port}"
        der = ssl.PEM_cert_to_DER_cert(pem)
        assert health["ca_sha256"] == ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())
        assert first.raw("POST", "/_mock/reset", {}, key=None)[0] == 200
        assert ca_pem(first) == pem
    finally:
        stop_mock(first)
    key = tmp_path / "mock.sqlite.tls" / "ca-key.pem"
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600, "the CA's key is private"
    assert stat.S_IMODE(os.stat(tmp_path / "mock.sqlite.tls").st_mode) == 0o700
    second = tls_mock(tmp_path)
    try:
        assert ca_pem(second) == pem, "the same database, the same CA"
    finally:
        stop_mock(second)
    other = tls_mock(tmp_path, db=tmp_path / "other.sqlite")
    try:
        assert ca_pem(other) != pem, "another database, another CA"
    finally:
        stop_mock(other)


def test_the_private_key_is_never_served_or_logged(tmp_path):
    mock = tls_mock(tmp_path)
    try:
        key = (tmp_path / "mock.sqlite.tls" / "ca-key.pem").read_text()
        assert "PRIVATE KEY" in key
        import urllib.request
        for path in ["/_mock/tls/ca.pem", "/_mock/health", "/openapi.json", "/_mock/fixtures", "/_mock/ui"]:
            with urllib.request.urlopen(mock.base_url + path) as response:
                text = response.read().decode()
            assert "PRIVATE KEY" not in text and key.splitlines()[1] not in text, path
    finally:
        stop_mock(mock)
        assert "PRIVATE KEY" not in mock.process.stdout.read() + mock.process.stderr.read()


def test_the_ca_route_is_behind_the_admin_token(tmp_path):
    mock = tls_mock(tmp_path, "--admin-token", "admin-secret-1")
    try:
        assert mock.raw("GET", "/_mock/tls/ca.pem", key=None)[0] == 401
        status, body, headers = mock.raw("GET", "/_mock/health", key="admin-secret-1")
        assert status == 200 and body["tls"]["ca_pem"] == "/_mock/tls/ca.pem"
    finally:
        stop_mock(mock)


def test_ones_own_certificate_and_key(tmp_path):
    generated = tls_mock(tmp_path)
    stop_mock(generated)
    directory = tmp_path / "mock.sqlite.tls"
    mock = tls_mock(tmp_path, "--tls-cert", str(directory / "ca.pem"), "--tls-key", str(directory / "ca-key.pem"),
                    db=tmp_path / "own.sqlite")
    try:
        context = ssl.create_default_context(cafile=str(directory / "ca.pem"))
        context.check_hostname = False  # the CA certificate has no names: only which one is served matters
        with context.wrap_socket(__import__("socket").create_connection(("127.0.0.1", mock.tls_port), 5)) as sock:
            served = sock.getpeercert(binary_form=True)
        assert served == ssl.PEM_cert_to_DER_cert((directory / "ca.pem").read_text())
        status, body, _ = mock.raw("GET", "/_mock/tls/ca.pem", key=None)
        assert status == 404 and "--tls-cert" in body["message"]
        assert not (tmp_path / "own.sqlite.tls").exists(), "no CA is made when one brings a certificate"
    finally:
        stop_mock(mock)


def test_bad_tls_options_are_refused_at_start(tmp_path):
    import subprocess
    from mockproc import BINARY
    for args, message in [(["--tls-cert", "x.pem"], "--tls-cert and --tls-key go together"),
                          (["--tls-port", "0", "--tls-cert", str(tmp_path / "none.pem"), "--tls-key", str(tmp_path / "none.pem")],
                           "cannot set up HTTPS: cannot read --tls-cert"),
                          (["--tls-name", "a b", "--tls-port", "0"], "--tls-name must be a host name or an IP address")]:
        done = subprocess.run([BINARY, "--port", "0", "--db", ":memory:", *args], capture_output=True, text=True, timeout=10)
        assert done.returncode == 2 and message in done.stderr, done.stderr
