"""A typed Python client for the service, and the `factstructure` command line.

from service.client import Client

with Client("http://127.0.0.1:8000", api_key="...") as client:
    response = client.structure({"text": "..."})
    for index, result in client.iter_results([{"text": "..."}, {"text": "..."}]):
        ...
"""

from service.client.clients import (
    ArticleResult,
    AsyncClient,
    Client,
    ServiceError,
)

__all__ = ["ArticleResult", "AsyncClient", "Client", "ServiceError"]
