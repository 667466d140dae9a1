"""The demo's VAPID key is made by the first page that needs it: a page rendered while another
process is still writing it must never read half a key (it gave 500s on a fresh install)."""

from py_vapid import Vapid02

from notifications import push


def test_a_page_rendered_while_the_key_is_written_reads_a_whole_key(
    settings, tmp_path, monkeypatch
):
    settings.VAPID_PRIVATE_KEY_FILE = ""
    settings.VAR_DIR = tmp_path
    real_save = Vapid02.save_key
    seen_meanwhile = []
    writers = []

    def save_slowly(self, filename):
        writers.append(filename)
        if len(writers) > 1:  # the second writer: no pause
            return real_save(self, filename)
        real_save(self, filename)
        with open(filename, "rb") as written:
            whole = written.read()
        with open(filename, "wb") as half:  # the first writer is halfway through its file
            half.write(whole[: len(whole) // 2])
        # Meanwhile another process renders its first page.
        seen_meanwhile.append(Vapid02.from_file(str(push._key_file())))
        with open(filename, "wb") as rest:
            rest.write(whole)

    monkeypatch.setattr(Vapid02, "save_key", save_slowly)
    path = push._key_file()
    after = Vapid02.from_file(str(path))
    # Both ended with one and the same key: the one that reached its place first.
    assert seen_meanwhile[0].public_key.public_numbers() == after.public_key.public_numbers()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
