"""`python -m council.serve [daphne's options] council.asgi:application`: Daphne, bounded.

Every option of the `daphne` command works the same; only the HTTP request handling differs
(council/bounded_http.py). Used by the Procfile (`make run`) and deploy/daphne@.service.
"""

from council.bounded_http import BoundedCommandLineInterface

if __name__ == "__main__":
    BoundedCommandLineInterface.entrypoint()
