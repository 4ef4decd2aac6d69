"""Builds the activitysmith-mock wheel around a server binary, without a build backend: the
package's Python files, the binary at activitysmith_mock/bin/, the metadata and RECORD. The
result is tagged linux_<arch>; `auditwheel repair` then bundles the binary's libraries and makes
it manylinux.

    python3 packages/python/build_wheel.py BINARY VERSION OUT_DIR
"""
import base64
import hashlib
import os
import platform
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
NAME = "activitysmith_mock"

METADATA = """Metadata-Version: 2.1
Name: activitysmith-mock
Version: {version}
Summary: A mock ActivitySmith API server for tests, with a Python API and a pytest plugin
License: MIT
Requires-Python: >=3.8
Classifier: Framework :: Pytest
Classifier: Operating System :: POSIX :: Linux
Classifier: Topic :: Software Development :: Testing

The ActivitySmith mock server (Live Activities, push notifications, webhooks) as one install:
the `activitysmith-mock` command, `activitysmith_mock.MockServer`, and pytest fixtures
(`activitysmith_mock`, `activitysmith_client`). See docs/python.md in the repository.
"""

ENTRY_POINTS = """[console_scripts]
activitysmith-mock = activitysmith_mock._cli:main

[pytest11]
activitysmith_mock = activitysmith_mock.pytest_plugin
"""


def digest(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def main():
    binary, version, out = sys.argv[1:4]
    arch = {"amd64": "x86_64", "arm64": "aarch64"}.get(platform.machine(), platform.machine())
    tag = f"py3-none-linux_{arch}"
    info = f"{NAME}-{version}.dist-info"
    files = []
    for file in sorted(os.listdir(os.path.join(HERE, NAME))):
        if file.endswith((".py", ".typed")):
            with open(os.path.join(HERE, NAME, file), "rb") as f:
                files.append((f"{NAME}/{file}", f.read(), 0o644))
    with open(binary, "rb") as f:
        files.append((f"{NAME}/bin/activitysmith-mock", f.read(), 0o755))
    files.append((f"{info}/METADATA", METADATA.format(version=version).encode(), 0o644))
    files.append((f"{info}/WHEEL", f"Wheel-Version: 1.0\nGenerator: build_wheel.py\nRoot-Is-Purelib: false\nTag: {tag}\n".encode(), 0o644))
    files.append((f"{info}/entry_points.txt", ENTRY_POINTS.encode(), 0o644))
    record = "".join(f"{name},{digest(data)},{len(data)}\n" for name, data, _ in files) + f"{info}/RECORD,,\n"
    files.append((f"{info}/RECORD", record.encode(), 0o644))
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, f"{NAME}-{version}-{tag}.whl")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, data, mode in files:
            entry = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            entry.external_attr = (0o100000 | mode) << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(entry, data)
    print(path)


if __name__ == "__main__":
    main()
