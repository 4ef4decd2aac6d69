"""A webhook receiver for the suite, and the mock told to send `https://hooks.example.com` there.
The `activitysmith_mock` and `activitysmith_client` fixtures come from the activitysmith-mock
package's pytest plugin."""
import http.server
import json
import threading

import pytest


class Receiver(http.server.ThreadingHTTPServer):
    def __init__(self):
        self.received = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                outer.received.append((self.path, json.loads(body) if body else None))
                self.send_response(201)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()


@pytest.fixture(scope="session")
def receiver():
    server = Receiver()
    yield server
    server.shutdown()


@pytest.fixture(scope="session")
def activitysmith_mock_args(receiver):
    return ["--webhook-route", f"https://hooks.example.com=http://127.0.0.1:{receiver.server_address[1]}"]
