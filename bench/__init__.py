"""Fan-out benchmarks against the raw-broadcast floor (`make bench`, i.e. `python -m bench`).

The pieces are reused by tests/integration: `infra` (throwaway database, private Redis,
Daphne subprocesses), `tablets` (WebSocket tablets with real session cookies), `http`
(the chair's devices over HTTP).
"""
