"""The ballot box as a process: token, one count per poll, keys on its own disk."""

import json
import stat
import urllib.error
import urllib.request

import nacl.public
import pytest

from ballotbox import protocol
from ballotbox.testing import BoxProcess


@pytest.fixture
def box(tmp_path):
    process = BoxProcess(tmp_path / "box").start()
    yield process
    process.kill()


def call(box, method, path, body=None, token=None):
    request = urllib.request.Request(  # noqa: S310 - the test's own box
        box.url + path,
        data=json.dumps(body).encode() if body is not None else None,
        method=method,
        headers={"Authorization": f"Bearer {token or box.token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def main_key(box):
    return call(box, "GET", "/main-key")[1]["public_key"]


def sealed(public_key, text):
    box = nacl.public.SealedBox(nacl.public.PublicKey(protocol.unb64(public_key)))
    return protocol.b64(box.encrypt(text.encode()))


def open_poll(box, poll="7-abc"):
    status, signed = call(box, "POST", f"/polls/{poll}/key", {})
    assert status == 200
    return protocol.verify(
        signed["document"], signed["signature"], main_key(box), protocol.POLL_KEY_KIND
    )["public_key"]


def test_a_wrong_token_is_refused(box):
    assert call(box, "GET", "/main-key", token="wrong")[0] == 401
    assert call(box, "POST", "/polls/1-a/key", {}, token="wrong")[0] == 401


def test_keys_live_on_the_box_s_disk_readable_by_it_alone(box):
    open_poll(box, "3-x")
    for path in [box.folder / "main.key", box.folder / "polls" / "3-x.key"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(box.folder.stat().st_mode) == 0o700


def test_the_poll_key_is_the_same_after_a_restart(box):
    first = open_poll(box)
    key = main_key(box)
    box.kill()
    box.start()
    assert open_poll(box) == first
    assert main_key(box) == key


def test_a_count_is_shuffled_signed_once_and_the_key_destroyed(box):
    public = open_poll(box)
    texts = [json.dumps({"n": n}) for n in range(30)]
    ciphertexts = [sealed(public, t) for t in texts] + ["bm90IGEgYmFsbG90"]
    status, signed = call(box, "POST", "/polls/7-abc/count", {"ciphertexts": ciphertexts})
    assert status == 200
    count = protocol.verify(
        signed["document"], signed["signature"], main_key(box), protocol.COUNT_KIND
    )
    assert sorted(p for p in count["plaintexts"] if p) == sorted(texts)
    assert count["plaintexts"].count(None) == 1
    assert count["plaintexts"][:30] != texts  # shuffled (1 in 30! to fail by chance)
    assert count["ciphertexts_sha256"] == protocol.ciphertexts_digest(ciphertexts)
    assert not (box.folder / "polls" / "7-abc.key").exists()
    # The same ballots again (the app's transaction failed after the answer): same answer.
    again = call(box, "POST", "/polls/7-abc/count", {"ciphertexts": ciphertexts[::-1]})
    assert again == (200, signed)
    # Other ballots: refused, and no key can be made for the poll again.
    assert call(box, "POST", "/polls/7-abc/count", {"ciphertexts": ciphertexts[:3]})[0] == 409
    assert call(box, "POST", "/polls/7-abc/key", {})[0] == 409


def test_a_poll_without_a_key_cannot_be_counted(box):
    status, body = call(box, "POST", "/polls/9-zz/count", {"ciphertexts": []})
    assert (status, body["error"]) == (410, "key_gone")


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/polls/..%2Fmain/key", {}),
        ("/polls/a b/key", {}),
        ("/polls/7-abc/count", {"ciphertexts": "x"}),
        ("/polls/7-abc/count", {"ciphertexts": [1, 2]}),
        ("/polls/7-abc/count", [1]),
    ],
)
def test_hostile_requests_are_refused(box, path, body):
    open_poll(box)
    status, answer = call(box, "POST", path.replace(" ", "%20"), body)
    assert status in (400, 404) and "error" in answer
    assert (box.folder / "polls" / "7-abc.key").exists()


def test_a_forged_signature_does_not_verify(box):
    open_poll(box)
    _, signed = call(box, "POST", "/polls/7-abc/count", {"ciphertexts": []})
    tampered = signed["document"].replace('"ballots":0', '"ballots":1')
    with pytest.raises(protocol.NotAuthentic):
        protocol.verify(tampered, signed["signature"], main_key(box), protocol.COUNT_KIND)


def test_a_bad_content_length_is_refused(box):
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", box.port, timeout=10)
    connection.putrequest("POST", "/polls/1-a/key")
    connection.putheader("Content-Length", "abc")
    connection.putheader("Authorization", f"Bearer {box.token}")
    connection.endheaders()
    assert connection.getresponse().status == 400
    connection.close()
    assert not (box.folder / "polls" / "1-a.key").exists()


def test_the_box_never_imports_django():
    import subprocess
    import sys

    from ballotbox.testing import ROOT

    code = (
        "import sys, ballotbox.__main__, ballotbox.server, ballotbox.vault, ballotbox.recount;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'voting')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_the_status_says_whether_the_poll_s_key_is_there(box):
    def status(poll):
        return call(box, "GET", f"/polls/{poll}/status")

    assert status("9-a") == (200, {"poll": "9-a", "status": "key_gone"})  # never made
    public = open_poll(box, "9-a")
    assert status("9-a") == (200, {"poll": "9-a", "status": "key_present"})
    (box.folder / "polls" / "9-a.key").unlink()  # lost on the box's disk while open
    assert status("9-a")[1]["status"] == "key_gone"
    open_poll(box, "9-b")
    ballot = sealed(open_poll(box, "9-b"), "{}")
    assert call(box, "POST", "/polls/9-b/count", {"ciphertexts": [ballot]})[0] == 200
    assert status("9-b")[1]["status"] == "counted"
    assert public
    # Token-authenticated like the other routes; a bad poll id is refused, not a 500.
    assert call(box, "GET", "/polls/9-a/status", token="wrong")[0] == 401
    assert status("bad%20id")[0] == 400
