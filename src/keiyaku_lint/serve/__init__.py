"""``keiyaku-lint serve``: the local web app and HTTP API.

    commands/serve.py   the command: binds the port, starts the workers, runs uvicorn
    app.py              routes (API and pages) on Starlette; nothing re-implements
                        loading, analysis or reporting
    pool.py             the warm, supervised worker processes (batch.Pool, forkserver)
    jobs.py             what the workers run: api.check_file, the annotated copy,
                        generate + self-check, the result view's text and outline
    uploads.py          multipart bodies streamed into a private folder, with limits
    security.py         host check, token, cross-site refusal, CSRF, CSP and headers
    store.py            the page's checks, in memory, per browser session
    forms.py            the generate form from a template's schema; 和暦 dates
    openapi.py          the API's OpenAPI 3.1 description
    templates/, static/ the pages (Jinja2) and their one script and style sheet

Error codes of the server are E6xx (``errors.CATALOGUE``).
"""
