"""`corpus serve`: the browser interface and JSON API over an index.

Flask and Werkzeug are imported inside the command, so other commands do not load them.
"""

from __future__ import annotations

import click

from corpus.cli import cli, handle_errors, index_option

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@cli.command()
@index_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind. Anything but a loopback address exposes the corpus to the network.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0),
    default=20.0,
    show_default=True,
    metavar="SECONDS",
    help="A query running longer answers 503 (0: no limit).",
)
@handle_errors
def serve(index: str | None, host: str, port: int, time_limit: float) -> None:
    """Search, read and export the annotated corpus in a browser, with a JSON API.

    Read-only, GET only, on 127.0.0.1 by default; prints its URL when ready.

    \b
    Pages:
      /                    search: q, filters, view=kwic|groups|docs|stats, sort, offset
      /docs/ID             an article, quotations coloured by speaker (q, hit)
      /speakers, /speakers/ID
    JSON API (parameters: the long option names of the command of the same name):
      /api/kwic?q=...      {"summary": {...}, "hits": [...]}; format=csv|tsv|jsonl|tei
                           streams every hit; group-by=speaker|doc|month|year|form
      /api/search?q=...    ranked documents with snippets
      /api/export?q=...    teiCorpus of the matching documents
      /api/docs/ID         text, quotations, entities with offsets (format=tei: TEI)
      /api/speakers, /api/speakers/ID
      /api/stats/collocates|ngrams|keyness|dispersion|freq
    Errors: 400 {"error": ...} for a bad query or parameter, 404, 503 past --time-limit.
    """
    from corpus.serve.server import serve as run

    if host not in LOCAL_HOSTS:
        click.echo(
            f"Warning: binding {host}: anyone who can reach this address can read the corpus "
            "(the server has no authentication).",
            err=True,
        )

    def ready(url: str) -> None:
        click.echo(f"corpus serve: {url} (Ctrl-C to stop)", err=False)

    try:
        run(index, host, port, time_limit=time_limit or None, ready=ready)
    except OSError as exc:
        from corpus.errors import CorpusError

        raise CorpusError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    except KeyboardInterrupt:
        pass
