"""Imported once by the forkserver the server's workers are forked from: it
loads the language model and the bundled clause library there, so every
worker (and every replacement of a worker that died) starts with them
loaded, sharing the memory, and no request ever waits for a model load."""
try:
    from keiyaku_lint import api as _api

    _api.warm_up()
except BaseException:  # noqa: BLE001 - the workers load it themselves, or report E306 per file
    pass
