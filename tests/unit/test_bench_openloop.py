"""The bench's open-loop caster: one keep-alive connection, answers read whole, taps on time."""

import asyncio
import time

from bench.ballots import Ballot
from bench.openloop import Connection, sealer, tap

ANSWERS = [
    b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nsec\r\n3\r\nond\r\n0\r\n\r\n",
    b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\nConnection: close\r\n\r\noops",
]


async def serve(answers: list[bytes], seen: list[bytes], connections: list[int]):
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(1)
        while answers:
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0])
            seen.append(head + await reader.readexactly(length))
            answer = answers.pop(0)
            writer.write(answer)
            await writer.drain()
            if b"Connection: close" in answer:
                break
        writer.close()

    return await asyncio.start_server(handle, "127.0.0.1", 0)


def test_one_connection_carries_requests_until_the_server_closes_it():
    async def scenario() -> None:
        seen: list[bytes] = []
        connections: list[int] = []
        server = await serve(list(ANSWERS), seen, connections)
        port = server.sockets[0].getsockname()[1]
        connection = Connection(f"http://127.0.0.1:{port}")
        results = [await connection.post("/p/", b"a=1", {"X": "y"}) for _ in range(3)]
        assert results == [(200, b"first"), (200, b"second"), (500, b"oops")]
        assert len(connections) == 1
        assert connection.writer is None  # closed after "Connection: close"
        assert all(b"Connection: keep-alive" in r and r.endswith(b"a=1") for r in seen)
        server.close()

    asyncio.run(scenario())


def test_a_tap_without_an_answer_is_sent_again_with_the_same_submission_id():
    async def scenario() -> None:
        seen: list[bytes] = []
        server = await serve(
            [b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"], seen, connections=[]
        )
        port = server.sockets[0].getsockname()[1]
        dead = Connection("http://127.0.0.1:1")  # nothing listens: refused
        alive = Connection(f"http://127.0.0.1:{port}")
        ballot = Ballot({"sessionid": "s", "csrftoken": "t"}, 7, "sub-1", [])
        outcome, seal_ms = await tap(ballot, [dead, alive], 3, time.perf_counter(), None)
        assert outcome.confirmed and outcome.attempts == 2
        assert b"submission_id=sub-1" in seen[0] and b"choice=7" in seen[0]
        assert b"POST /voting/polls/3/ballot/" in seen[0] and seal_ms == 0
        alive.close()
        server.close()
        await server.wait_closed()

    asyncio.run(scenario())


def test_a_sealed_ballot_opens_with_the_polls_private_key_to_the_choice():
    import json

    import nacl.public

    from ballotbox import protocol

    private = nacl.public.PrivateKey.generate()
    seal = sealer(protocol.b64(bytes(private.public_key)))
    assert seal is not None
    opened = json.loads(nacl.public.SealedBox(private).decrypt(protocol.unb64(seal(42))))
    assert opened["choices"] == {"42": "x"} and len(opened["token"]) >= 16
